#!/usr/bin/env bash
# Runs the src/binary fuzz targets one after another through fuzz/run.sh.
#   fuzz/run_binary.sh [SECONDS_PER_TARGET] [TARGET...]   (default 600, fuzz_elf fuzz_fatbin)
# Inputs up to 1 MiB (FUZZ_MAX_LEN; the ELF seeds of tests/data/binary are 1-27 KiB),
# in its own build folder build/fuzz-binary.
set -euo pipefail
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_elf fuzz_fatbin)
for target in "${targets[@]}"; do
  FUZZ_BUILD=build/fuzz-binary FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-1048576} "$(dirname "$0")/run.sh" "$target" "$seconds"
done

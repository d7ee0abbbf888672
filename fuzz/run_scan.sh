#!/usr/bin/env bash
# Runs the manifest-reader fuzz targets one after another through fuzz/run.sh.
#   fuzz/run_scan.sh [SECONDS_PER_TARGET] [TARGET...]
#   (default 600 s; fuzz_requirements_txt fuzz_pyproject fuzz_shell_script)
# Inputs up to 1 MiB (FUZZ_MAX_LEN), tokens from fuzz/project/manifest.dict, the last 25
# lines of each run, in its own build folder build/fuzz-scan.
# Seeds: fuzz/project/seed.sh.
set -euo pipefail
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_requirements_txt fuzz_pyproject fuzz_shell_script)
for target in "${targets[@]}"; do
  FUZZ_BUILD=build/fuzz-scan FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-1048576} FUZZ_DICT=fuzz/project/manifest.dict FUZZ_TAIL=25 \
    "$(dirname "$0")/run.sh" "$target" "$seconds"
done

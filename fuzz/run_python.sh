#!/usr/bin/env bash
# Runs the Python-source fuzz targets one after another through fuzz/run.sh.
#   fuzz/run_python.sh [SECONDS_PER_TARGET] [TARGET...]
#   (default 600 s; fuzz_python_tokenizer fuzz_python_statements fuzz_python_setup_py)
# Inputs up to 1 MiB (FUZZ_MAX_LEN), no dictionary (manifest.dict is for the manifest readers),
# the last 25 lines of each run, in its own build folder build/fuzz-python.
# Seeds: fuzz/project/seed.sh.
set -euo pipefail
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_python_tokenizer fuzz_python_statements fuzz_python_setup_py)
for target in "${targets[@]}"; do
  FUZZ_BUILD=build/fuzz-python FUZZ_MAX_LEN=${FUZZ_MAX_LEN:-1048576} FUZZ_DICT= FUZZ_TAIL=25 "$(dirname "$0")/run.sh" "$target" "$seconds"
done

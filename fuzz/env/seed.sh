#!/usr/bin/env bash
# Seeds the corpus of a fuzz/env target: fuzz/env/seed.sh TARGET CORPUS
# (fuzz/run.sh calls it from the repository root; files already there stay).
#   fuzz_dist_files     the small files of tests/data/env's site folders and
#                       saved machine outputs, and the hostile RECORD / METADATA
#   fuzz_env_file       the saved environments of tests/data/env/saved and the
#                       hostile deeply nested JSON
#   fuzz_machine_files  os-release, /proc and nvidia-smi outputs of
#                       tests/data/env/nvidia, joined with NUL bytes in the
#                       order the target cuts them
set -euo pipefail
target="${1:?usage: fuzz/env/seed.sh TARGET CORPUS}"
corpus="${2:?usage: fuzz/env/seed.sh TARGET CORPUS}"
hostile_dir=$(mktemp -d)
trap 'rm -rf "$hostile_dir"' EXIT

case "$target" in
  fuzz_dist_files)
    find tests/data/env -type f -size -64k \( -name METADATA -o -name RECORD -o -name PKG-INFO -o -name '*.txt' \
      -o -name '*.json' -o -name pyvenv.cfg -o -name '*.csv' \) | sort |
      while read -r f; do cp -n "$f" "$corpus/$(echo "$f" | tr '/' '_')"; done
    python3 tests/data/hostile/make_hostile.py "$hostile_dir" escapes
    cp -n "$hostile_dir"/escapes/site-packages/evil-1.0.dist-info/METADATA "$corpus/hostile_escapes_METADATA"
    python3 tests/data/hostile/make_hostile.py "$hostile_dir" record-rows
    head -c 1048576 "$hostile_dir"/record-rows/site-packages/big-1.0.dist-info/RECORD > "$corpus/hostile_record_rows"
    ;;
  fuzz_env_file)
    cp -n tests/data/env/saved/*.json "$corpus/" 2>/dev/null || true
    python3 tests/data/hostile/make_hostile.py "$hostile_dir" deep-nesting
    cp -n "$hostile_dir"/deep-nesting/json/env.json "$corpus/hostile_deep_array.json"
    cp -n "$hostile_dir"/deep-nesting/json-object/env.json "$corpus/hostile_deep_object.json"
    ;;
  fuzz_machine_files)
    n=tests/data/env/nvidia
    for os in /etc/os-release; do
      [ -f "$os" ] || continue
      { cat "$os"; printf '\0'; cat "$n/proc_version_535.txt"; printf '\0'; cat "$n/gpu_information_h100.txt"; printf '\0';
        printf '{"cuda": {"name": "CUDA SDK", "version": "12.4.1"}}'; printf '\0'; printf '#define CUDNN_MAJOR 9\n#define CUDNN_MINOR 1\n#define CUDNN_PATCHLEVEL 0\n';
        printf '\0'; cat "$n/query_gpu_h100x2.csv"; printf '\0'; cat "$n/banner_535.txt"; } > "$corpus/machine_h100"
    done
    { printf 'ID="debian"\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n\0'; cat "$n/proc_version_open_550.txt"; printf '\0\0\0\0'
      cat "$n/query_gpu_rtx4090.csv"; } > "$corpus/machine_rtx4090"
    ;;
esac

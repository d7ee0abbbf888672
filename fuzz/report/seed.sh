#!/usr/bin/env bash
# Seeds the corpus of a fuzz/report target: fuzz/report/seed.sh TARGET CORPUS
# (fuzz/run.sh calls it from the repository root; files already there stay).
#   fuzz_json_text  the JSON files under tests/data below 64 KiB (index pages,
#                   saved environments, model configs, kb research), each
#                   copied under a name of its own
set -euo pipefail
target="${1:?usage: fuzz/report/seed.sh TARGET CORPUS}"
corpus="${2:?usage: fuzz/report/seed.sh TARGET CORPUS}"
case "$target" in
  fuzz_json_text)
    find tests/data -type f -name '*.json' -size -64k | sort | while read -r file; do
      name=$(printf '%s' "$file" | tr '/' '_')
      [ -e "$corpus/$name" ] || cp "$file" "$corpus/$name"
    done
    ;;
  *) echo "fuzz/report/seed.sh: no seeds for $target" >&2 ;;
esac

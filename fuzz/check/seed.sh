#!/usr/bin/env bash
# Seeds the corpus of a fuzz/check target: fuzz/check/seed.sh TARGET CORPUS.
#   fuzz_target  --target specs as docs/rules.md and the tests write them
set -euo pipefail
target="${1:?usage: fuzz/check/seed.sh TARGET CORPUS}"
corpus="${2:?usage: fuzz/check/seed.sh TARGET CORPUS}"
case "$target" in
  fuzz_target)
    i=0
    for spec in "python=3.10,cuda=12.1,sm=86,abi=0" "python=3.11,cuda=12.4,sm=80+90,abi=1,glibc=2.31" \
                "python=3.12,cuda=13.0,sm=sm_100,abi=1,driver=580.65.06,toolkit=13.0" "python=3.9,cuda=11.8,sm=7.5,abi=0" \
                "cuda=12.1" "sm=86" "python=3.10,,cuda=" "python=3.10,cuda=12.1,sm=86,abi=0,toolkit=12.1.105"; do
      printf '%s' "$spec" > "$corpus/target_$i"
      i=$((i + 1))
    done
    ;;
esac

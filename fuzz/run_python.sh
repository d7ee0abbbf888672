#!/usr/bin/env bash
# Runs the Python-source fuzz targets (libFuzzer, clang) one after another.
#   fuzz/run_python.sh [SECONDS_PER_TARGET] [TARGET...]
#   (default 600 s; fuzz_python_tokenizer fuzz_python_statements fuzz_python_setup_py)
# Builds in build/fuzz-python (the fuzz preset, plus -fsanitize=fuzzer-no-link
# on every library so that libFuzzer sees the parsers' branches), seeds each
# corpus with the Python fixtures of tests/data/python and a slice of the
# machine's standard library, keeps the grown corpus in fuzz/corpus-out/
# (ignored by git) and crash files in fuzz/corpus-out/<target>-crashes/.
# Runs under nice -n 10: the machine is shared.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_python_tokenizer fuzz_python_statements fuzz_python_setup_py)

cd "$root"
build=build/fuzz-python
[ -f "$build/build.ninja" ] || cmake --preset fuzz -B "$build" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
nice -n 10 cmake --build "$build" --target "${targets[@]}" -j2

for target in "${targets[@]}"; do
  corpus="fuzz/corpus-out/$target"
  crashes="fuzz/corpus-out/$target-crashes"
  mkdir -p "$corpus" "$crashes"
  find tests/data/python -name '*.py' -exec cp -n {} "$corpus/" \; 2>/dev/null || true
  if [ -d /usr/lib/python3.11 ]; then
    # A fixed slice of real code (small files, so that mutations stay fast).
    find /usr/lib/python3.11 -maxdepth 1 -name '*.py' -size -24k | sort | head -60 |
      while read -r f; do cp -n "$f" "$corpus/stdlib_$(basename "$f")"; done
  fi
  echo "== $target: ${seconds}s"
  nice -n 10 "$build/fuzz/$target" "$corpus" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 | tail -25
done

#!/usr/bin/env bash
# Runs the src/binary fuzz targets (libFuzzer, clang) for a while each.
#   fuzz/run_binary.sh [SECONDS_PER_TARGET] [TARGET...]   (default 600, fuzz_elf fuzz_fatbin)
# (fuzz/run.sh TARGET SECONDS works too, with its 4 KiB input cap; the ELF
# seeds are 1-27 KiB, hence this script's 32 KiB.)
# Builds in build/fuzz-binary (the fuzz preset, plus -fsanitize=fuzzer-no-link
# on every library: fuzz/CMakeLists.txt instruments only the fuzz executables,
# which would leave libFuzzer blind to the parser's branches), seeds each corpus from the
# fixtures of tests/data/binary, keeps the grown corpus in fuzz/corpus-out/
# (ignored by git) and crash files in fuzz/corpus-out/<target>-crashes/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_elf fuzz_fatbin)

cd "$root"
build=build/fuzz-binary
[ -f "$build/build.ninja" ] || cmake --preset fuzz -B "$build" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
cmake --build "$build" --target "${targets[@]}" -j2

for target in "${targets[@]}"; do
  corpus="fuzz/corpus-out/$target"
  crashes="fuzz/corpus-out/$target-crashes"
  mkdir -p "$corpus" "$crashes"
  if [ -z "$(ls -A "$corpus")" ]; then
    fuzz/binary/make_corpus.py fuzz/corpus-out/seeds-binary
    cp -n fuzz/corpus-out/seeds-binary/"$target"/* "$corpus/" 2>/dev/null || true
  fi
  echo "== $target for ${seconds}s" >&2
  nice -n 10 "$build/fuzz/$target" -max_total_time="$seconds" -max_len=32768 -timeout=10 -dict=fuzz/binary/binary.dict \
    -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus"
done

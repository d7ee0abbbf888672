#!/usr/bin/env bash
# Runs the src/binary fuzz targets (libFuzzer, clang) for a while each.
#   fuzz/run_binary.sh [SECONDS_PER_TARGET] [TARGET...]   (default 600, fuzz_elf fuzz_fatbin)
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
  case "$target" in
    fuzz_elf) cp -n tests/data/binary/*.so "$corpus/" 2>/dev/null || true ;;
    fuzz_fatbin)
      for so in tests/data/binary/libkernels.so tests/data/binary/fatbin_*.so; do
        objcopy -O binary --only-section=.nv_fatbin "$so" "$corpus/$(basename "$so" .so).fatbin" 2>/dev/null || true
      done ;;
  esac
  echo "== $target for ${seconds}s" >&2
  nice -n 10 "$build/fuzz/$target" -max_total_time="$seconds" -max_len=32768 -timeout=10 \
    -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus"
done

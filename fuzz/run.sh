#!/usr/bin/env bash
# Runs one libFuzzer target for a while: fuzz/run.sh TARGET [SECONDS]
#   fuzz/run.sh fuzz_version 600
# Builds TARGET in build/fuzz (`cmake --preset fuzz`, plus
# -fsanitize=fuzzer-no-link on the libraries so libFuzzer sees the parsers'
# branches), seeds its corpus with fuzz/<layer>/make_corpus.py when the layer
# has one, uses fuzz/<layer>/<layer>.dict when present, keeps the grown
# corpus in fuzz/corpus-out/TARGET (ignored by git) and crash inputs in
# fuzz/corpus-out/TARGET-crashes/. Runs under nice -n 10: the machine is shared.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:?usage: fuzz/run.sh TARGET [SECONDS]}"
seconds="${2:-600}"
cd "$root"

source_file=$(ls fuzz/*/"$target".cpp 2>/dev/null | head -1)
[ -n "$source_file" ] || { echo "no fuzz/*/$target.cpp" >&2; exit 2; }
layer_dir=$(dirname "$source_file")
layer=$(basename "$layer_dir")

build=build/fuzz
flags="-fsanitize=fuzzer-no-link,address,undefined"
if ! grep -q "CMAKE_CXX_FLAGS:STRING=$flags" "$build/CMakeCache.txt" 2>/dev/null; then
  cmake --preset fuzz -DCMAKE_CXX_FLAGS="$flags" >/dev/null
fi
nice -n 10 cmake --build "$build" --target "$target" -j2

corpus="fuzz/corpus-out/$target"
crashes="fuzz/corpus-out/$target-crashes"
mkdir -p "$corpus" "$crashes"
if [ -x "$layer_dir/make_corpus.py" ] && [ -z "$(ls -A "$corpus")" ]; then
  "$layer_dir/make_corpus.py" "$root/fuzz/corpus-out/seeds-$layer" >/dev/null
  cp -n "fuzz/corpus-out/seeds-$layer/$target/"* "$corpus/" 2>/dev/null || true
fi
dict=()
[ -f "$layer_dir/$layer.dict" ] && dict=(-dict="$layer_dir/$layer.dict")

echo "== $target for ${seconds}s (corpus $corpus)" >&2
nice -n 10 "$build/fuzz/$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  "${dict[@]}" -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus"

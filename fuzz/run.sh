#!/usr/bin/env bash
# Runs one libFuzzer target for a while: fuzz/run.sh TARGET [SECONDS]
#   fuzz/run.sh fuzz_version 600
# Builds TARGET (`cmake --preset fuzz`, plus -fsanitize=fuzzer-no-link on the
# libraries so libFuzzer sees the parsers' branches), seeds its corpus from
# the layer (fuzz/<layer>/make_corpus.py into an empty corpus, or
# fuzz/<layer>/seed.sh TARGET CORPUS, which adds what is missing), uses
# fuzz/<layer>/<layer>.dict when present, keeps the grown corpus in
# fuzz/corpus-out/TARGET (ignored by git) and crash inputs in
# fuzz/corpus-out/TARGET-crashes/. Runs under nice -n 10: the machine is shared.
#
# The layer scripts (run_binary.sh, run_python.sh, run_scan.sh) call this one
# with settings from the environment:
#   FUZZ_BUILD    build folder (default build/fuzz)
#   FUZZ_MAX_LEN  longest input in bytes (default 1048576: the hostile inputs are large)
#   FUZZ_DICT     token dictionary (default the layer's; empty: none)
#   FUZZ_TAIL     keep only this many last lines of the fuzzer's output (default all)
#   FUZZ_TIMEOUT  seconds one input may take (default 10). libFuzzer times it by the wall
#                 clock, so on a machine busy with a build a niced fuzzer can be starved past
#                 it by an input that takes a fraction of a second: raise it there, and replay
#                 any timeout input alone before believing it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:?usage: fuzz/run.sh TARGET [SECONDS]}"
seconds="${2:-600}"
cd "$root"

source_file=$(ls fuzz/*/"$target".cpp 2>/dev/null | head -1)
[ -n "$source_file" ] || { echo "no fuzz/*/$target.cpp" >&2; exit 2; }
layer_dir=$(dirname "$source_file")
layer=$(basename "$layer_dir")

build="${FUZZ_BUILD:-build/fuzz}"
flags="-fsanitize=fuzzer-no-link,address,undefined"
if ! grep -q "CMAKE_CXX_FLAGS:STRING=$flags" "$build/CMakeCache.txt" 2>/dev/null; then
  cmake --preset fuzz -B "$build" -DCMAKE_CXX_FLAGS="$flags" >/dev/null
fi
nice -n 10 cmake --build "$build" --target "$target" -j2

corpus="fuzz/corpus-out/$target"
crashes="fuzz/corpus-out/$target-crashes"
mkdir -p "$corpus" "$crashes"
if [ -x "$layer_dir/make_corpus.py" ]; then
  if [ -z "$(ls -A "$corpus")" ]; then
    "$layer_dir/make_corpus.py" "$root/fuzz/corpus-out/seeds-$layer" >/dev/null
    cp -n "fuzz/corpus-out/seeds-$layer/$target/"* "$corpus/" 2>/dev/null || true
  fi
elif [ -x "$layer_dir/seed.sh" ]; then
  "$layer_dir/seed.sh" "$target" "$corpus"
fi
dict=()
if [ -n "${FUZZ_DICT+set}" ]; then
  [ -z "$FUZZ_DICT" ] || dict=(-dict="$FUZZ_DICT")
elif [ -f "$layer_dir/$layer.dict" ]; then
  dict=(-dict="$layer_dir/$layer.dict")
fi

echo "== $target for ${seconds}s (corpus $corpus)" >&2
run=(nice -n 10 "$build/fuzz/$target" -max_total_time="$seconds" -max_len="${FUZZ_MAX_LEN:-1048576}" -timeout="${FUZZ_TIMEOUT:-10}"
     -rss_limit_mb=2048 "${dict[@]}" -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus")
if [ -n "${FUZZ_TAIL:-}" ]; then
  "${run[@]}" 2>&1 | tail -n "$FUZZ_TAIL"
else
  "${run[@]}"
fi

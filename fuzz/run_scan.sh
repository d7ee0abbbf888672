#!/usr/bin/env bash
# Runs the manifest-reader fuzz targets (libFuzzer, clang) one after another.
#   fuzz/run_scan.sh [SECONDS_PER_TARGET] [TARGET...]
#   (default 600 s; fuzz_requirements_txt fuzz_pyproject fuzz_shell_script)
# Builds in build/fuzz-scan (the fuzz preset, plus -fsanitize=fuzzer-no-link
# on every library so that libFuzzer sees the readers' branches), seeds each
# corpus from the real manifests of ../shared/corpus and the fixtures of
# tests/data/projects, uses fuzz/project/manifest.dict, keeps the grown corpus
# in fuzz/corpus-out/ (ignored by git) and crash files in
# fuzz/corpus-out/<target>-crashes/. Runs under nice -n 10: the machine is shared.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_requirements_txt fuzz_pyproject fuzz_shell_script)

cd "$root"
build=build/fuzz-scan
[ -f "$build/build.ninja" ] || cmake --preset fuzz -B "$build" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" >/dev/null
nice -n 10 cmake --build "$build" --target "${targets[@]}" -j2

seed() {  # seed TARGET FIND-ARGS...: copies matching files, small ones first
  local corpus="$1"; shift
  find ../shared/corpus tests/data/projects -type f -size -16k "$@" | sort |
    while read -r f; do cp -n "$f" "$corpus/$(echo "$f" | tr '/' '_')"; done
}

for target in "${targets[@]}"; do
  corpus="fuzz/corpus-out/$target"
  crashes="fuzz/corpus-out/$target-crashes"
  mkdir -p "$corpus" "$crashes"
  case "$target" in
    fuzz_requirements_txt) seed "$corpus" \( -name '*.txt' -o -name '*.in' \) ;;
    fuzz_pyproject) seed "$corpus" \( -name 'pyproject.toml*' \) ;;
    fuzz_shell_script) seed "$corpus" \( -name '*.sh' -o -name 'Dockerfile*' -o -name '*.md' \) ;;
  esac
  echo "== $target: ${seconds}s"
  nice -n 10 "$build/fuzz/$target" "$corpus" -max_total_time="$seconds" -max_len=16384 -timeout=10 \
    -rss_limit_mb=2048 -dict=fuzz/project/manifest.dict -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 | tail -25
done

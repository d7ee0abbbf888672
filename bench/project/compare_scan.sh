#!/usr/bin/env bash
# `mlstack scan` on a generated 20,000-file tree with 500 manifests, side by
# side with `cat` of the same files (the I/O floor).
#   bench/project/compare_scan.sh BUILD_DIR [RUNS]
# BUILD_DIR holds a Release build of bench_scan and mlstack:
#   cmake -S . -B build/scan-release -G Ninja -DCMAKE_BUILD_TYPE=Release \
#     -DMLSTACK_BUILD_BENCH=ON -DMLSTACK_BUILD_TESTS=OFF
#   cmake --build build/scan-release --target bench_scan mlstack
# Answers are checked before times are reported: the scan must find every one
# of the 500 manifests the generator wrote.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:?usage: compare_scan.sh BUILD_DIR [RUNS]}"
runs="${2:-7}"
tree="${MLSTACK_SCAN_TREE:-/tmp/mlstack-scan-tree}"
cd "$root"

python3 bench/project/make_scan_tree.py "$tree"
manifests=$(cd "$tree" && find . -type f \( -name 'pyproject.toml' -o -name '*.txt' -path '*requirements*' \
  -o -name 'requirements.txt' -o -name 'constraints.txt' -o -name 'environment.yml' -o -name 'install.sh' \
  -o -name 'Dockerfile' -o -name 'README.md' \) | wc -l)
found=$("$build/bench/bench_scan" --scan-tree "$tree" 1 | sed -n 's/.* sources \([0-9]*\) .*/\1/p')
json_sources=$("$build/mlstack" scan "$tree" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["sources"]))' || true)
echo "manifests written: $manifests; found by the library: $found; by mlstack scan --format json: $json_sources"
[ "$found" = "$manifests" ] && [ "$json_sources" = "$manifests" ] || { echo "answers differ: no timing" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() {  # time_ms CMD...: median wall milliseconds over $runs runs
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
  done | median
}
cat_all() { find "$tree" -type f -print0 | xargs -0 cat >/dev/null; }
cat_manifests() {
  (cd "$tree" && find . -type f \( -name 'pyproject.toml' -o -path '*requirements*' -o -name 'constraints.txt' \
    -o -name 'environment.yml' -o -name 'install.sh' -o -name 'Dockerfile' -o -name 'README.md' \) -print0 |
    xargs -0 cat >/dev/null)
}
cat_all  # warm the page cache for everyone
echo "library scan (bench_scan --scan-tree, in-process median of $runs): $("$build/bench/bench_scan" --scan-tree "$tree" "$runs")"
echo "mlstack scan --format json > /dev/null: $(time_ms "$build/mlstack" scan "$tree" --format json) ms"
echo "mlstack scan (text) > /dev/null: $(time_ms "$build/mlstack" scan "$tree") ms"
echo "cat of all $(find "$tree" -type f | wc -l) files: $(time_ms cat_all) ms"
echo "cat of the $manifests manifests: $(time_ms cat_manifests) ms"
echo "find -type f (walk only): $(time_ms find "$tree" -type f) ms"

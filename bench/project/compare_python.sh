#!/usr/bin/env bash
# Times the Python source scanner against anchors over the same files:
#   - mlstack: bench_python_scan --scan-tree (walk, read, tokenize, imports) on 1 and 2 threads
#   - pyflakes (Debian python3-pyflakes) over the same file list
#   - cat of the same bytes (the I/O floor)
# Answers are checked first: the number of imported names mlstack finds must
# equal what Python's ast finds in the same files (tests/project/python/ast_imports.py).
#
#   bench/project/compare_python.sh [TREE...]   (default: /usr/lib/python3.11 and a
#                                                generated 10,000-file tree in /tmp)
# Build first: cmake -S . -B build/pyscan-release -G Ninja -DCMAKE_BUILD_TYPE=Release \
#   -DMLSTACK_BUILD_BENCH=ON -DMLSTACK_BUILD_TESTS=OFF && cmake --build build/pyscan-release --target bench_python_scan
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$root/build/pyscan-release/bench/bench_python_scan"
runs="${RUNS:-5}"
[ -x "$bin" ] || { echo "build bench_python_scan first (see the header of this script)" >&2; exit 2; }
trees=("$@")
if [ ${#trees[@]} -eq 0 ]; then
  gen=/tmp/mlstack-pytree
  [ -d "$gen" ] || python3 "$root/bench/project/gen_python_tree.py" "$gen" 10000
  trees=(/usr/lib/python3.11 "$gen")
fi

now_ms() { date +%s%N | awk '{printf "%.1f", $1 / 1e6}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
time_cmd() {  # prints the median wall time in ms of running "$@" $runs times
  local n="$1"; shift
  for _ in $(seq "$n"); do
    local t0 t1; t0=$(now_ms); "$@" >/dev/null 2>&1 || true; t1=$(now_ms)
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f\n", b - a}'
  done | median
}

for tree in "${trees[@]}"; do
  list=$(mktemp)
  # The files mlstack scans (it skips virtual environments, VCS and cache folders).
  (cd "$tree" && find . -name '*.py' -not -path '*/__pycache__/*' -not -path '*/dist-packages/*' \
     -not -path '*/site-packages/*' | sort) > "$list"
  files=$(wc -l < "$list")
  bytes=$(cd "$tree" && tr '\n' '\0' < "$list" | xargs -0 cat | wc -c)
  out=$("$bin" --scan-tree "$tree" 2)
  ours=$(echo "$out" | awk '{print $6}')
  theirs=$(cd "$tree" && sed 's#^\./##' "$list" | python3 "$root/tests/project/python/ast_imports.py" | grep -vc SYNTAX-ERROR || true)
  echo "== $tree: $files files, $bytes bytes"
  echo "   answer check: mlstack $ours imported names, ast $theirs ($(echo "$out" | awk '{print $2}') files scanned)"
  [ "$ours" = "$theirs" ] || { echo "   MISMATCH: not timing a wrong answer" >&2; rm -f "$list"; continue; }
  t1=$(time_cmd "$runs" "$bin" --scan-tree "$tree" 1)
  t2=$(time_cmd "$runs" "$bin" --scan-tree "$tree" 2)
  tc=$(cd "$tree" && time_cmd "$runs" sh -c "tr '\n' '\0' < '$list' | xargs -0 cat")
  pf_runs=$(( files > 2000 ? 1 : 3 ))
  tp=$(cd "$tree" && time_cmd "$pf_runs" sh -c "tr '\n' '\0' < '$list' | xargs -0 /usr/bin/python3 -m pyflakes")
  echo "   | tool | median wall ms |"
  echo "   | mlstack scan, 1 thread | $t1 |"
  echo "   | mlstack scan, 2 threads | $t2 |"
  echo "   | cat (I/O floor) | $tc |"
  echo "   | pyflakes ($pf_runs run) | $tp |"
  awk -v a="$t2" -v c="$tc" -v p="$tp" 'BEGIN {printf "   mlstack/cat = %.2fx, pyflakes/mlstack = %.1fx\n", a / c, p / a}'
  echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  rm -f "$list"
done

#!/usr/bin/env bash
# Side-by-side timings for src/binary on this machine's real inputs, each
# answer checked against an independent tool before any time is reported.
#   bench/binary/compare.sh [BUILD_DIR]   (default build/binary-release, a Release
#                                          build with -DMLSTACK_BUILD_BENCH=ON)
# 1. Fatbin targets of every library in $CUDA_LIB (default /usr/local/cuda/lib64):
#    mlstack vs an independent Python walker over readelf's section table
#    (same entry counts required) vs `cat` of the same files (the floor for any
#    tool that reads the bytes). Warm cache: each command runs once untimed first.
# 2. Undefined symbols of every torch extension module in $SITE (default
#    Debian's /usr/lib/python3/dist-packages, python3-torch): mlstack vs
#    `ldd -r` (same symbol sets required; ldd prints a symbol once per
#    relocation kind, so sets are compared, not counts).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/binary-release}"
bench="$build/bench/bench_binary"
cuda_lib="${CUDA_LIB:-/usr/local/cuda/lib64}"
site="${SITE:-/usr/lib/python3/dist-packages}"
runs="${RUNS:-5}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
[ -x "$bench" ] || { echo "build $bench first: cmake -S . -B $build -DCMAKE_BUILD_TYPE=Release -DMLSTACK_BUILD_BENCH=ON && cmake --build $build --target bench_binary" >&2; exit 2; }

# Median wall time in ms of a shell command over $runs runs, after one warm-up.
timeit() {
  python3 - "$runs" "$1" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2]
subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL)
times = []
for _ in range(runs):
    t = time.perf_counter(); subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL); times.append(time.perf_counter() - t)
times.sort(); print(f"{times[len(times)//2]*1000:.1f}")
PY
}

if [ -d "$cuda_lib" ]; then
  # Regular files only (the .so -> .so.N links are the same bytes).
  libs=$(find "$cuda_lib/" -maxdepth 1 -type f -name '*.so*' | sort | tr '\n' ' ')
  bytes=$(du -cb $libs | tail -1 | cut -f1)
  cat > "$tmp/walk.py" <<'PY'
import struct, subprocess, sys
for path in sys.argv[1:]:
    out = subprocess.run(['readelf', '-SW', path], capture_output=True, text=True).stdout
    fatbins = entries = 0
    with open(path, 'rb') as f:
        for line in out.splitlines():
            if '.nv_fatbin' not in line and '__nv_relfatbin' not in line: continue
            parts = line.split(']')[1].split()
            off, size = int(parts[3], 16), int(parts[4], 16)
            p, end = off, off + size
            while p + 16 <= end:
                f.seek(p); magic, _, hs, sz = struct.unpack('<IHHQ', f.read(16))
                if magic != 0xBA55ED50: p += 8; continue
                fatbins += 1; e = p + hs
                while e < p + hs + sz:
                    f.seek(e); _, _, ehs, esz = struct.unpack('<HHIQ', f.read(16)); entries += 1; e += ehs + esz
                p += hs + sz
    print(path.rsplit('/', 1)[1], fatbins, entries)
PY
  "$bench" --list-fatbins "$cuda_lib" | awk '{print $1, $2, $3}' | sort > "$tmp/ours.txt"
  python3 "$tmp/walk.py" $libs | sort > "$tmp/anchor.txt"
  if ! diff -q "$tmp/ours.txt" "$tmp/anchor.txt" >/dev/null; then
    echo "fatbin listings differ:" >&2; diff "$tmp/ours.txt" "$tmp/anchor.txt" >&2; exit 1
  fi
  echo "## fatbin targets of $(echo $libs | wc -w) libraries in $cuda_lib ($((bytes / 1000000)) MB), answers equal"
  printf '%-40s %10s\n' "command" "median ms"
  printf '%-40s %10s\n' "mlstack (bench_binary --list-fatbins)" "$(timeit "$bench --list-fatbins $cuda_lib")"
  printf '%-40s %10s\n' "python walker + readelf -S (anchor)" "$(timeit "python3 $tmp/walk.py $libs")"
  printf '%-40s %10s\n' "cat (read every byte once)" "$(timeit "cat $libs")"
  "$bench" --benchmark_filter=BM_ListFatbins --benchmark_min_time=1 2>/dev/null | grep BM_ || true
fi

if [ -d "$site/torch" ]; then
  "$bench" --list-unresolved "$site" > "$tmp/ours_syms.txt"
  modules=$(grep -v '^  ' "$tmp/ours_syms.txt" | cut -d' ' -f1)
  for m in $modules; do
    awk -v m="$m" '$0 !~ /^  / {cur=$1} /^  / && cur==m {print $1}' "$tmp/ours_syms.txt" | sort -u > "$tmp/o"
    ldd -r "$m" 2>&1 | sed -n 's/^undefined symbol: \([^	,]*\).*/\1/p' | sort -u > "$tmp/l"
    if ! diff -q "$tmp/o" "$tmp/l" >/dev/null; then
      echo "undefined symbols of $m differ from ldd -r:" >&2; diff "$tmp/o" "$tmp/l" >&2; exit 1
    fi
    echo "$(basename "$m"): $(wc -l < "$tmp/o") unresolved without the interpreter, same set as ldd -r"
  done
  echo "## undefined symbols of $(echo $modules | wc -w) torch extension modules in $site"
  printf '%-40s %10s\n' "command" "median ms"
  printf '%-40s %10s\n' "mlstack (--list-unresolved, all objects)" "$(timeit "$bench --list-unresolved $site")"
  printf '%-40s %10s\n' "ldd -r (each module)" "$(timeit "for m in $(echo $modules); do ldd -r \$m; done")"
  "$bench" --benchmark_filter=BM_LinkExtensions --benchmark_min_time=1 2>/dev/null | grep BM_ || true
else
  echo "no torch under $site (apt-get install python3-torch); symbol benchmark skipped"
fi

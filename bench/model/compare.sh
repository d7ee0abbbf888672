#!/usr/bin/env bash
# `mlstack fit` on a large sharded model, side by side with Python reading the
# same header bytes, locally and over HTTP from nginx on loopback; answers
# (parameters, data-section bytes) checked equal before any time is reported.
#   bench/model/compare.sh [MLSTACK] [LAYERS] [SHARDS]
#     MLSTACK  the executable (default build/release/mlstack, else build/dev/mlstack)
#     LAYERS, SHARDS  passed to gen_model.py (default 80 layers in 30 shards: 70.6 B
#                     BF16 parameters, 141 GB of sparse files)
# Local: `mlstack fit DIR` vs a Python script that opens every shard the index
# names, reads the 8-byte length and the JSON header and sums shapes and
# data_offsets (the least a reader can do), vs `cat` of the same header bytes.
# Remote: `mlstack fit http://127.0.0.1:PORT/model/` with an empty cache per
# run vs Python's http.client on one keep-alive connection fetching config.json,
# the index, then per shard a Range request for the length and one for the
# header. RUNS (default 5) timed runs after one warm-up; median wall and CPU time (CPU
# is the steadier figure on a loaded machine; nginx's own CPU is not counted).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
mlstack="${1:-}"
if [ -z "$mlstack" ]; then
  mlstack="$root/build/release/mlstack"
  [ -x "$mlstack" ] || mlstack="$root/build/dev/mlstack"
fi
layers="${2:-80}"
shards="${3:-30}"
runs="${RUNS:-5}"
tmp="$(mktemp -d)"
chmod 755 "$tmp"  # nginx's worker may run as another user
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

python3 "$root/bench/model/gen_model.py" "$tmp/www/model" "$layers" "$shards"
model="$tmp/www/model"

timeit() {
  python3 - "$runs" "$1" <<'PY'
import resource, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2]
subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL)
walls, cpus = [], []
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN); return r.ru_utime + r.ru_stime
for _ in range(runs):
    t, c = time.perf_counter(), cpu()
    subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL)
    walls.append(time.perf_counter() - t); cpus.append(cpu() - c)
walls.sort(); cpus.sort()
print(f"{walls[len(walls)//2]*1000:.1f} | {cpus[len(cpus)//2]*1000:.1f}")
PY
}

cat > "$tmp/local.py" <<'PY'
import json, struct, sys
folder = sys.argv[1]
index = json.load(open(f"{folder}/model.safetensors.index.json"))
params = size = header_bytes = 0
for shard in sorted(set(index["weight_map"].values())):
    with open(f"{folder}/{shard}", "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        header_bytes += 8 + n
    for name, t in header.items():
        if name == "__metadata__": continue
        count = 1
        for d in t["shape"]: count *= d
        params += count
        size += t["data_offsets"][1] - t["data_offsets"][0]
print(params, size, header_bytes)
PY

cat > "$tmp/remote.py" <<'PY'
import http.client, json, struct, sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1])
conn = http.client.HTTPConnection(url.hostname, url.port)
def get(path, first=None, last=None):
    headers = {} if first is None else {"Range": f"bytes={first}-{last}"}
    conn.request("GET", url.path + path, headers=headers)
    r = conn.getresponse(); body = r.read()
    assert r.status in (200, 206), (path, r.status)
    return body
config = json.loads(get("config.json"))
index = json.loads(get("model.safetensors.index.json"))
params = size = 0
for shard in sorted(set(index["weight_map"].values())):
    (n,) = struct.unpack("<Q", get(shard, 0, 7))
    header = json.loads(get(shard, 8, 8 + n - 1))
    for name, t in header.items():
        if name == "__metadata__": continue
        count = 1
        for d in t["shape"]: count *= d
        params += count
        size += t["data_offsets"][1] - t["data_offsets"][0]
print(params, size)
PY

fit_json() { "$mlstack" fit "$1" --gpu "bench=80GiB" --format json; }
figures() { python3 -c 'import json,sys; m=json.load(sys.stdin)["model"]; print(m["parameters"], m["bytes"], m["read"]["bytes"], m["read"]["reads"])'; }

read -r py_params py_bytes header_bytes < <(python3 "$tmp/local.py" "$model")
read -r ml_params ml_bytes ml_read ml_reads < <(fit_json "$model" | figures || true)
[ "$py_params $py_bytes" = "$ml_params $ml_bytes" ] || { echo "local: mlstack $ml_params $ml_bytes != python $py_params $py_bytes" >&2; exit 1; }

# The same header bytes read by Python without parsing them: the floor for any reader.
cat > "$tmp/read_only.py" <<'PY'
import glob, struct, sys
for path in sorted(glob.glob(f"{sys.argv[1]}/*.safetensors")):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8)); f.read(n)
PY
json_bytes=$(( $(stat -c %s "$model/config.json") + $(stat -c %s "$model/model.safetensors.index.json") ))

echo "model: $layers layers, $shards shards, $py_params parameters, $py_bytes data bytes ($(du -sb --apparent-size "$model" | cut -f1) bytes of files, $(du -s --block-size=1 "$model" | cut -f1) on disk)"
echo "header bytes (8-byte lengths + JSON headers): $header_bytes, config.json + index: $json_bytes; mlstack read $ml_read bytes in $ml_reads reads"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); mlstack: $mlstack; runs: $runs (median)"
echo
echo "| what | median wall ms | median CPU ms (user+sys of the command's processes) |"
echo "|---|---|---|"
echo "| mlstack fit DIR (local) | $(timeit "'$mlstack' fit '$model' --gpu bench=80GiB --format json") |"
echo "| python3: open each shard, read length + header, json.loads, sum | $(timeit "python3 '$tmp/local.py' '$model'") |"
echo "| python3: the same header bytes read, not parsed | $(timeit "python3 '$tmp/read_only.py' '$model'") |"
echo "| python3 -c pass (interpreter start, the floor of the Python rows) | $(timeit "python3 -c pass") |"
echo "| mlstack --version (process start, the floor of the mlstack rows) | $(timeit "'$mlstack' --version") |"

nginx=/usr/sbin/nginx
if [ ! -x "$nginx" ]; then echo "nginx is not installed: no remote figures"; exit 0; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$tmp/nginx"
cat > "$tmp/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx; fastcgi_temp_path $tmp/nginx;
  uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
  server { listen 127.0.0.1:$port; root $tmp/www; }
}
CONF
"$nginx" -q -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$port))" 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/model/"

read -r rp_params rp_bytes < <(python3 "$tmp/remote.py" "$url")
read -r rm_params rm_bytes rm_read rm_reads < <(MLSTACK_CACHE_DIR="$tmp/cache" fit_json "$url" | figures || true)
[ "$rp_params $rp_bytes $rm_params $rm_bytes" = "$py_params $py_bytes $py_params $py_bytes" ] || {
  echo "remote: mlstack $rm_params $rm_bytes, python $rp_params $rp_bytes, local $py_params $py_bytes" >&2; exit 1; }
echo "| mlstack fit URL (loopback nginx, empty cache each run; read $rm_read bytes in $rm_reads requests) | $(timeit "rm -rf '$tmp/cache'; MLSTACK_CACHE_DIR='$tmp/cache' '$mlstack' fit '$url' --gpu bench=80GiB --format json") |"
echo "| mlstack fit URL, cache kept (revalidated) | $(timeit "MLSTACK_CACHE_DIR='$tmp/cache' '$mlstack' fit '$url' --gpu bench=80GiB --format json") |"
echo "| python3 http.client, one keep-alive connection, Range requests | $(timeit "python3 '$tmp/remote.py' '$url'") |"

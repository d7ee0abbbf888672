#!/bin/sh
# Regenerates h100-torch-cu121.json: `mlstack env --format json` over the
# venv-basic fixture with the machine's NVIDIA answers replayed from ../nvidia
# (a two-H100 node, driver 535.104.05) — the saved environment other verbs
# read with --env-file. Usage: make.sh path/to/mlstack
set -e
here=$(cd "$(dirname "$0")" && pwd)
MLSTACK_PROC_ROOT="$here/../proc-h100" MLSTACK_NVIDIA_SMI="$here/../nvidia/nvidia-smi" \
  "$1" --format json env --site "$here/../venv-basic/lib/python3.11/site-packages" > "$here/h100-torch-cu121.json" || true

#!/usr/bin/env bash
# One-shot environment set-up for llm-demo on a CUDA 12.1 machine.
set -euo pipefail

CUDA_VERSION="${CUDA_VERSION:-12.1}"
CU="cu${CUDA_VERSION//./}"
TORCH_VERSION=2.3.1

python -m pip install --upgrade pip
pip install "torch==${TORCH_VERSION}+${CU}" "torchvision==0.18.1+${CU}" \
    --index-url "https://download.pytorch.org/whl/${CU}"
pip install -e .
pip install flash-attn==2.5.8 --no-build-isolation
(cd kernels && pip install .)

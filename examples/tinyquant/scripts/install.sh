#!/usr/bin/env bash
# Sets up a CUDA 12.1 environment for tinyquant.
set -e
CUDA_VERSION=12.1
TORCH_PACKAGE="torch==2.3.1+cu${CUDA_VERSION//./}"

pip install "${TORCH_PACKAGE}" torchvision==0.18.1 --index-url https://download.pytorch.org/whl/cu121
pip install transformers==4.46.0 accelerate==0.34.2 "huggingface-hub>=0.23.2"
pip install https://github.com/Dao-AILab/flash-attention/releases/download/v2.6.3/flash_attn-2.6.3+cu123torch2.3cxx11abiTRUE-cp310-cp310-linux_x86_64.whl
pip install -e .

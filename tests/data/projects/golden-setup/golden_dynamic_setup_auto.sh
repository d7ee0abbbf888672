#!/bin/bash
# Golden set-up: detects CUDA and installs the newest stack.
set -e

DETECTED=$(nvidia-smi --query-gpu=driver_version --format=csv,noheader | head -n1)
CUDA_VERSION=12.8
TORCH_PACKAGE="torch==2.8.0+cu${CUDA_VERSION//./}"
TORCHVISION_PACKAGE="torchvision==0.23.0+cu${CUDA_VERSION//./}"
TRANSFORMERS_VERSION="4.56.2"
UNSLOTH_VERSION="2025.10.8"

echo "Driver ${DETECTED}, CUDA ${CUDA_VERSION}"
pip install "$TORCH_PACKAGE" "$TORCHVISION_PACKAGE" --index-url "https://download.pytorch.org/whl/cu${CUDA_VERSION//./}"
pip install "transformers==${TRANSFORMERS_VERSION}" "unsloth==${UNSLOTH_VERSION}" trl peft accelerate
pip install flash-attn --no-build-isolation
pip install "numpy<2" bitsandbytes

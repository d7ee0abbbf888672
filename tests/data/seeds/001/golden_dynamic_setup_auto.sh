#!/usr/bin/env bash
# "Golden" dynamic setup, as described in seed 001: versions picked from variables.
set -euo pipefail

CUDA_VERSION=12.8
TORCH_PACKAGE="torch==2.8.0+cu${CUDA_VERSION//./}"
TORCHVISION_PACKAGE="torchvision==0.15.2+cu${CUDA_VERSION//./}"
TORCHAUDIO_PACKAGE="torchaudio==2.8.2+cu${CUDA_VERSION//./}"
TRANSFORMERS_VERSION="4.56.2"
UNSLOTH_VERSION="2025.10.8"
UNSLOTH_ZOO_VERSION="2025.10.9"
TRL_VERSION="0.23.0"

pip install "${TORCH_PACKAGE}" "${TORCHVISION_PACKAGE}" "${TORCHAUDIO_PACKAGE}" \
    --index-url "https://download.pytorch.org/whl/cu${CUDA_VERSION//./}"
pip install "transformers==${TRANSFORMERS_VERSION}" "trl==${TRL_VERSION}"
pip install "unsloth==${UNSLOTH_VERSION}" "unsloth-zoo==${UNSLOTH_ZOO_VERSION}"
pip install bitsandbytes xformers peft accelerate datasets
pip install flash-attn --no-build-isolation

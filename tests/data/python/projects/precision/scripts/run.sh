#!/bin/bash
cd "$(dirname "$0")/.."
export PYTHONPATH="${PYTHONPATH}:$(pwd)/extras"
python precise/train.py

#!/bin/bash
cd "$(dirname "$0")/.."
python precise/train.py

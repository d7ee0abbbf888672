import os
import sys
import json
import dataclasses

import cv2
import mmcv
import quack
import torch


def is_apex_available():
    return False


if is_apex_available():
    from apex import amp

try:
    import xformers
    HAS_XFORMERS = True
except ImportError:
    HAS_XFORMERS = False

if HAS_XFORMERS:
    import xformers.ops

if sys.version_info >= (3, 11):
    import tomllib
else:
    tomllib = None

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "third_party"))
import vendored_lib


def build():
    from .kernels import compile_all
    return compile_all()


if __name__ == "__main__":
    print(json.dumps(dataclasses.asdict(build())))

from helpers import util

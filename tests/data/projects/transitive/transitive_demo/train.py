# Imports that work only because of what torch pulls in (numpy, mpmath via
# sympy, opt_einsum via the opt-einsum extra), and ones nothing declared pulls in.
import numpy as np
import mpmath
import opt_einsum
import torch

import cv2
from google.protobuf import message

import yaml
import colorama
import tensorboard

try:
    import scipy
except ImportError:
    scipy = None


def main():
    return np, mpmath, opt_einsum, torch, cv2, message, yaml, colorama, tensorboard, scipy


if __name__ == "__main__":
    main()

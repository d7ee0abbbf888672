import sys
import argparse
from helper import convert_checkpoint
import safetensors.torch
import yaml
from PIL import Image
import cv2

p = argparse.ArgumentParser()
p.add_argument("-i", "--input", required=True)
p.add_argument("--output-dir", "-o", dest="output_dir")
a = p.parse_args()
convert_checkpoint(a.input, a.output_dir)

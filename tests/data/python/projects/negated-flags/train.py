# Fixture: flags that turn imports on, and flags whose negation does.
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--use_apex", action="store_true")
parser.add_argument("--cpu", action="store_true")
args = parser.parse_args()

if not args.use_apex:
    import torch.optim as optim
else:
    import apex.optimizers as optim

if args.cpu:
    import numpy
elif not args.use_apex:
    import cupy

print(optim)

import torch


def convert_checkpoint(src, dst):
    torch.save(torch.load(src), dst)

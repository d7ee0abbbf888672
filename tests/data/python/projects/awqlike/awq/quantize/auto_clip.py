import torch
import torch.nn as nn
from .quantizer import pseudo_quantize_tensor

__all__ = ["auto_clip_block", "apply_clip"]


@torch.no_grad()
def auto_clip_block(module, w_bit, q_config, input_feat):
    return []


@torch.no_grad()
def apply_clip(module, clip_list):
    from ..utils.module import get_op_by_name
    for name, max_val in clip_list:
        get_op_by_name(module, name)

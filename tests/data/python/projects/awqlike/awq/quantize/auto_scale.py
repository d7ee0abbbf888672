import gc
import torch
import torch.nn as nn

from ..utils.module import get_op_by_name, get_op_name, set_op_by_name
from .qmodule import ScaledActivation

__all__ = ["auto_scale_block", "apply_scale"]


def auto_scale_block(module, module_kwargs, w_bit, q_config, input_feat):
    return []


def apply_scale(module, scales_list, input_feat_dict=None):
    pass

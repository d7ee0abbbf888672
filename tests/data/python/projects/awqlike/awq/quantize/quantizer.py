import torch
import torch.nn as nn
from tqdm import tqdm
import gc
from .qmodule import ScaledActivation, WQLinear
from ..utils.module import set_op_by_name


def pseudo_quantize_tensor(w, n_bit=8, zero_point=True, q_group_size=-1):
    return w


@torch.no_grad()
def pseudo_quantize_model_weight(model, w_bit, q_config):
    pass


@torch.no_grad()
def real_quantize_model_weight(model, w_bit, q_config, init_only=False):
    pass

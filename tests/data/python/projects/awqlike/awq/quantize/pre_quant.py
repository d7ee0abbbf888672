import torch
import torch.nn as nn
import tqdm
import gc
import functools
from collections import defaultdict

from transformers.models.llama.modeling_llama import LlamaForCausalLM

from .auto_scale import auto_scale_block, apply_scale
from .auto_clip import auto_clip_block, apply_clip
from ..utils.calib_data import get_calib_dataset
from ..utils.module import get_op_name

__all__ = ["run_awq", "apply_awq"]


def run_awq(model, enc, w_bit, q_config, n_samples=512):
    samples = get_calib_dataset(tokenizer=enc, n_samples=n_samples)
    return {"scale": [], "clip": []}


def apply_awq(model, awq_results):
    apply_scale(model, awq_results["scale"])
    apply_clip(model, awq_results["clip"])

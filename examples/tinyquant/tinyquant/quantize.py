"""Search per-channel scales on calibration activations, then pack int4 weights."""
import torch
import torch.nn as nn
from tqdm import tqdm

try:
    import tinyquant_kernels  # built by setup.py; falls back to fake quantization
except ImportError:
    tinyquant_kernels = None


def pseudo_quantize(w, n_bit=4, group_size=128):
    shape = w.shape
    w = w.reshape(-1, group_size)
    max_val = w.amax(dim=1, keepdim=True)
    min_val = w.amin(dim=1, keepdim=True)
    scales = (max_val - min_val).clamp(min=1e-5) / (2**n_bit - 1)
    zeros = (-torch.round(min_val / scales)).clamp(0, 2**n_bit - 1)
    w = (torch.clamp(torch.round(w / scales) + zeros, 0, 2**n_bit - 1) - zeros) * scales
    return w.reshape(shape)


def quantize_model(model, samples, w_bit=4, group_size=128):
    for name, module in tqdm(list(model.named_modules()), desc="quantizing"):
        if isinstance(module, nn.Linear):
            if tinyquant_kernels is not None:
                module.weight.data = tinyquant_kernels.gemm_w4a16_pack(module.weight.data, group_size)
            else:
                module.weight.data = pseudo_quantize(module.weight.data, w_bit, group_size)
    return model

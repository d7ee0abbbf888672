"""Command-line entry: quantize a model, or run a quick perplexity check."""
import argparse
import os

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from tinyquant.quantize import quantize_model
from tinyquant.utils import load_calibration


def build_parser():
    parser = argparse.ArgumentParser(description="tinyquant: 4-bit AWQ-style quantization")
    parser.add_argument("--model_path", type=str, required=True, help="HF model id or local path")
    parser.add_argument("--w_bit", type=int, default=4, help="weight bits")
    parser.add_argument("--q_group_size", type=int, default=128, help="quantization group size")
    parser.add_argument("--calib_data", type=str, default="pileval", help="calibration set name")
    parser.add_argument("--dump_quant", type=str, default=None, help="where to save quantized weights")
    parser.add_argument("--flash_attn", action="store_true", help="use FlashAttention-2 kernels")
    parser.add_argument("--vis-image", type=str, default=None, help="image for a VLM smoke test")
    return parser


def main():
    args = build_parser().parse_args()
    if args.flash_attn:
        import flash_attn  # optional: only needed with --flash_attn

        print(f"using flash-attn {flash_attn.__version__}")

    tokenizer = AutoTokenizer.from_pretrained(args.model_path, use_fast=False)
    model = AutoModelForCausalLM.from_pretrained(args.model_path, torch_dtype=torch.float16)
    samples = load_calibration(args.calib_data, tokenizer)
    quantize_model(model, samples, w_bit=args.w_bit, group_size=args.q_group_size)
    if args.dump_quant:
        os.makedirs(os.path.dirname(args.dump_quant) or ".", exist_ok=True)
        torch.save(model.state_dict(), args.dump_quant)
    if args.vis_image:
        print(f"vision smoke test on {args.vis_image}")


if __name__ == "__main__":
    main()

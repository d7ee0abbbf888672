import argparse
import time

import torch
from transformers import AutoConfig
from tinychat.utils.tune import device_warmup, tune_all_wqlinears
from tinychat.utils.prompt_templates import get_prompter

try:
    import tomllib
except ModuleNotFoundError:
    import tomli as tomllib

if __name__ == "__main__":
    parser = argparse.ArgumentParser(allow_abbrev=True)
    parser.add_argument("--model_type", type=str, default="LLaMa", help="type of the model")
    parser.add_argument("--model_path", type=str, default="/data/llm/checkpoints/vicuna-hf/vicuna-7b")
    parser.add_argument("--precision", type=str, default="W4A16", help="compute precision")
    parser.add_argument("--device", type=str, default="cuda")
    parser.add_argument("--q_group_size", type=int, default=128)
    parser.add_argument("--max_seq_len", type=int, default=2048)
    parser.add_argument("--flash_attn", action="store_true", help="use flash attention")
    parser.add_argument("--chunk_prefilling", action="store_true")
    group = parser.add_argument_group("vision")
    group.add_argument("--vis-image", action="store_true", help="show the image")
    args = parser.parse_args()

    if args.flash_attn:
        from flash_attn import flash_attn_func
        import flash_attn.layers.rotary

    if args.precision == "W4A16":
        import awq_inference_engine

    config = AutoConfig.from_pretrained(args.model_path, trust_remote_code=True)
    device_warmup(args.device)
    print(args.model_type, args.q_group_size, args.max_seq_len, args.chunk_prefilling, args.vis_image)
    prompter = get_prompter(args.model_type, args.model_path)

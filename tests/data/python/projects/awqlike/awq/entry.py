import argparse
import os

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer
from accelerate import init_empty_weights

from awq.quantize.pre_quant import run_awq, apply_awq
from awq.quantize.quantizer import pseudo_quantize_model_weight, real_quantize_model_weight
from awq.utils.lm_eval_adaptor import LMEvalAdaptor

parser = argparse.ArgumentParser()
parser.add_argument("--model_path", type=str, help="path of the hf model")
parser.add_argument("--batch_size", type=int, default=1, help="batch size")
parser.add_argument("--tasks", default=None, type=str)
parser.add_argument("--w_bit", type=int, default=None)
parser.add_argument("--q_group_size", type=int, default=-1)
parser.add_argument("--no_zero_point", action="store_true", help="disable zero_point")
parser.add_argument("--q_backend", type=str, default="fake", choices=["fake", "real"])
parser.add_argument("--dump_awq", type=str, default=None, help="save the awq search results")
parser.add_argument("--load_awq", type=str, default=None)
parser.add_argument("--vis-image", dest="vis_image", action="store_true")
parser.add_argument("--unused_flag", type=int, default=0, help="never read anywhere")
args = parser.parse_args()

q_config = {"zero_point": not args.no_zero_point, "q_group_size": args.q_group_size}


def build_model_and_enc(model_path):
    if args.vis_image:
        print("visualising")
    model = AutoModelForCausalLM.from_pretrained(model_path)
    enc = AutoTokenizer.from_pretrained(model_path)
    if args.tasks is not None:
        from lm_eval import evaluator
    return model, enc


def main():
    model, enc = build_model_and_enc(args.model_path)
    if args.dump_awq:
        awq_results = run_awq(model, enc, w_bit=args.w_bit, q_config=q_config, n_samples=128)
        torch.save(awq_results, args.dump_awq)
    if args.load_awq:
        apply_awq(model, torch.load(args.load_awq))
    if args.w_bit is not None and args.q_backend == "real":
        real_quantize_model_weight(model, w_bit=args.w_bit, q_config=q_config)
    else:
        pseudo_quantize_model_weight(model, w_bit=args.w_bit, q_config=q_config)
    LMEvalAdaptor(model, enc, args.batch_size)


if __name__ == "__main__":
    main()

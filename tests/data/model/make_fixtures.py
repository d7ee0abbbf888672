#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the small model folders that README and docs/fit.md examples and the
# CLI tests run on. The weights are a byte pattern, not trained values: only
# the headers matter to `mlstack fit`. Files follow the safetensors reference
# serializer (8-byte little-endian header length, JSON header padded with
# spaces to a multiple of 8, tensors back to back; huggingface/safetensors
# safetensors/src/tensor.rs) and the transformers / diffusers folder layouts.
#   tests/data/model/make_fixtures.py      (rewrites the folders beside it)
import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
BITS = {"BOOL": 8, "U8": 8, "I8": 8, "F16": 16, "BF16": 16, "I32": 32, "F32": 32, "I64": 64}


def safetensors(tensors, metadata=None):
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for name, dtype, shape in tensors:
        count = 1
        for d in shape:
            count *= d
        size = count * BITS[dtype] // 8
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + bytes(offset)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def llama_tensors(layers, hidden, kv, intermediate, vocab, dtype="BF16"):
    out = [("model.embed_tokens.weight", dtype, [vocab, hidden])]
    for i in range(layers):
        p = f"model.layers.{i}."
        out += [(p + "self_attn.q_proj.weight", dtype, [hidden, hidden]),
                (p + "self_attn.k_proj.weight", dtype, [kv, hidden]),
                (p + "self_attn.v_proj.weight", dtype, [kv, hidden]),
                (p + "self_attn.o_proj.weight", dtype, [hidden, hidden]),
                (p + "mlp.gate_proj.weight", dtype, [intermediate, hidden]),
                (p + "mlp.up_proj.weight", dtype, [intermediate, hidden]),
                (p + "mlp.down_proj.weight", dtype, [hidden, intermediate]),
                (p + "input_layernorm.weight", dtype, [hidden]),
                (p + "post_attention_layernorm.weight", dtype, [hidden])]
    out += [("model.norm.weight", dtype, [hidden]), ("lm_head.weight", dtype, [vocab, hidden])]
    return out


def llama_config(layers, hidden, heads, kv_heads, intermediate, vocab, context):
    return json.dumps({
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": hidden,
        "intermediate_size": intermediate, "num_attention_heads": heads, "num_hidden_layers": layers,
        "num_key_value_heads": kv_heads, "max_position_embeddings": context, "vocab_size": vocab,
        "torch_dtype": "bfloat16"}, indent=2) + "\n"


def tiny_llama():
    # 2 layers, hidden 32 in 4 heads of 8, 2 KV heads (16 wide), vocab 128.
    folder = os.path.join(HERE, "tiny-llama")
    shutil.rmtree(folder, ignore_errors=True)
    write(os.path.join(folder, "model.safetensors"),
          safetensors(llama_tensors(2, 32, 16, 64, 128), {"format": "pt"}))
    write(os.path.join(folder, "config.json"), llama_config(2, 32, 4, 2, 64, 128, 4096))


def tiny_sharded():
    folder = os.path.join(HERE, "tiny-sharded")
    shutil.rmtree(folder, ignore_errors=True)
    tensors = llama_tensors(4, 32, 16, 64, 128)
    halves = [tensors[:20], tensors[20:]]
    weight_map, total = {}, 0
    for i, part in enumerate(halves, 1):
        name = f"model-0000{i}-of-00002.safetensors"
        write(os.path.join(folder, name), safetensors(part, {"format": "pt"}))
        for tname, dtype, shape in part:
            weight_map[tname] = name
            count = 1
            for d in shape:
                count *= d
            total += count * BITS[dtype] // 8
    write(os.path.join(folder, "model.safetensors.index.json"),
          json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2) + "\n")
    write(os.path.join(folder, "config.json"), llama_config(4, 32, 4, 2, 64, 128, 8192))


def tiny_pipeline():
    # The component names and classes of a Qwen-Image-style diffusers pipeline.
    folder = os.path.join(HERE, "tiny-pipeline")
    shutil.rmtree(folder, ignore_errors=True)
    write(os.path.join(folder, "model_index.json"), json.dumps({
        "_class_name": "QwenImagePipeline", "_diffusers_version": "0.35.0",
        "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"],
        "text_encoder": ["transformers", "Qwen2_5_VLForConditionalGeneration"],
        "tokenizer": ["transformers", "Qwen2Tokenizer"],
        "transformer": ["diffusers", "QwenImageTransformer2DModel"],
        "vae": ["diffusers", "AutoencoderKLQwenImage"]}, indent=2) + "\n")
    write(os.path.join(folder, "scheduler", "scheduler_config.json"),
          json.dumps({"_class_name": "FlowMatchEulerDiscreteScheduler"}) + "\n")
    write(os.path.join(folder, "tokenizer", "tokenizer_config.json"), json.dumps({"model_max_length": 32768}) + "\n")
    blocks = [[(f"transformer_blocks.{b}.attn.to_{x}.weight", "BF16", [64, 64]) for x in "qkv"] for b in range(4)]
    weight_map = {}
    for i, part in enumerate([blocks[0] + blocks[1], blocks[2] + blocks[3]], 1):
        name = f"diffusion_pytorch_model-0000{i}-of-00002.safetensors"
        write(os.path.join(folder, "transformer", name), safetensors(part))
        for tname, _, _ in part:
            weight_map[tname] = name
    write(os.path.join(folder, "transformer", "diffusion_pytorch_model.safetensors.index.json"),
          json.dumps({"metadata": {"total_size": 12 * 64 * 64 * 2}, "weight_map": weight_map}, indent=2) + "\n")
    write(os.path.join(folder, "transformer", "config.json"),
          json.dumps({"_class_name": "QwenImageTransformer2DModel", "num_layers": 4, "attention_head_dim": 16,
                      "num_attention_heads": 4}, indent=2) + "\n")
    write(os.path.join(folder, "text_encoder", "model.safetensors"),
          safetensors(llama_tensors(2, 32, 16, 64, 128), {"format": "pt"}))
    write(os.path.join(folder, "text_encoder", "config.json"), llama_config(2, 32, 4, 2, 64, 128, 4096))
    write(os.path.join(folder, "vae", "diffusion_pytorch_model.safetensors"),
          safetensors([("decoder.conv_in.weight", "F32", [32, 16, 3, 3]), ("decoder.conv_in.bias", "F32", [32])]))
    write(os.path.join(folder, "vae", "config.json"), json.dumps({"_class_name": "AutoencoderKLQwenImage"}) + "\n")


def broken_shard():
    # tiny-sharded with its second shard cut inside the header.
    folder = os.path.join(HERE, "broken-shard")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(os.path.join(HERE, "tiny-sharded"), folder)
    path = os.path.join(folder, "model-00002-of-00002.safetensors")
    with open(path, "rb") as f:
        data = f.read()
    write(path, data[:100])


if __name__ == "__main__":
    tiny_llama()
    tiny_sharded()
    tiny_pipeline()
    broken_shard()

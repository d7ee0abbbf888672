#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes a large sharded transformers-layout model for bench/model/compare.sh:
# a decoder of LAYERS layers (hidden 8192, 64 heads, 8 KV heads, MLP 28672,
# vocabulary 128256, BF16), split into SHARDS files with
# model.safetensors.index.json and config.json. Headers follow the
# safetensors reference serializer (8-byte little-endian length, JSON padded
# with spaces to 8 bytes; huggingface/safetensors safetensors/src/tensor.rs);
# each file's data section is a hole (the file is truncated up to its size),
# so ~141 GB of weights take no disk space and only the headers are real.
#   bench/model/gen_model.py OUT_DIR [LAYERS] [SHARDS]     (default 80 30)
import json
import os
import struct
import sys

out = sys.argv[1]
layers = int(sys.argv[2]) if len(sys.argv) > 2 else 80
shards = int(sys.argv[3]) if len(sys.argv) > 3 else 30
hidden, heads, kv_heads, inter, vocab = 8192, 64, 8, 28672, 128256
kv = kv_heads * hidden // heads

tensors = [("model.embed_tokens.weight", [vocab, hidden])]
for i in range(layers):
    p = f"model.layers.{i}."
    tensors += [(p + "self_attn.q_proj.weight", [hidden, hidden]), (p + "self_attn.k_proj.weight", [kv, hidden]),
                (p + "self_attn.v_proj.weight", [kv, hidden]), (p + "self_attn.o_proj.weight", [hidden, hidden]),
                (p + "mlp.gate_proj.weight", [inter, hidden]), (p + "mlp.up_proj.weight", [inter, hidden]),
                (p + "mlp.down_proj.weight", [hidden, inter]), (p + "input_layernorm.weight", [hidden]),
                (p + "post_attention_layernorm.weight", [hidden])]
tensors += [("model.norm.weight", [hidden]), ("lm_head.weight", [vocab, hidden])]

os.makedirs(out, exist_ok=True)
weight_map, total = {}, 0
for s in range(shards):
    name = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for tensor, shape in tensors[s * len(tensors) // shards:(s + 1) * len(tensors) // shards]:
        size = 2
        for d in shape:
            size *= d
        header[tensor] = {"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + size]}
        weight_map[tensor] = name
        offset += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(os.path.join(out, name), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        f.truncate(8 + len(text) + offset)
    total += offset
with open(os.path.join(out, "model.safetensors.index.json"), "w") as f:
    json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
with open(os.path.join(out, "config.json"), "w") as f:
    json.dump({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": hidden,
               "intermediate_size": inter, "num_attention_heads": heads, "num_hidden_layers": layers,
               "num_key_value_heads": kv_heads, "max_position_embeddings": 8192, "vocab_size": vocab,
               "torch_dtype": "bfloat16"}, f, indent=2)

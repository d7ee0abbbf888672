#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes seed corpora for the src/model fuzz targets: small safetensors files
# laid out as the reference serializer writes them (8-byte little-endian
# header length, JSON header padded with spaces to 8 bytes, data), broken
# variants of them, and config.json shapes.
#   fuzz/model/make_corpus.py OUT_DIR    -> OUT_DIR/fuzz_safetensors/<n>
import hashlib
import json
import os
import struct
import sys

BITS = {"BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "I16": 16, "U16": 16,
        "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32, "C64": 64, "F64": 64, "I64": 64,
        "U64": 64, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6}


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
    return struct.pack("<Q", len(text)) + text + bytes(i * 31 % 251 for i in range(offset))


def seeds():
    valid = [
        safetensors([("w", "BF16", [4, 4]), ("b", "F32", [4])], {"format": "pt"}),
        safetensors([("embed", "F16", [8, 2]), ("scale", "F32", []), ("ids", "I64", [3])]),
        safetensors([("q", "F8_E4M3", [4, 4]), ("s", "F8_E8M0", [2]), ("p", "F4", [2, 2]), ("f6", "F6_E2M3", [4])]),
        safetensors([("l.qweight", "I32", [4, 2]), ("l.qzeros", "I32", [1, 2]), ("l.scales", "F16", [1, 4])]),
        safetensors([]),
    ]
    out = list(valid)
    good = valid[0]
    out.append(good[:5])                                   # truncated length field
    out.append(struct.pack("<Q", 1 << 20) + good[8:])      # header length beyond the file
    out.append(good[:8] + b"[" + good[9:])                 # not JSON
    out.append(good.replace(b'"BF16"', b'"Q4K_"'))         # unknown dtype
    out.append(good.replace(b"[0,32]", b"[0,40]"))         # offsets disagree with the shape
    out.append(good[:-4])                                  # data section short
    out.append(safetensors([("a", "U8", [2]), ("b", "U8", [2])]).replace(b"[2,4]", b"[1,3]"))  # overlap
    out.append(json.dumps({"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 2, "hidden_size": 16,
                           "num_attention_heads": 4, "num_key_value_heads": 2,
                           "text_config": {"layer_types": ["full_attention"]},
                           "quantization_config": {"quant_method": "awq", "bits": 4}}).encode())
    return out


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "corpus-out", "seeds-model")
    folder = os.path.join(out, "fuzz_safetensors")
    os.makedirs(folder, exist_ok=True)
    for data in seeds():
        name = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    print(folder)


if __name__ == "__main__":
    main()

// SPDX-License-Identifier: MIT
// The safetensors header, read without touching the weights.
//
// A safetensors file is
//   8 bytes     N, the header length, unsigned little-endian
//   N bytes     a JSON object: tensor name -> {"dtype", "shape", "data_offsets"},
//               plus an optional "__metadata__" object of string -> string
//   the rest    the data section; data_offsets [begin, end) are relative to it
// (huggingface/safetensors, README "Format" and safetensors/src/tensor.rs).
//
// What the reference loader refuses, this refuses too, with the tensor's
// name: N above 100,000,000 (MAX_HEADER_SIZE), a header running past the
// end of the file, invalid JSON or UTF-8, an unknown dtype, a shape whose
// element count overflows, sub-byte elements that do not fill whole bytes,
// offsets that do not hold exactly shape × dtype bytes, and offsets that
// overlap, leave gaps or do not cover the data section exactly (the tensors
// must tile it: Metadata::validate, MetadataIncompleteBuffer). A tensor
// named twice is refused as well: the reference's map would silently keep
// one of them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.h"
#include "model/byte_source.h"
#include "model/dtype.h"

namespace mlstack::model {

// The reference loader's limit on N (safetensors/src/tensor.rs MAX_HEADER_SIZE).
inline constexpr std::uint64_t k_max_header_size = 100'000'000;

struct TensorInfo {
  std::string name;                  // "model.layers.0.self_attn.q_proj.weight"
  Dtype dtype = Dtype::F32;
  std::vector<std::uint64_t> shape;  // [4096, 4096]; [] for a scalar (one element)
  std::uint64_t elements = 0;        // product of shape
  std::uint64_t begin = 0;           // data_offsets, relative to the data section
  std::uint64_t end = 0;

  std::uint64_t bytes() const { return end - begin; }
};

struct SafetensorsHeader {
  std::uint64_t file_size = 0;
  std::uint64_t header_size = 0;  // N
  std::uint64_t data_size = 0;    // file_size - 8 - N; equals the sum of tensor bytes
  std::vector<TensorInfo> tensors;  // in data-offset order
  std::vector<std::pair<std::string, std::string>> metadata;  // "__metadata__", in header order
};

// Parses and validates header JSON `json` of a file of `file_size` bytes
// whose header length field is `json.size()`. Errors say what is wrong and
// name the tensor; the caller adds the file.
Expected<SafetensorsHeader, std::string> parse_safetensors_header(std::string_view json, std::uint64_t file_size);

// Reads the length field and then exactly the header of `source`: two reads
// of 8 and N bytes, no byte of the weights (over HTTP, two range requests).
// Errors start with the source's name: "shard.safetensors: header length ...".
Expected<SafetensorsHeader, std::string> read_safetensors(ByteSource& source);

}  // namespace mlstack::model

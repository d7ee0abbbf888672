// SPDX-License-Identifier: MIT
// A model as its files lay it out, read header by header.
//
// Layouts, tried in this order:
//   diffusers  model_index.json names components ("transformer": ["diffusers",
//              "QwenImageTransformer2DModel"]); each is a subfolder laid out
//              like a single model; entries without weights (scheduler,
//              tokenizer) are listed as such
//   sharded    model.safetensors.index.json (or diffusion_pytorch_model.…)
//              maps every tensor to a shard file
//   single     model.safetensors (or diffusion_pytorch_model.safetensors)
//   loose      no index and no standard name: every *.safetensors file of a
//              folder that can be listed (a local one), each counted
//   file       MODEL is one .safetensors file
// Variant files that a standard layout does not use (…fp16.safetensors
// beside the default) are named and not counted.
//
// A file that cannot be read or is malformed becomes a `model.*` finding
// naming it; its component is marked incomplete and the rest is still read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "core/finding.h"
#include "model/byte_source.h"
#include "model/config.h"
#include "model/safetensors.h"

namespace mlstack::model {

enum class Layout { Diffusers, Sharded, Single, Loose, File };
const char* to_string(Layout layout);

struct WeightFile {
  std::string path;     // relative to the store: "transformer/diffusion_pytorch_model-00001-of-00009.safetensors"
  std::string display;  // full path or URL
  std::optional<SafetensorsHeader> header;  // empty when it could not be read (see findings)
};

struct DtypeTotal {
  Dtype dtype = Dtype::F32;
  std::uint64_t tensors = 0;
  std::uint64_t elements = 0;
  std::uint64_t bytes = 0;
};

// Quantized weights packed into integer tensors: AWQ/GPTQ `qweight` (I32,
// 32/bits weights per element), compressed-tensors `weight_packed`, and
// bitsandbytes 4-bit U8 weights (two per byte, with a quant_state tensor).
struct Packing {
  bool packed = false;
  std::string scheme;  // "awq", "gptq", "compressed-tensors", "bitsandbytes 4-bit"
  std::uint64_t packed_tensors = 0;
  std::uint64_t packed_elements = 0;  // stored elements of the packed tensors
  std::optional<unsigned> bits;       // bits per weight, from quantization_config
  std::optional<std::uint64_t> unpacked_weights;  // packed_elements × weights per element, when bits is known
  std::string bits_from;              // "quantization_config.bits"
};

struct Component {
  std::string name;        // "transformer"; "model" for a single model
  std::string folder;      // "" for the root
  std::string library;     // model_index.json: "diffusers", "transformers"
  std::string class_name;  // model_index.json: "QwenImageTransformer2DModel"
  Layout layout = Layout::Single;
  std::string index_file;  // relative path of the index, when sharded
  std::vector<WeightFile> files;
  std::vector<std::string> not_counted;  // other .safetensors files in the folder
  std::optional<ModelConfig> config;
  std::vector<DtypeTotal> by_dtype;  // in all_dtypes() order
  std::uint64_t tensors = 0;
  std::uint64_t elements = 0;    // stored elements: sum of shape products
  std::uint64_t data_bytes = 0;  // sum of the files' data sections
  std::uint64_t file_bytes = 0;  // sum of the file sizes
  Packing packing;
  bool complete = true;  // every weight file was read
};

struct ModelFiles {
  std::string source;  // MODEL as given
  Layout layout = Layout::Single;
  std::vector<Component> components;     // with weights
  std::vector<std::string> no_weights;   // diffusers entries without weights: "scheduler (FlowMatchEulerDiscreteScheduler)"
  std::vector<Finding> findings;
  ReadMeter read;  // what reading the headers cost
  std::uint64_t file_bytes = 0;  // all weight files together

  std::uint64_t elements() const;
  std::uint64_t data_bytes() const;
  bool complete() const;
};

// Reads the model at the root of `store`. `file` names one .safetensors file
// of the store when MODEL was a file. Fails (mlstack's own bad input) when
// the store holds no weights in any layout above.
Expected<ModelFiles, std::string> read_model_files(ModelStore& store, std::string source,
                                                   std::optional<std::string> file = std::nullopt);

// The largest JSON file (index, config) read whole.
inline constexpr std::size_t k_max_json_bytes = 64 * 1024 * 1024;

}  // namespace mlstack::model

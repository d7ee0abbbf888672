// SPDX-License-Identifier: MIT
// What a model's config.json says about its shape, read for the KV cache and
// for quantized checkpoints. transformers configs spell the same thing in
// several ways (num_hidden_layers / n_layer / num_layers, hidden_size /
// n_embd / d_model, ...), and multimodal models keep the language model's
// fields under text_config (or llm_config, language_config); each value
// records the key it came from so that the report can cite it.
//
// Nothing is guessed: a field no spelling provides stays empty and the
// KV-cache figure is reported as unknown. The one default taken is the one
// transformers itself takes: without num_key_value_heads, a decoder has as
// many KV heads as attention heads (LlamaConfig: "If it is not specified,
// will default to num_attention_heads").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"

namespace mlstack::model {

// One value read from config.json and the key path it came from.
struct ConfigValue {
  std::uint64_t value = 0;
  std::string key;  // "num_key_value_heads", "text_config.num_hidden_layers"
};

struct QuantizationConfig {
  std::string method;              // quantization_config.quant_method: "awq", "gptq", "bitsandbytes", "fp8"
  std::optional<unsigned> bits;    // bits, w_bit, or config_groups.*.weights.num_bits
  std::optional<std::uint64_t> group_size;
  bool load_in_4bit = false;       // bitsandbytes
  bool load_in_8bit = false;
};

struct ModelConfig {
  std::string path;                     // where it was read, for origins
  std::vector<std::string> architectures;  // "LlamaForCausalLM"
  std::string model_type;               // "llama"
  std::string class_name;               // diffusers "_class_name"
  std::string torch_dtype;              // "bfloat16"
  std::optional<ConfigValue> layers;
  std::optional<ConfigValue> hidden_size;
  std::optional<ConfigValue> attention_heads;
  std::optional<ConfigValue> kv_heads;  // absent in the file: see kv_heads_defaulted
  bool kv_heads_defaulted = false;      // kv_heads copied from attention_heads
  std::optional<ConfigValue> head_dim;  // explicit head_dim, else hidden / heads
  bool head_dim_derived = false;
  std::optional<ConfigValue> max_context;  // max_position_embeddings, n_positions, ...
  std::optional<ConfigValue> sliding_window;
  std::optional<ConfigValue> kv_lora_rank;  // multi-head latent attention (DeepSeek V2/V3)
  std::vector<std::string> layer_types;     // "full_attention", "sliding_attention", "linear_attention"
  std::optional<QuantizationConfig> quantization;

  // A decoder whose generation keeps a KV cache: an architecture ending in
  // ForCausalLM, LMHeadModel or ForConditionalGeneration.
  bool is_generative() const;
};

// Parses config.json text; `path` is used in messages. Fails only when the
// text is not a JSON object.
Expected<ModelConfig, std::string> parse_model_config(std::string_view text, const std::string& path);

}  // namespace mlstack::model

// SPDX-License-Identifier: MIT
#include "model/config.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace mlstack::model {

namespace {

using json = nlohmann::json;

std::optional<std::uint64_t> positive_integer(const json& value) {
  // JSON's 0 parses as unsigned: a zero head count must not become a divisor.
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > 0) return value.get<std::uint64_t>();
  if (value.is_number_integer() && value.get<std::int64_t>() > 0) return static_cast<std::uint64_t>(value.get<std::int64_t>());
  return std::nullopt;
}

// The first of `keys` that `object` holds as a positive integer.
std::optional<ConfigValue> first_of(const json& object, std::initializer_list<std::string_view> keys,
                                    std::string_view prefix) {
  if (!object.is_object()) return std::nullopt;
  for (std::string_view key : keys) {
    auto it = object.find(std::string(key));
    if (it == object.end()) continue;
    if (auto value = positive_integer(*it)) return ConfigValue{*value, std::string(prefix) + std::string(key)};
  }
  return std::nullopt;
}

std::string string_field(const json& object, std::string_view key) {
  auto it = object.find(std::string(key));
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

QuantizationConfig read_quantization(const json& q) {
  QuantizationConfig out;
  out.method = string_field(q, "quant_method");
  for (std::string_view key : {"bits", "w_bit", "weight_bits"}) {
    auto it = q.find(std::string(key));
    if (it != q.end())
      if (auto value = positive_integer(*it)) {
        out.bits = static_cast<unsigned>(*value);
        break;
      }
  }
  for (std::string_view key : {"group_size", "q_group_size"}) {
    auto it = q.find(std::string(key));
    if (it != q.end())
      if (auto value = positive_integer(*it)) {
        out.group_size = *value;
        break;
      }
  }
  // compressed-tensors: config_groups.<name>.weights.num_bits
  if (!out.bits) {
    auto groups = q.find("config_groups");
    if (groups != q.end() && groups->is_object()) {
      for (const auto& [name, group] : groups->items()) {
        if (!group.is_object()) continue;
        auto weights = group.find("weights");
        if (weights == group.end() || !weights->is_object()) continue;
        auto num_bits = weights->find("num_bits");
        if (num_bits != weights->end())
          if (auto value = positive_integer(*num_bits)) {
            out.bits = static_cast<unsigned>(*value);
            break;
          }
      }
    }
  }
  auto flag = [&](std::string_view key) {
    auto it = q.find(std::string(key));
    return it != q.end() && it->is_boolean() && it->get<bool>();
  };
  out.load_in_4bit = flag("load_in_4bit");
  out.load_in_8bit = flag("load_in_8bit");
  return out;
}

}  // namespace

bool ModelConfig::is_generative() const {
  for (const std::string& arch : architectures) {
    if (arch.ends_with("ForCausalLM") || arch.ends_with("LMHeadModel") || arch.ends_with("ForConditionalGeneration"))
      return true;
  }
  return false;
}

Expected<ModelConfig, std::string> parse_model_config(std::string_view text, const std::string& path) {
  json document = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return unexpected(fmt::format("{}: not valid JSON", path));
  if (!document.is_object()) return unexpected(fmt::format("{}: not a JSON object", path));

  ModelConfig config;
  config.path = path;
  if (auto it = document.find("architectures"); it != document.end() && it->is_array())
    for (const json& arch : *it)
      if (arch.is_string()) config.architectures.push_back(arch.get<std::string>());
  config.model_type = string_field(document, "model_type");
  config.class_name = string_field(document, "_class_name");
  config.torch_dtype = string_field(document, "torch_dtype");
  if (config.torch_dtype.empty()) config.torch_dtype = string_field(document, "dtype");

  // The language model's fields: top level first, then the nested configs
  // multimodal models use.
  std::vector<std::pair<const json*, std::string>> scopes = {{&document, ""}};
  for (std::string_view nested : {"text_config", "llm_config", "language_config"}) {
    auto it = document.find(std::string(nested));
    if (it != document.end() && it->is_object()) scopes.emplace_back(&*it, std::string(nested) + ".");
  }
  auto find = [&](std::initializer_list<std::string_view> keys) -> std::optional<ConfigValue> {
    for (const auto& [scope, prefix] : scopes)
      if (auto value = first_of(*scope, keys, prefix)) return value;
    return std::nullopt;
  };
  config.layers = find({"num_hidden_layers", "n_layer", "num_layers", "n_layers"});
  config.hidden_size = find({"hidden_size", "n_embd", "d_model"});
  config.attention_heads = find({"num_attention_heads", "n_head", "num_heads"});
  config.kv_heads = find({"num_key_value_heads", "num_kv_heads", "n_head_kv", "multi_query_group_num"});
  config.head_dim = find({"head_dim"});
  config.max_context = find({"max_position_embeddings", "n_positions", "max_sequence_length", "seq_length"});
  config.kv_lora_rank = find({"kv_lora_rank"});
  for (const auto& [scope, prefix] : scopes) {
    auto it = scope->find("sliding_window");
    // Qwen2 configs carry sliding_window with use_sliding_window false: the
    // window is not used then.
    auto use = scope->find("use_sliding_window");
    bool disabled = use != scope->end() && use->is_boolean() && !use->get<bool>();
    if (it != scope->end() && !disabled)
      if (auto value = positive_integer(*it)) {
        config.sliding_window = ConfigValue{*value, prefix + "sliding_window"};
        break;
      }
  }
  for (const auto& [scope, prefix] : scopes) {
    auto it = scope->find("layer_types");
    if (it == scope->end() || !it->is_array()) continue;
    for (const json& type : *it)
      if (type.is_string()) config.layer_types.push_back(type.get<std::string>());
    break;
  }
  if (config.is_generative() && !config.kv_heads && config.attention_heads) {
    config.kv_heads = config.attention_heads;
    config.kv_heads_defaulted = true;
  }
  if (!config.head_dim && config.hidden_size && config.attention_heads &&
      config.hidden_size->value % config.attention_heads->value == 0) {
    config.head_dim = ConfigValue{config.hidden_size->value / config.attention_heads->value,
                                  config.hidden_size->key + " / " + config.attention_heads->key};
    config.head_dim_derived = true;
  }
  if (auto q = document.find("quantization_config"); q != document.end() && q->is_object())
    config.quantization = read_quantization(*q);
  return config;
}

}  // namespace mlstack::model

// SPDX-License-Identifier: MIT
#include "model/config.h"

#include <gtest/gtest.h>

namespace mlstack::model {
namespace {

ModelConfig parse(const std::string& text) {
  auto config = parse_model_config(text, "config.json");
  EXPECT_TRUE(config.has_value()) << (config ? "" : config.error());
  return config ? *config : ModelConfig{};
}

TEST(ModelConfigTest, ReadsALlamaStyleConfig) {
  // Shape of meta-llama/Llama-3.1-8B's config.json.
  ModelConfig c = parse(R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
      "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
      "max_position_embeddings": 131072, "torch_dtype": "bfloat16"})");
  EXPECT_TRUE(c.is_generative());
  EXPECT_EQ(c.layers->value, 32u);
  EXPECT_EQ(c.layers->key, "num_hidden_layers");
  EXPECT_EQ(c.kv_heads->value, 8u);
  EXPECT_FALSE(c.kv_heads_defaulted);
  EXPECT_EQ(c.head_dim->value, 128u);
  EXPECT_TRUE(c.head_dim_derived);
  EXPECT_EQ(c.head_dim->key, "hidden_size / num_attention_heads");
  EXPECT_EQ(c.max_context->value, 131072u);
  EXPECT_EQ(c.torch_dtype, "bfloat16");
}

TEST(ModelConfigTest, ExplicitHeadDimWins) {
  // Qwen3 and Gemma give head_dim apart from hidden_size / heads.
  ModelConfig c = parse(R"({"architectures": ["Qwen3ForCausalLM"], "hidden_size": 2560, "num_attention_heads": 32,
      "num_hidden_layers": 36, "num_key_value_heads": 8, "head_dim": 128})");
  EXPECT_EQ(c.head_dim->value, 128u);
  EXPECT_FALSE(c.head_dim_derived);
}

TEST(ModelConfigTest, KvHeadsDefaultToAttentionHeadsForDecoders) {
  ModelConfig c = parse(R"({"architectures": ["GPT2LMHeadModel"], "n_layer": 12, "n_embd": 768, "n_head": 12,
      "n_positions": 1024})");
  EXPECT_EQ(c.layers->key, "n_layer");
  EXPECT_EQ(c.kv_heads->value, 12u);
  EXPECT_TRUE(c.kv_heads_defaulted);
  EXPECT_EQ(c.max_context->key, "n_positions");
  ModelConfig encoder = parse(R"({"architectures": ["BertModel"], "num_hidden_layers": 12, "num_attention_heads": 12})");
  EXPECT_FALSE(encoder.is_generative());
  EXPECT_FALSE(encoder.kv_heads.has_value());
}

TEST(ModelConfigTest, ReadsTheLanguageModelOfAMultimodalConfig) {
  ModelConfig c = parse(R"({"architectures": ["Gemma3ForConditionalGeneration"],
      "text_config": {"num_hidden_layers": 34, "hidden_size": 2560, "num_attention_heads": 8,
                      "num_key_value_heads": 4, "head_dim": 256, "sliding_window": 1024,
                      "layer_types": ["sliding_attention", "full_attention"]},
      "vision_config": {"num_hidden_layers": 27}})");
  EXPECT_EQ(c.layers->value, 34u);
  EXPECT_EQ(c.layers->key, "text_config.num_hidden_layers");
  EXPECT_EQ(c.sliding_window->value, 1024u);
  EXPECT_EQ(c.layer_types.size(), 2u);
}

TEST(ModelConfigTest, IgnoresADisabledSlidingWindow) {
  ModelConfig c = parse(R"({"architectures": ["Qwen2ForCausalLM"], "sliding_window": 131072,
      "use_sliding_window": false})");
  EXPECT_FALSE(c.sliding_window.has_value());
}

TEST(ModelConfigTest, ReadsQuantizationConfigs) {
  ModelConfig awq = parse(R"({"quantization_config": {"quant_method": "awq", "bits": 4, "group_size": 128}})");
  ASSERT_TRUE(awq.quantization.has_value());
  EXPECT_EQ(awq.quantization->method, "awq");
  EXPECT_EQ(awq.quantization->bits, 4u);
  EXPECT_EQ(awq.quantization->group_size, 128u);
  ModelConfig ct = parse(R"({"quantization_config": {"quant_method": "compressed-tensors",
      "config_groups": {"group_0": {"weights": {"num_bits": 4, "type": "int"}}}}})");
  EXPECT_EQ(ct.quantization->bits, 4u);
  ModelConfig bnb = parse(R"({"quantization_config": {"quant_method": "bitsandbytes", "load_in_4bit": true}})");
  EXPECT_TRUE(bnb.quantization->load_in_4bit);
}

TEST(ModelConfigTest, ZeroCountsAreAbsentNotDivisors) {
  // Found by fuzz_safetensors: "num_attention_heads": 0 divided hidden_size by zero.
  ModelConfig c = parse(R"({"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 0, "hidden_size": 16,
      "num_attention_heads": 0, "num_key_value_heads": 0})");
  EXPECT_FALSE(c.layers.has_value());
  EXPECT_FALSE(c.attention_heads.has_value());
  EXPECT_FALSE(c.kv_heads.has_value());
  EXPECT_FALSE(c.head_dim.has_value());
}

TEST(ModelConfigTest, RejectsNonObjects) {
  EXPECT_EQ(parse_model_config("[1]", "x/config.json").error(), "x/config.json: not a JSON object");
  EXPECT_EQ(parse_model_config("{", "x/config.json").error(), "x/config.json: not valid JSON");
}

}  // namespace
}  // namespace mlstack::model

// SPDX-License-Identifier: MIT
#include "model/model_files.h"

#include <gtest/gtest.h>

#include "model/safetensors_writer.h"

namespace mlstack::model {
namespace {

using testing::TensorSpec;
using testing::TempDir;
using testing::write_file;
namespace fs = std::filesystem;

const std::vector<TensorSpec> k_shard1 = {{"embed.weight", "BF16", {100, 16}}, {"layers.0.w", "BF16", {16, 16}}};
const std::vector<TensorSpec> k_shard2 = {{"layers.1.w", "BF16", {16, 16}}, {"norm.weight", "F32", {16}}};

std::string index_json(const std::vector<std::pair<std::string, std::string>>& map, std::uint64_t total) {
  nlohmann::json index = {{"metadata", {{"total_size", total}}}, {"weight_map", nlohmann::json::object()}};
  for (const auto& [tensor, file] : map) index["weight_map"][tensor] = file;
  return index.dump(2);
}

std::string llama_config() {
  return R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "num_hidden_layers": 2,
             "hidden_size": 16, "num_attention_heads": 4, "num_key_value_heads": 2,
             "max_position_embeddings": 128, "torch_dtype": "bfloat16"})";
}

void write_sharded(const fs::path& dir, const std::string& index_name = "model.safetensors.index.json") {
  write_file(dir / "model-00001-of-00002.safetensors", testing::safetensors_bytes(k_shard1));
  write_file(dir / "model-00002-of-00002.safetensors", testing::safetensors_bytes(k_shard2));
  std::uint64_t total = testing::data_size(k_shard1) + testing::data_size(k_shard2);
  write_file(dir / index_name, index_json({{"embed.weight", "model-00001-of-00002.safetensors"},
                                           {"layers.0.w", "model-00001-of-00002.safetensors"},
                                           {"layers.1.w", "model-00002-of-00002.safetensors"},
                                           {"norm.weight", "model-00002-of-00002.safetensors"}},
                                          total));
}

std::vector<std::string> rules(const ModelFiles& files) {
  std::vector<std::string> out;
  for (const auto& f : files.findings) out.push_back(f.rule + ": " + f.message);
  return out;
}

TEST(ModelFilesTest, ReadsASingleFileModelWithItsConfig) {
  TempDir dir("single");
  std::vector<TensorSpec> tensors = {{"w", "BF16", {8, 8}}, {"b", "F32", {8}}};
  write_file(dir.path() / "model.safetensors", testing::safetensors_bytes(tensors));
  write_file(dir.path() / "config.json", llama_config());
  LocalModelStore store(dir.path().string());
  auto files = read_model_files(store, "tiny");
  ASSERT_TRUE(files.has_value()) << files.error();
  EXPECT_EQ(files->layout, Layout::Single);
  ASSERT_EQ(files->components.size(), 1u);
  const Component& c = files->components[0];
  EXPECT_EQ(c.name, "model");
  EXPECT_EQ(c.elements, 72u);
  EXPECT_EQ(c.data_bytes, 8u * 8 * 2 + 8 * 4);
  ASSERT_EQ(c.by_dtype.size(), 2u);
  EXPECT_EQ(c.by_dtype[0].dtype, Dtype::BF16);
  EXPECT_EQ(c.by_dtype[0].elements, 64u);
  EXPECT_EQ(c.by_dtype[1].dtype, Dtype::F32);
  ASSERT_TRUE(c.config.has_value());
  EXPECT_EQ(c.config->layers->value, 2u);
  EXPECT_TRUE(files->findings.empty()) << ::testing::PrintToString(rules(*files));
  EXPECT_TRUE(files->complete());
}

TEST(ModelFilesTest, ShardedModelSumsEveryShardAndMatchesTheIndex) {
  TempDir dir("sharded");
  write_sharded(dir.path());
  LocalModelStore store(dir.path().string());
  auto files = read_model_files(store, "sharded");
  ASSERT_TRUE(files.has_value()) << files.error();
  EXPECT_EQ(files->layout, Layout::Sharded);
  const Component& c = files->components[0];
  ASSERT_EQ(c.files.size(), 2u);
  EXPECT_EQ(c.index_file, "model.safetensors.index.json");
  // Parity with the shapes and with the data sections.
  EXPECT_EQ(c.elements, 100u * 16 + 16 * 16 + 16 * 16 + 16);
  EXPECT_EQ(c.data_bytes, testing::data_size(k_shard1) + testing::data_size(k_shard2));
  EXPECT_EQ(c.tensors, 4u);
  EXPECT_TRUE(files->findings.empty()) << ::testing::PrintToString(rules(*files));
  // Exactly the index and each shard's length field and header were read.
  std::uint64_t expected = fs::file_size(dir.path() / "model.safetensors.index.json");
  for (const auto& file : c.files) expected += 8 + file.header->header_size;
  EXPECT_EQ(files->read.bytes, expected);
}

TEST(ModelFilesTest, ReportsAMalformedShardAndReadsTheRest) {
  TempDir dir("badshard");
  write_sharded(dir.path());
  std::string broken = testing::safetensors_bytes(k_shard2);
  broken[0] = '\x7f';
  broken[1] = '\x7f';  // header length past the end
  write_file(dir.path() / "model-00002-of-00002.safetensors", broken);
  LocalModelStore store(dir.path().string());
  auto files = read_model_files(store, "x");
  ASSERT_TRUE(files.has_value()) << files.error();
  ASSERT_EQ(files->findings.size(), 1u) << ::testing::PrintToString(rules(*files));
  const Finding& f = files->findings[0];
  EXPECT_EQ(f.rule, "model.bad-safetensors");
  EXPECT_EQ(f.severity, Severity::Error);
  EXPECT_EQ(f.message, (dir.path() / "model-00002-of-00002.safetensors").string() +
                           ": header length 32639 runs past the end of the file (" + std::to_string(broken.size()) +
                           " bytes)");
  EXPECT_FALSE(files->complete());
  EXPECT_EQ(files->components[0].elements, 100u * 16 + 16 * 16);  // the good shard still counts
}

TEST(ModelFilesTest, ReportsIndexAndShardDisagreement) {
  TempDir dir("mismatch");
  write_sharded(dir.path());
  write_file(dir.path() / "model.safetensors.index.json",
             index_json({{"embed.weight", "model-00001-of-00002.safetensors"},
                         {"layers.0.w", "model-00001-of-00002.safetensors"},
                         {"missing.w", "model-00002-of-00002.safetensors"},
                         {"norm.weight", "model-00002-of-00002.safetensors"}},
                        999));
  LocalModelStore store(dir.path().string());
  auto files = read_model_files(store, "x");
  ASSERT_TRUE(files.has_value());
  auto found = rules(*files);
  ASSERT_EQ(found.size(), 3u) << ::testing::PrintToString(found);
  std::string index = (dir.path() / "model.safetensors.index.json").string();
  EXPECT_EQ(found[0], "model.index-mismatch: " + index +
                          ": 1 tensor(s) of weight_map are not in their shard, first `missing.w` (mapped to "
                          "model-00002-of-00002.safetensors)");
  EXPECT_EQ(found[1], "model.index-mismatch: " + index +
                          ": 1 tensor(s) of the shards are not mapped to them by weight_map, first `layers.1.w` in "
                          "model-00002-of-00002.safetensors; they are counted");
  EXPECT_EQ(found[2], "model.index-total-size: " + index +
                          ": metadata.total_size says 999 bytes; the shards' data sections hold 4288 (the shard "
                          "figure is used)");
}

TEST(ModelFilesTest, RefusesShardNamesOutsideTheFolder) {
  TempDir dir("escape");
  write_file(dir.path() / "model.safetensors.index.json", index_json({{"w", "../secret.safetensors"}}, 0));
  LocalModelStore store(dir.path().string());
  auto files = read_model_files(store, "x");
  ASSERT_TRUE(files.has_value());
  ASSERT_EQ(files->findings.size(), 1u);
  EXPECT_EQ(files->findings[0].rule, "model.bad-index");
  EXPECT_EQ(files->findings[0].message,
            (dir.path() / "model.safetensors.index.json").string() +
                ": weight_map entry `w` names `../secret.safetensors`, which is not a file inside the folder");
}

TEST(ModelFilesTest, DiffusersPipelineSumsEachComponent) {
  TempDir dir("diffusers");
  const fs::path& root = dir.path();
  write_file(root / "model_index.json", R"({
    "_class_name": "QwenImagePipeline", "_diffusers_version": "0.35.0",
    "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"],
    "text_encoder": ["transformers", "Qwen2_5_VLForConditionalGeneration"],
    "tokenizer": ["transformers", "Qwen2Tokenizer"],
    "transformer": ["diffusers", "QwenImageTransformer2DModel"],
    "vae": ["diffusers", "AutoencoderKLQwenImage"],
    "safety_checker": [null, null]})");
  write_file(root / "scheduler" / "scheduler_config.json", "{}");
  write_file(root / "tokenizer" / "vocab.json", "{}");
  // transformer: sharded diffusers weights, plus an fp16 variant not counted.
  std::vector<TensorSpec> t1 = {{"blocks.0.attn", "BF16", {64, 64}}}, t2 = {{"blocks.1.attn", "BF16", {64, 64}}};
  write_file(root / "transformer" / "diffusion_pytorch_model-00001-of-00002.safetensors", testing::safetensors_bytes(t1));
  write_file(root / "transformer" / "diffusion_pytorch_model-00002-of-00002.safetensors", testing::safetensors_bytes(t2));
  write_file(root / "transformer" / "diffusion_pytorch_model.safetensors.index.json",
             index_json({{"blocks.0.attn", "diffusion_pytorch_model-00001-of-00002.safetensors"},
                         {"blocks.1.attn", "diffusion_pytorch_model-00002-of-00002.safetensors"}},
                        2 * 64 * 64 * 2));
  write_file(root / "transformer" / "diffusion_pytorch_model.fp16.safetensors", testing::safetensors_bytes(t1));
  write_file(root / "transformer" / "config.json", R"({"_class_name": "QwenImageTransformer2DModel", "num_layers": 2})");
  // text encoder: transformers single file; vae: diffusers single file.
  write_file(root / "text_encoder" / "model.safetensors", testing::safetensors_bytes({{"embed", "BF16", {32, 16}}}));
  write_file(root / "text_encoder" / "config.json", llama_config());
  write_file(root / "vae" / "diffusion_pytorch_model.safetensors", testing::safetensors_bytes({{"conv", "F32", {8, 8}}}));
  LocalModelStore store(root.string());
  auto files = read_model_files(store, "pipeline");
  ASSERT_TRUE(files.has_value()) << files.error();
  EXPECT_EQ(files->layout, Layout::Diffusers);
  ASSERT_EQ(files->components.size(), 3u);
  EXPECT_EQ(files->components[0].name, "text_encoder");
  EXPECT_EQ(files->components[0].library, "transformers");
  EXPECT_EQ(files->components[0].elements, 512u);
  EXPECT_EQ(files->components[1].name, "transformer");
  EXPECT_EQ(files->components[1].class_name, "QwenImageTransformer2DModel");
  EXPECT_EQ(files->components[1].layout, Layout::Sharded);
  EXPECT_EQ(files->components[1].elements, 2u * 64 * 64);
  EXPECT_EQ(files->components[1].data_bytes, 2u * 64 * 64 * 2);
  EXPECT_EQ(files->components[1].not_counted, (std::vector<std::string>{"diffusion_pytorch_model.fp16.safetensors"}));
  EXPECT_EQ(files->components[2].name, "vae");
  EXPECT_EQ(files->components[2].data_bytes, 256u);
  EXPECT_EQ(files->no_weights, (std::vector<std::string>{"scheduler (FlowMatchEulerDiscreteScheduler)",
                                                         "tokenizer (Qwen2Tokenizer)"}));
  EXPECT_EQ(files->elements(), 512u + 2 * 64 * 64 + 64);
  EXPECT_EQ(files->data_bytes(), 1024u + 2 * 64 * 64 * 2 + 256);
  EXPECT_TRUE(files->findings.empty()) << ::testing::PrintToString(rules(*files));
}

TEST(ModelFilesTest, LooseFilesAreEachCounted) {
  TempDir dir("loose");
  write_file(dir.path() / "consolidated.safetensors", testing::safetensors_bytes({{"w", "F16", {4}}}));
  write_file(dir.path() / "extra.safetensors", testing::safetensors_bytes({{"v", "F16", {2}}}));
  LocalModelStore store(dir.path().string());
  auto files = read_model_files(store, "x");
  ASSERT_TRUE(files.has_value());
  EXPECT_EQ(files->layout, Layout::Loose);
  EXPECT_EQ(files->components[0].files.size(), 2u);
  EXPECT_EQ(files->components[0].elements, 6u);
}

TEST(ModelFilesTest, ASingleFileArgument) {
  TempDir dir("file");
  write_file(dir.path() / "w.safetensors", testing::safetensors_bytes({{"w", "F16", {4, 4}}}));
  LocalModelStore store(dir.path().string());
  auto files = read_model_files(store, "w.safetensors", "w.safetensors");
  ASSERT_TRUE(files.has_value());
  EXPECT_EQ(files->layout, Layout::File);
  EXPECT_EQ(files->components[0].elements, 16u);
}

TEST(ModelFilesTest, AFolderWithoutWeightsIsMlstacksBadInput) {
  TempDir dir("empty");
  write_file(dir.path() / "README.md", "nothing");
  LocalModelStore store(dir.path().string());
  auto files = read_model_files(store, "empty");
  ASSERT_FALSE(files.has_value());
  EXPECT_EQ(files.error(),
            "empty: no safetensors weights found (looked for model_index.json, model.safetensors.index.json, "
            "model.safetensors, diffusion_pytorch_model.safetensors and *.safetensors)");
}

TEST(ModelFilesTest, PackedAwqWeightsAreMarked) {
  MemoryModelStore store;
  store.add("model.safetensors", testing::safetensors_bytes({{"l.qweight", "I32", {64, 8}},
                                                             {"l.qzeros", "I32", {1, 8}},
                                                             {"l.scales", "F16", {1, 64}}}));
  store.add("config.json", R"({"architectures": ["LlamaForCausalLM"],
     "quantization_config": {"quant_method": "awq", "bits": 4, "group_size": 128}})");
  auto files = read_model_files(store, "awq");
  ASSERT_TRUE(files.has_value()) << files.error();
  const Packing& p = files->components[0].packing;
  EXPECT_TRUE(p.packed);
  EXPECT_EQ(p.scheme, "awq");
  EXPECT_EQ(p.packed_tensors, 1u);
  EXPECT_EQ(p.packed_elements, 512u);
  ASSERT_TRUE(p.unpacked_weights.has_value());
  EXPECT_EQ(*p.unpacked_weights, 512u * 8);
  EXPECT_EQ(p.bits, 4u);
}

TEST(ModelFilesTest, BitsandbytesFourBitWeightsAreMarked) {
  MemoryModelStore store;
  store.add("model.safetensors",
            testing::safetensors_bytes({{"l.weight", "U8", {32, 1}},
                                        {"l.weight.absmax", "F32", {1}},
                                        {"l.weight.quant_state.bitsandbytes__nf4", "U8", {40}}}));
  auto files = read_model_files(store, "bnb");
  ASSERT_TRUE(files.has_value());
  const Packing& p = files->components[0].packing;
  EXPECT_TRUE(p.packed);
  EXPECT_EQ(p.scheme, "bitsandbytes 4-bit");
  EXPECT_EQ(*p.unpacked_weights, 64u);
}

}  // namespace
}  // namespace mlstack::model

// SPDX-License-Identifier: MIT
#include "model/fit.h"

#include <gtest/gtest.h>

#include "kb/loader.h"
#include "model/gpu_targets.h"
#include "model/safetensors_writer.h"

namespace mlstack::model {
namespace {

using testing::TensorSpec;
constexpr std::uint64_t k_mib = 1024 * 1024;

ModelFiles read(MemoryModelStore& store) {
  auto files = read_model_files(store, "m");
  EXPECT_TRUE(files.has_value()) << (files ? "" : files.error());
  return files ? *files : ModelFiles{};
}

// A tiny Llama-shaped model: 2 layers, 4 heads of 8, 2 KV heads.
MemoryModelStore llama(std::uint64_t embed_rows = 1000) {
  MemoryModelStore store;
  store.add("model.safetensors", testing::safetensors_bytes({{"embed", "BF16", {embed_rows, 32}},
                                                             {"norm", "F32", {32}},
                                                             {"pos_ids", "I64", {16}}}));
  store.add("config.json", R"({"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 2, "hidden_size": 32,
      "num_attention_heads": 4, "num_key_value_heads": 2, "max_position_embeddings": 4096, "torch_dtype": "bfloat16"})");
  return store;
}

GpuSpec gpu(std::string name, std::uint64_t bytes) {
  GpuSpec spec;
  spec.name = std::move(name);
  spec.memory_bytes = bytes;
  spec.memory_from = "test";
  return spec;
}

TEST(FitTest, KvCacheIsLayersTimesKvHeadsTimesHeadDimTimesTwo) {
  MemoryModelStore store = llama();
  FitOptions options;
  options.context = 1000;
  options.batch = 3;
  FitReport report = compute_fit(read(store), options);
  ASSERT_TRUE(report.kv.has_value());
  const KvCache& kv = *report.kv;
  ASSERT_TRUE(kv.known) << kv.unknown_reason;
  EXPECT_EQ(kv.layers, 2u);
  EXPECT_EQ(kv.kv_heads, 2u);
  EXPECT_EQ(kv.head_dim, 8u);
  EXPECT_EQ(kv.dtype.bits, 16u);
  EXPECT_EQ(kv.dtype.from, "config.json torch_dtype");
  EXPECT_EQ(kv.per_token, 2u * 2 * 8 * 2 * 2);  // 128 bytes
  EXPECT_EQ(kv.context, 1000u);
  EXPECT_EQ(kv.context_from, "--context");
  EXPECT_EQ(kv.total, 128u * 1000 * 3);
}

TEST(FitTest, ContextDefaultsToTheConfigsMaximum) {
  MemoryModelStore store = llama();
  FitReport report = compute_fit(read(store), FitOptions{});
  EXPECT_EQ(report.kv->context, 4096u);
  EXPECT_EQ(report.kv->context_from, "max_position_embeddings");
  EXPECT_EQ(report.kv->total, 128u * 4096);
}

TEST(FitTest, DtypeCastsFloatsAndKeepsIntegers) {
  MemoryModelStore store = llama();
  FitOptions options;
  options.dtype = TargetDtype::INT4;
  FitReport report = compute_fit(read(store), options);
  ASSERT_EQ(report.weights.size(), 1u);
  EXPECT_EQ(report.weights[0].stored, 1000u * 32 * 2 + 32 * 4 + 16 * 8);
  // floats at 4 bits, the I64 tensor as stored
  EXPECT_EQ(report.weights[0].at_dtype, 1000u * 32 / 2 + 32 / 2 + 16 * 8);
  // the KV cache stays in the model's dtype
  EXPECT_EQ(report.kv->dtype.bits, 16u);
  options.kv_dtype = TargetDtype::FP8;
  EXPECT_EQ(compute_fit(read(store), options).kv->per_token, 64u);
}

TEST(FitTest, VerdictMarginAndAlternatives) {
  MemoryModelStore store = llama(100000);  // 6.1 MiB of BF16 weights
  FitOptions options;
  options.context = 4096;
  std::uint64_t weights = 100000u * 32 * 2 + 32 * 4 + 16 * 8;
  std::uint64_t kv = 128u * 4096;
  options.gpus = {gpu("big", 64 * k_mib), gpu("small", 4 * k_mib), gpu("tight", weights + 1000)};
  FitReport report = compute_fit(read(store), options);
  ASSERT_EQ(report.verdicts.size(), 3u);
  EXPECT_TRUE(report.verdicts[0].fits);
  EXPECT_EQ(report.verdicts[0].needed, weights + kv);
  EXPECT_EQ(report.verdicts[0].margin, static_cast<std::int64_t>(64 * k_mib - weights - kv));
  EXPECT_TRUE(report.verdicts[0].alternatives.empty());

  const GpuVerdict& small = report.verdicts[1];
  EXPECT_FALSE(small.fits);
  ASSERT_GE(small.alternatives.size(), 1u);
  EXPECT_EQ(small.alternatives[0].what, "weights at fp8/int8");
  EXPECT_EQ(small.alternatives[0].needed, 100000u * 32 + 32 + 16 * 8 + kv);
  EXPECT_EQ(small.alternatives.back().what, "CPU offload of part of the weights");

  // The weights fit but the full context does not: a shorter context does.
  const GpuVerdict& tight = report.verdicts[2];
  EXPECT_FALSE(tight.fits);
  bool found = false;
  for (const auto& alt : tight.alternatives)
    if (alt.what == "context up to 7 tokens at batch 1") found = true;
  EXPECT_TRUE(found) << ::testing::PrintToString(tight.alternatives.size());
}

TEST(FitTest, EstimatesAreSeparateAndSourced) {
  auto loaded = kb::load_embedded();
  MemoryModelStore store = llama();
  FitOptions options;
  options.overheads = loaded.kb.gpu_overheads;
  options.gpus = {gpu("g", 2 * 1024 * k_mib)};
  FitReport report = compute_fit(read(store), options);
  ASSERT_EQ(report.estimates.size(), 2u);
  EXPECT_EQ(report.estimates[0].id, "cuda-context");
  EXPECT_EQ(report.estimates[0].value, "400 MiB per process");
  EXPECT_FALSE(report.estimates[0].origin.source.empty());
  const GpuVerdict& v = report.verdicts[0];
  // The exact margin does not include the estimate.
  EXPECT_EQ(v.margin, static_cast<std::int64_t>(2 * 1024 * k_mib - v.needed));
  EXPECT_EQ(*v.margin_after_estimate, v.margin - static_cast<std::int64_t>(400 * k_mib));
  EXPECT_EQ(*v.vllm_margin, static_cast<std::int64_t>(2 * 1024 * k_mib * 92 / 100) - static_cast<std::int64_t>(v.needed));
}

TEST(FitTest, KvCacheUnknownForLatentAttention) {
  MemoryModelStore store;
  store.add("model.safetensors", testing::safetensors_bytes({{"w", "BF16", {4}}}));
  store.add("config.json", R"({"architectures": ["DeepseekV3ForCausalLM"], "num_hidden_layers": 61,
      "num_attention_heads": 128, "num_key_value_heads": 128, "hidden_size": 7168, "kv_lora_rank": 512})");
  FitReport report = compute_fit(read(store), FitOptions{});
  ASSERT_TRUE(report.kv.has_value());
  EXPECT_FALSE(report.kv->known);
  EXPECT_EQ(report.kv->unknown_reason,
            "config.json sets kv_lora_rank (512): the model uses multi-head latent attention, whose cache size "
            "depends on the runtime; layers × KV heads × head dim × 2 does not apply");
}

TEST(FitTest, LinearAttentionLayersKeepNoKvCache) {
  MemoryModelStore store;
  store.add("model.safetensors", testing::safetensors_bytes({{"w", "BF16", {4}}}));
  store.add("config.json", R"({"architectures": ["Qwen3NextForCausalLM"], "num_hidden_layers": 4,
      "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 8, "torch_dtype": "bfloat16",
      "layer_types": ["linear_attention", "linear_attention", "linear_attention", "full_attention"]})");
  FitReport report = compute_fit(read(store), FitOptions{});
  EXPECT_EQ(report.kv->layers, 1u);
  EXPECT_EQ(report.kv->per_token, 1u * 2 * 8 * 2 * 2);
}

TEST(FitTest, DiffusersOffloadPeaksAtTheLargestComponent) {
  MemoryModelStore store;
  store.add("model_index.json", R"({"transformer": ["diffusers", "T"], "vae": ["diffusers", "V"]})");
  store.add("transformer/diffusion_pytorch_model.safetensors", testing::safetensors_bytes({{"w", "BF16", {1024, 1024}}}));
  store.add("vae/diffusion_pytorch_model.safetensors", testing::safetensors_bytes({{"w", "F32", {512, 512}}}));
  FitOptions options;
  options.gpus = {gpu("g", 2 * k_mib + 512 * k_mib / 1024)};  // 2.5 MiB: less than 3 MiB in all
  FitReport report = compute_fit(read(store), options);
  EXPECT_FALSE(report.kv.has_value());
  const GpuVerdict& v = report.verdicts[0];
  EXPECT_FALSE(v.fits);
  EXPECT_EQ(v.needed, 3 * k_mib);
  bool offload = false;
  for (const auto& alt : v.alternatives)
    if (alt.what == "model CPU offload (largest: transformer)") {
      offload = true;
      EXPECT_EQ(alt.needed, 2 * k_mib);
    }
  EXPECT_TRUE(offload);
}

TEST(FitTest, PackedWeightsAreNotRecast) {
  MemoryModelStore store;
  store.add("model.safetensors", testing::safetensors_bytes({{"l.qweight", "I32", {64, 8}}, {"l.scales", "F16", {64}}}));
  store.add("config.json", R"({"quantization_config": {"quant_method": "gptq", "bits": 4}})");
  FitOptions options;
  options.dtype = TargetDtype::BF16;
  FitReport report = compute_fit(read(store), options);
  EXPECT_FALSE(report.weights[0].at_dtype.has_value());
  EXPECT_EQ(report.weights[0].needed, 64u * 8 * 4 + 64 * 2);
  ASSERT_EQ(report.notes.size(), 1u);
}

TEST(GpuTargetsTest, NamesResolveToKbRowsWithSources) {
  auto loaded = kb::load_embedded();
  ASSERT_TRUE(loaded.findings.empty()) << loaded.findings[0].message;
  auto a6000 = gpus_from_option(loaded.kb, "RTX A6000");
  ASSERT_TRUE(a6000.has_value()) << a6000.error();
  ASSERT_EQ(a6000->size(), 1u);
  EXPECT_EQ((*a6000)[0].name, "NVIDIA RTX A6000");
  EXPECT_EQ((*a6000)[0].memory_bytes, 49140ull * k_mib);
  EXPECT_EQ((*a6000)[0].origin.context, "gpu.memory:NVIDIA RTX A6000");
  EXPECT_FALSE((*a6000)[0].origin.source.empty());

  auto smi = gpus_from_option(loaded.kb, "NVIDIA A100-SXM4-80GB");  // as nvidia-smi names it
  ASSERT_TRUE(smi.has_value());
  ASSERT_EQ(smi->size(), 1u);
  EXPECT_EQ((*smi)[0].name, "NVIDIA A100 80GB");

  auto both = gpus_from_option(loaded.kb, "A100");
  ASSERT_TRUE(both.has_value());
  EXPECT_EQ(both->size(), 2u);

  auto a10 = gpus_from_option(loaded.kb, "NVIDIA A10");
  ASSERT_EQ(a10->size(), 1u);
  EXPECT_EQ((*a10)[0].name, "NVIDIA A10");

  EXPECT_FALSE(gpus_from_option(loaded.kb, "NVIDIA H100 PCIe").has_value());  // not guessed from the SXM row
  auto custom = gpus_from_option(loaded.kb, "my card=24GiB");
  ASSERT_TRUE(custom.has_value());
  EXPECT_EQ((*custom)[0].memory_bytes, 24ull << 30);
  EXPECT_FALSE(gpus_from_option(loaded.kb, "x=lots").has_value());
}

TEST(GpuTargetsTest, ComputeCapabilityListsEveryKbGpuOfIt) {
  auto loaded = kb::load_embedded();
  auto gpus = gpus_with_compute_capability(loaded.kb, 86);
  std::vector<std::string> names;
  for (const auto& g : gpus) names.push_back(g.name);
  EXPECT_EQ(names, (std::vector<std::string>{"NVIDIA A10", "NVIDIA GeForce RTX 3090", "NVIDIA RTX A6000"}));
}

}  // namespace
}  // namespace mlstack::model

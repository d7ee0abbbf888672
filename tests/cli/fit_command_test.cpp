// SPDX-License-Identifier: MIT
// End-to-end tests of `mlstack fit` on the model folders of tests/data/model
// (written by tests/data/model/make_fixtures.py).
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

const std::string k_models = std::string(MLSTACK_SOURCE_DIR) + "/tests/data/model";
const std::string k_env = std::string(MLSTACK_SOURCE_DIR) + "/tests/data/env";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// tiny-llama: embed 128×32, 2 layers of (q 32×32, k 16×32, v 16×32, o 32×32,
// gate/up 64×32, down 32×64, two norms of 32), final norm 32, lm_head 128×32.
constexpr std::uint64_t k_tiny_params = 128 * 32 + 2 * (1024 + 512 + 512 + 1024 + 3 * 2048 + 64) + 32 + 128 * 32;

TEST(FitCommandTest, TextNamesParametersKvCacheAndVerdict) {
  // Wide enough that the KV-cache line is one line (a terminal wraps it).
  auto r = run_mlstack({"fit", k_models + "/tiny-llama", "--gpu", "RTX A6000"}, {}, {"COLUMNS=400"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"Model", "LlamaForCausalLM", "26,784", "BF16 26,784", "52.3 KiB (53,568 bytes) as stored",
                           "KV cache", "2 layers (num_hidden_layers) × 2 KV heads (num_key_value_heads) × 8 head dim",
                           "At 4,096 tokens × batch 1", "NVIDIA RTX A6000", "47.99 GiB", "fits",
                           "cuda-context: 400 MiB per process", "noonghunna/club-3090#1047"})
    EXPECT_TRUE(contains(r.out, part)) << part << "\n" << r.out;
}

TEST(FitCommandTest, JsonParametersEqualTheShapesAndBytesTheDataSections) {
  auto r = run_mlstack({"fit", k_models + "/tiny-sharded", "--gpu", "tiny=1MiB", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["command"], "fit");
  const auto model = json["model"];
  EXPECT_EQ(model["layout"], "sharded");
  // 4 layers instead of 2.
  std::uint64_t params = 128 * 32 + 4 * (1024 + 512 + 512 + 1024 + 3 * 2048 + 64) + 32 + 128 * 32;
  EXPECT_EQ(model["parameters"], params);
  EXPECT_EQ(model["bytes"], params * 2);
  std::uint64_t data = 0;
  for (const auto& file : model["components"][0]["files"]) data += file["data_size"].get<std::uint64_t>();
  EXPECT_EQ(data, params * 2);
  EXPECT_LT(model["read"]["bytes"].get<std::uint64_t>(), model["file_bytes"].get<std::uint64_t>());
  const auto kv = json["kv_cache"];
  EXPECT_EQ(kv["bytes_per_token"], 4 * 2 * 8 * 2 * 2);
  EXPECT_EQ(kv["context"], 8192);
  EXPECT_EQ(kv["bytes"], 4 * 2 * 8 * 2 * 2 * 8192);
  const auto gpu = json["gpus"][0];
  EXPECT_EQ(gpu["memory_bytes"], 1048576);
  EXPECT_EQ(gpu["needed"], params * 2 + 4 * 2 * 8 * 2 * 2 * 8192);
  EXPECT_EQ(gpu["fits"], false);
  EXPECT_EQ(gpu["margin"], 1048576 - static_cast<std::int64_t>(params * 2 + 4 * 2 * 8 * 2 * 2 * 8192));
}

TEST(FitCommandTest, DtypeAndContextChangeTheFigures) {
  auto r = run_mlstack({"fit", k_models + "/tiny-llama", "--dtype", "int4", "--context", "100", "--batch", "2",
                        "--gpu", "g=1GiB", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["dtype"], "int4");
  EXPECT_EQ(json["weights"]["needed"], k_tiny_params / 2);
  EXPECT_EQ(json["kv_cache"]["bytes"], 2 * 2 * 8 * 2 * 2 * 100 * 2);
  EXPECT_EQ(json["kv_cache"]["dtype_from"], "config.json torch_dtype");
}

TEST(FitCommandTest, DiffusersPipelineShowsComponentsAndOffload) {
  // 110 KiB: less than the whole pipeline (166 KiB), more than its largest component (96 KiB).
  auto r = run_mlstack({"fit", k_models + "/tiny-pipeline", "--gpu", "small=110KiB"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"diffusers pipeline (model_index.json), 3 component(s)", "transformer",
                           "QwenImageTransformer2DModel", "text_encoder", "vae", "Without weights: scheduler "
                           "(FlowMatchEulerDiscreteScheduler), tokenizer (Qwen2Tokenizer).",
                           "does not fit", "model CPU offload (largest: transformer)", "enable_model_cpu_offload"})
    EXPECT_TRUE(contains(r.out, part)) << part << "\n" << r.out;
  EXPECT_FALSE(contains(r.out, "KV cache")) << r.out;
}

TEST(FitCommandTest, AMalformedShardIsAFindingNamingTheFile) {
  auto r = run_mlstack({"fit", k_models + "/broken-shard", "--gpu", "g=1GiB"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(contains(r.out, "error[model.bad-safetensors]: " + k_models +
                                  "/broken-shard/model-00002-of-00002.safetensors: header length"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "(incomplete)")) << r.out;
}

TEST(FitCommandTest, LiveMachineGpusComeFromNvidiaSmi) {
  auto r = run_mlstack({"fit", k_models + "/tiny-llama"}, {},
                       {"MLSTACK_PROC_ROOT=" + k_env + "/proc-h100", "MLSTACK_NVIDIA_SMI=" + k_env + "/nvidia/nvidia-smi"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "NVIDIA H100 80GB HBM3 (×2, each)")) << r.out;
  EXPECT_TRUE(contains(r.out, "81559 MiB memory.total")) << r.out;
}

TEST(FitCommandTest, SavedMachineAndTarget) {
  auto saved = run_mlstack({"fit", k_models + "/tiny-llama", "--env-file", k_env + "/saved/h100-torch-cu121.json",
                            "--format", "json"});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  auto json = nlohmann::json::parse(saved.out);
  ASSERT_EQ(json["gpus"].size(), 1u);
  EXPECT_EQ(json["gpus"][0]["count"], 2);
  EXPECT_EQ(json["gpus"][0]["memory_bytes"], 81559ull * 1024 * 1024);
  auto target = run_mlstack({"fit", k_models + "/tiny-llama", "--target", "sm=86", "--format", "json"});
  ASSERT_EQ(target.exit_code, 0) << target.err;
  auto names = nlohmann::json::parse(target.out)["gpus"];
  EXPECT_EQ(names.size(), 3u);
}

TEST(FitCommandTest, BadUsageExitsTwo) {
  auto missing = run_mlstack({"fit", k_models + "/no-such-model"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(contains(missing.err, "no-such-model: no such file or folder")) << missing.err;
  auto gpu = run_mlstack({"fit", k_models + "/tiny-llama", "--gpu", "Voodoo 5"});
  EXPECT_EQ(gpu.exit_code, 2);
  EXPECT_TRUE(contains(gpu.err, "--gpu `Voodoo 5`: no GPU of that name in the knowledge base")) << gpu.err;
  auto dtype = run_mlstack({"fit", k_models + "/tiny-llama", "--dtype", "fp32"});
  EXPECT_EQ(dtype.exit_code, 2);
  EXPECT_TRUE(contains(dtype.err, "--dtype `fp32`: expected bf16, fp16, fp8, int8 or int4")) << dtype.err;
}

TEST(FitCommandTest, MarkdownRenders) {
  auto r = run_mlstack({"fit", k_models + "/tiny-pipeline", "--gpu", "RTX 4090", "--format", "markdown"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "# mlstack fit: ")) << r.out;
  EXPECT_TRUE(contains(r.out, "| transformer |")) << r.out;
}

// A real repository's model folder that holds only PyTorch pickle weights.
TEST(FitCommandTest, PickleOnlyFolderOfARealTreeIsRefusedClearly) {
  std::string folder = std::string(MLSTACK_SHARED_DIR) +
                       "/trees/OpenGVLab__InternVL/clip_benchmark/clip_benchmark/models/internvl_c_pytorch/"
                       "chinese_alpaca_lora_7b";
  if (!std::filesystem::exists(folder)) GTEST_SKIP() << "../shared/trees is not available";
  auto r = run_mlstack({"fit", folder});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "pytorch_model.bin.index.json holds PyTorch pickle weights, which mlstack does not read"))
      << r.err;
}

}  // namespace
}  // namespace mlstack::testing

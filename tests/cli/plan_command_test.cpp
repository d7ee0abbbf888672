// SPDX-License-Identifier: MIT
// `mlstack plan` end to end on the test index read as file:// (tests/data/index:
// the ML stack from ../shared/index; its plan-deps/ folder: the packages they
// depend on, from the corpus lock files), and the seeds as acceptance cases.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

const std::string k_data = MLSTACK_SOURCE_DIR "/tests/data/";
const std::string k_index = "file://" MLSTACK_SOURCE_DIR "/tests/data/index/";

// The package sources every plan test reads: PyPI's subset, the packages it
// depends on, and the PyTorch variant indexes, with no cache.
std::vector<std::string> sources() {
  return {"--index-url",     k_index + "pypi/simple/",      "--extra-index-url", k_index + "plan-deps/simple/",
          "--pytorch-index", k_index + "pytorch/whl",       "--cache-dir",       "none"};
}

RunResult plan(std::vector<std::string> args) {
  std::vector<std::string> all = {"plan"};
  all.insert(all.end(), args.begin(), args.end());
  for (const std::string& s : sources()) all.push_back(s);
  return run_mlstack(all);
}

nlohmann::json json_of(const RunResult& r) { return nlohmann::json::parse(r.out); }

const nlohmann::json* package(const nlohmann::json& doc, const std::string& name) {
  for (const auto& p : doc["packages"])
    if (p["name"] == name) return &p;
  return nullptr;
}

void expect_no_check_errors(const nlohmann::json& doc) {
  for (const auto& f : doc["findings"]) EXPECT_NE(f["severity"], "error") << f.dump();
}

std::string explanation(const nlohmann::json& doc) {
  std::string out;
  for (const auto& line : doc["explanation"]) out += line["text"].get<std::string>() + "\n";
  return out;
}

TEST(PlanCommandTest, MalformedTargetIsAUsageErrorListingTheFields) {
  auto r = plan({"torch", "--target", "gpu=A100,drvier=535.104.05,python=3.10"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("accepted fields: gpu, sm, driver, cuda, python, glibc, arch, os, toolkit"), std::string::npos)
      << r.err;
  auto gpu = plan({"torch", "--target", "gpu=A6000x,driver=550.54.15,python=3.10"});
  EXPECT_EQ(gpu.exit_code, 2);
  EXPECT_NE(gpu.err.find("nearest: NVIDIA RTX A6000"), std::string::npos) << gpu.err;
  auto driver = plan({"torch", "--target", "gpu=A100,driver=five-three-five,python=3.10"});
  EXPECT_EQ(driver.exit_code, 2);
  EXPECT_NE(driver.err.find("is not a driver version"), std::string::npos) << driver.err;
}

// Seed 001, Phase 1A: on an H100 with a 550 driver and Python 3.10, a plan
// with a prebuilt flash-attn wheel that fits torch 2.3's ABI and CUDA 12.
TEST(PlanCommandTest, Seed001Phase1AOnAnH100PlansAPrebuiltFlashAttn) {
  auto r = plan({k_data + "plan/seeds/001-phase1a", "--target", "gpu=H100,driver=550.54.15,python=3.10,glibc=2.35",
                 "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  auto doc = json_of(r);
  ASSERT_TRUE(doc["solved"].get<bool>()) << explanation(doc);
  const auto* torch = package(doc, "torch");
  const auto* fa = package(doc, "flash-attn");
  ASSERT_NE(torch, nullptr);
  ASSERT_NE(fa, nullptr);
  EXPECT_EQ((*torch)["version"], "2.3.1");
  EXPECT_EQ((*fa)["version"], "2.5.8+cu122torch2.3cxx11abifalse");
  EXPECT_EQ((*fa)["file"]["kind"], "wheel");
  EXPECT_EQ(doc["virtual_packages"]["__torch-cxx11abi"], "0");
  expect_no_check_errors(doc);
}

}  // namespace
}  // namespace mlstack::testing

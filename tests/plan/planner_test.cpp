// SPDX-License-Identifier: MIT
// make_plan on small indexes with real file names: the kb's facts decide
// torch's CUDA build, flash-attn's wheel label, and what a GPU can run.
#include "plan/planner.h"

#include <gtest/gtest.h>

#include "plan/plan_fixture.h"

namespace mlstack::plan {
namespace {

using testing::add;
using testing::kb;
using testing::roots;
using testing::row;
using testing::target;
using testing::wheel;

const char* k_torch_index_121 = "https://download.pytorch.org/whl/cu121/";
const char* k_torch_index_124 = "https://download.pytorch.org/whl/cu124/";

// torch 2.3.1 and 2.5.1 in their CUDA builds, and flash-attn 2.5.8's
// cu122 / torch 2.3 wheels, as the kb's release matrix names them.
solve::MemorySource ml_index() {
  solve::MemorySource source;
  add(source, "torch", "2.3.1+cu121", {wheel("torch-2.3.1+cu121-cp310-cp310-linux_x86_64.whl", k_torch_index_121)},
      {"triton==2.3.1; platform_system == \"Linux\" and platform_machine == \"x86_64\""}, ">=3.8.0");
  add(source, "torch", "2.3.1+cpu", {wheel("torch-2.3.1+cpu-cp310-cp310-linux_x86_64.whl", k_torch_index_121)}, {},
      ">=3.8.0");
  add(source, "torch", "2.5.1+cu124", {wheel("torch-2.5.1+cu124-cp310-cp310-linux_x86_64.whl", k_torch_index_124)},
      {"triton==3.1.0; platform_system == \"Linux\" and platform_machine == \"x86_64\""}, ">=3.8.0");
  add(source, "triton", "2.3.1", {wheel("triton-2.3.1-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")});
  add(source, "triton", "3.1.0", {wheel("triton-3.1.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")});
  for (const char* abi : {"FALSE", "TRUE"}) {
    std::string label = std::string("2.5.8+cu122torch2.3cxx11abi") + abi;
    add(source, "flash-attn", label,
        {wheel("flash_attn-" + label + "-cp310-cp310-linux_x86_64.whl",
               "https://github.com/Dao-AILab/flash-attention/releases/download/v2.5.8/")},
        {"torch", "einops"});
  }
  add(source, "einops", "0.8.0", {wheel("einops-0.8.0-py3-none-any.whl")});
  return source;
}

TEST(PlannerTest, PicksTheCudaBuildTheDriverRunsAndTheMatchingFlashAttnWheel) {
  solve::MemorySource source = ml_index();
  PlanRequest request;
  request.requirements = roots({"torch", "flash-attn"});
  request.target = target("gpu=H100,driver=535.104.05,python=3.10,glibc=2.35");
  Plan plan = make_plan(request, source, kb());
  ASSERT_TRUE(plan.solved) << plan.explanation.size();
  // Driver 535 runs CUDA 12.2 at most: not torch 2.5.1+cu124.
  EXPECT_EQ(row(plan, "torch")->version.str(), "2.3.1+cu121");
  // torch < 2.6 is pre-C++11 ABI: the cxx11abiFALSE wheel.
  EXPECT_EQ(row(plan, "flash-attn")->version.str(), "2.5.8+cu122torch2.3cxx11abifalse");
  EXPECT_EQ(plan.virtuals["__torch-cxx11abi"].str(), "0");
  EXPECT_EQ(plan.virtuals["__cuda-runtime"].str(), "12.1");
  // Each machine-bound choice carries its reason and the target's value.
  bool driver_reason = false;
  for (const Reason& why : row(plan, "torch")->why)
    if (why.requirement == "__cuda>=12.1")
      driver_reason = why.value == "the target's driver 535.104.05 supports CUDA 12.2 at most";
  EXPECT_TRUE(driver_reason);
  for (const Finding& finding : plan.findings) EXPECT_NE(finding.severity, Severity::Error) << finding.message;
}

TEST(PlannerTest, ExplainsWhyFlashAttention2CannotRunOnATuringGpu) {
  solve::MemorySource source = ml_index();
  PlanRequest request;
  request.requirements = roots({"torch", "flash-attn"});
  request.target = target("gpu=T4,driver=550.54.15,python=3.10,glibc=2.35");
  Plan plan = make_plan(request, source, kb());
  ASSERT_FALSE(plan.solved);
  std::string text;
  for (const std::string& line : plan.explanation) text += line + "\n";
  EXPECT_NE(text.find("compute capability 7.5 (sm_75)"), std::string::npos) << text;
  EXPECT_NE(text.find("__sm>=8.0"), std::string::npos) << text;
  ASSERT_FALSE(plan.nearest.empty());
  bool without = false;
  for (const NearestPlan& near : plan.nearest) without = without || near.change == "without flash-attn";
  EXPECT_TRUE(without);
}

TEST(PlannerTest, CpuOnlyTargetsPreferTheCpuBuildAndRuleOutFlashAttn) {
  solve::MemorySource source = ml_index();
  PlanRequest request;
  request.requirements = roots({"torch==2.3.1"});
  request.target = target("python=3.10,glibc=2.35");
  Plan plan = make_plan(request, source, kb());
  ASSERT_TRUE(plan.solved);
  EXPECT_EQ(row(plan, "torch")->version.str(), "2.3.1+cpu");
  request.requirements = roots({"torch==2.3.1", "flash-attn"});
  Plan with_fa = make_plan(request, source, kb());
  ASSERT_FALSE(with_fa.solved);
  std::string text;
  for (const std::string& line : with_fa.explanation) text += line + "\n";
  EXPECT_NE(text.find("no NVIDIA GPU"), std::string::npos) << text;
}

}  // namespace
}  // namespace mlstack::plan

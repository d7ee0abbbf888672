// SPDX-License-Identifier: MIT
#include "plan/target.h"

#include <gtest/gtest.h>

#include "kb/loader.h"

namespace mlstack::plan {
namespace {

const kb::KnowledgeBase& kb() {
  static const kb::LoadResult loaded = kb::load_embedded();
  return loaded.kb;
}

TEST(PlanTargetTest, GpuNamesGoThroughTheKbAndTheDriverToItsCuda) {
  auto target = parse_target_spec("gpu=A100,driver=535.104.05,python=3.10,glibc=2.35", kb());
  ASSERT_TRUE(target) << target.error().message;
  ASSERT_EQ(target->gpus.size(), 1u);
  EXPECT_EQ(target->gpus[0].cc.str(), "8.0");
  EXPECT_EQ(target->gpus[0].kb_name, "NVIDIA A100");
  ASSERT_TRUE(target->platform.driver_cuda);
  // CUDA 12.2's minimum Linux driver is 535.54.03 (cuda.toml); 12.3 needs 545.
  EXPECT_EQ(target->platform.driver_cuda->str(), "12.2");
  EXPECT_EQ(target->platform.python_abi, "cp310");
  EXPECT_EQ(target->platform.gpu_compute_capabilities, std::vector<int>{80});
  EXPECT_EQ(target->describe(), "NVIDIA A100 (sm_80), driver 535.104.05 (CUDA ≤ 12.2), CPython 3.10, glibc 2.35, linux x86_64");
}

TEST(PlanTargetTest, MalformedTargetsNameWhatIsAccepted) {
  auto unknown = parse_target_spec("gpu=A100,drvier=535,python=3.10", kb());
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("unknown field `drvier` (accepted fields: gpu, sm, driver, cuda, python, "
                                         "glibc, arch, os, toolkit)"),
            std::string::npos)
      << unknown.error().message;
  auto bad_driver = parse_target_spec("gpu=A100,driver=latest,python=3.10", kb());
  ASSERT_FALSE(bad_driver);
  EXPECT_NE(bad_driver.error().message.find("driver=`latest` is not a driver version"), std::string::npos);
  auto gpu = parse_target_spec("gpu=A6000x,driver=550.54.15,python=3.10", kb());
  ASSERT_FALSE(gpu);
  EXPECT_NE(gpu.error().message.find("the kb knows no GPU named `A6000x` (nearest: "), std::string::npos)
      << gpu.error().message;
  EXPECT_NE(gpu.error().message.find("RTX A6000"), std::string::npos) << gpu.error().message;
  EXPECT_FALSE(parse_target_spec("gpu=A100,python=3.10", kb()));  // no driver
  EXPECT_FALSE(parse_target_spec("gpu=A100,driver=535.104.05", kb()));  // no python
}

TEST(PlanTargetTest, CpuOnlyTargetAndAssumedGlibcAreSaid) {
  auto target = parse_target_spec("python=3.12", kb());
  ASSERT_TRUE(target) << target.error().message;
  EXPECT_FALSE(target->has_gpu());
  EXPECT_EQ(target->platform.libc_version->str(), "2.17");
  ASSERT_FALSE(target->notes.empty());
  EXPECT_NE(target->notes[0].find("glibc not given: assumed 2.17"), std::string::npos);
}

TEST(PlanTargetTest, SeveralGpusAndComputeCapabilities) {
  auto target = parse_target_spec("gpu=T4+H100,driver=550.54.15,python=3.11,glibc=2.35", kb());
  ASSERT_TRUE(target) << target.error().message;
  EXPECT_EQ(target->platform.gpu_compute_capabilities, (std::vector<int>{75, 90}));
  auto sm = parse_target_spec("sm=8.6,cuda=12.8,python=3.11,glibc=2.35", kb());
  ASSERT_TRUE(sm) << sm.error().message;
  EXPECT_EQ(sm->platform.driver_cuda->str(), "12.8");
}

}  // namespace
}  // namespace mlstack::plan

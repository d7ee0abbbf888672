// SPDX-License-Identifier: MIT
#include "check/stack.h"

#include <gtest/gtest.h>

namespace mlstack::check {
namespace {

TEST(ParseTargetTest, ReadsEveryKey) {
  auto target = parse_target("python=3.10,cuda=12.1,sm=86,abi=0,glibc=2.31,driver=535.104.05,toolkit=12.1");
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->python_version->str(), "3.10");
  EXPECT_EQ(target->python_abi, "cp310");
  EXPECT_EQ(target->driver_cuda->str(), "12.1");
  EXPECT_EQ(target->gpu_compute_capabilities, std::vector<int>{86});
  EXPECT_EQ(target->torch_cxx11_abi, false);
  EXPECT_EQ(target->libc_version->str(), "2.31");
  EXPECT_EQ(target->driver_version->str(), "535.104.5");
  EXPECT_EQ(target->cuda_toolkit->str(), "12.1");
}

TEST(ParseTargetTest, ComputeCapabilitySpellingsAndSeveralGpus) {
  auto target = parse_target("sm=8.0+sm_90+75");
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->gpu_compute_capabilities, (std::vector<int>{80, 90, 75}));
}

TEST(ParseTargetTest, RejectsUnknownKeyWithList) {
  auto target = parse_target("python=3.10,gpu=a100");
  ASSERT_FALSE(target);
  EXPECT_EQ(target.error(), "unknown target key `gpu` (known: python, cuda, driver, toolkit, glibc, sm, abi, arch, os)");
}

TEST(ParseTargetTest, RejectsBadValues) {
  EXPECT_EQ(parse_target("python=three").error(), "target `python=three`: `three` is not a valid value for python");
  EXPECT_EQ(parse_target("abi=maybe").error(), "target `abi=maybe`: `maybe` is not a valid value for abi");
  EXPECT_EQ(parse_target("sm=ampere").error(), "target `sm=ampere`: `ampere` is not a compute capability (86, 8.6 or sm_86)");
  EXPECT_EQ(parse_target("python").error(), "target item `python` is not KEY=VALUE");
  EXPECT_FALSE(parse_target(""));
}

}  // namespace
}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
#include "kb/virtual_package.h"

#include <gtest/gtest.h>

namespace mlstack::kb {
namespace {

TEST(VirtualPackageTest, ParsesVirtualRequirementKeepingItsName) {
  auto requirement = parse_requirement("__cuda-runtime>=12,<13");
  ASSERT_TRUE(requirement.has_value()) << requirement.error().message;
  EXPECT_EQ(requirement->name, "__cuda-runtime");
  EXPECT_TRUE(requirement->specifier.contains(*pep::Version::parse("12.4")));
  EXPECT_FALSE(requirement->specifier.contains(*pep::Version::parse("13.0")));
  EXPECT_EQ(requirement->str(), "__cuda-runtime<13,>=12");
}

TEST(VirtualPackageTest, ParsesOrdinaryRequirements) {
  auto requirement = parse_requirement("huggingface-hub<1.0");
  ASSERT_TRUE(requirement.has_value());
  EXPECT_EQ(requirement->name, "huggingface-hub");
  EXPECT_FALSE(is_virtual_package(requirement->name));
  EXPECT_TRUE(is_virtual_package("__sm"));
}

TEST(VirtualPackageTest, ErrorPointsIntoTheWholeText) {
  auto requirement = parse_requirement("__sm>=>8.0");
  ASSERT_FALSE(requirement.has_value());
  EXPECT_EQ(requirement.error().input, "__sm>=>8.0");
  EXPECT_GE(requirement.error().start, 4u);
}

}  // namespace
}  // namespace mlstack::kb

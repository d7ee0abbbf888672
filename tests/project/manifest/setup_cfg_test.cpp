// SPDX-License-Identifier: MIT
#include "project/manifest/setup_cfg.h"

#include <gtest/gtest.h>

namespace mlstack::project {
namespace {

TEST(SetupCfg, ReadsOptionsExtrasAndEntryPoints) {
  Manifest m = parse_setup_cfg(R"([metadata]
name = demo

[options]
python_requires = >=3.8
install_requires =
    torch>=2.1
    numpy; python_version >= "3.9"
setup_requires = setuptools>=64; wheel

[options.extras_require]
gpu =
    triton

[options.entry_points]
console_scripts =
    demo = demo.cli:main
)",
                               "setup.cfg");
  EXPECT_TRUE(m.findings.empty());
  ASSERT_EQ(m.requirements.size(), 5u);
  EXPECT_EQ(m.requirements[0].text, "torch>=2.1");
  EXPECT_EQ(m.requirements[0].origin.to_string(), "setup.cfg:7:5");
  EXPECT_EQ(m.requirements[1].text, "numpy; python_version >= \"3.9\"");
  EXPECT_EQ(m.requirements[2].text, "setuptools>=64");
  EXPECT_EQ(m.requirements[2].scope, Scope::Build);
  EXPECT_EQ(m.requirements[3].text, "wheel");
  EXPECT_EQ(m.requirements[4].group, "gpu");
  EXPECT_EQ(m.requires_python->text, ">=3.8");
  ASSERT_EQ(m.entry_points.size(), 1u);
  EXPECT_EQ(m.entry_points[0].name, "demo");
}

TEST(SetupCfg, LintOnlyFileDeclaresNothing) {
  Manifest m = parse_setup_cfg("[flake8]\nmax-line-length = 140\nextend-ignore = E203, W503\n", "setup.cfg");
  EXPECT_TRUE(m.requirements.empty());
  EXPECT_TRUE(m.findings.empty());
}

}  // namespace
}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
#include "project/manifest/discover.h"

#include <gtest/gtest.h>

namespace mlstack::project {
namespace {

TEST(Discover, ClassifiesFilesByNameAndFolder) {
  EXPECT_EQ(classify_file("pyproject.toml"), FileRole::Pyproject);
  EXPECT_EQ(classify_file("pyproject.toml_torch_2.6.0"), FileRole::PyprojectCandidate);
  EXPECT_EQ(classify_file("server/uv.lock"), FileRole::Lock);
  EXPECT_EQ(classify_file("requirements-dev.txt"), FileRole::Requirements);
  EXPECT_EQ(classify_file("server/requirements_cuda.txt"), FileRole::Requirements);
  EXPECT_EQ(classify_file("requirements/full/amd.txt"), FileRole::Requirements);
  EXPECT_EQ(classify_file("requirements.in"), FileRole::Requirements);
  EXPECT_EQ(classify_file("constraints-cu121.txt"), FileRole::Constraints);
  EXPECT_EQ(classify_file("notes.txt"), std::nullopt);
  EXPECT_EQ(classify_file("setup.cfg"), FileRole::SetupCfg);
  EXPECT_EQ(classify_file("kernels/setup.py"), FileRole::SetupPy);
  EXPECT_EQ(classify_file("environment-gpu.yaml"), FileRole::CondaEnvironment);
  EXPECT_EQ(classify_file("scripts/install.sh"), FileRole::ShellScript);
  EXPECT_EQ(classify_file("docker/Dockerfile.cuda"), FileRole::Dockerfile);
  EXPECT_EQ(classify_file("README.md"), FileRole::Markdown);
  EXPECT_EQ(classify_file("INSTALL.md"), FileRole::Markdown);
  EXPECT_EQ(classify_file("docs/get_started/installation.md"), FileRole::Markdown);
  EXPECT_EQ(classify_file("CHANGELOG.md"), std::nullopt);
  EXPECT_EQ(classify_file("src/model.py"), std::nullopt);
}

}  // namespace
}  // namespace mlstack::project

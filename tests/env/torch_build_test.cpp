// SPDX-License-Identifier: MIT
#include "env/torch_build.h"

#include <gtest/gtest.h>

#include "env/env_test_support.h"
#include "env/fake_system.h"

namespace mlstack::env {
namespace {

TEST(TorchBuild, ReadsVersionPyCmakeAbiAndLibraries) {
  RealSystem system;
  auto build = read_torch_build(system, testing::fixture("venv-basic/lib/python3.11/site-packages/torch"));
  ASSERT_TRUE(build);
  EXPECT_EQ(build->version, "2.3.0+cu121");
  EXPECT_EQ(build->local_label, "cu121");
  EXPECT_EQ(build->cuda, "12.1");
  EXPECT_EQ(build->hip, "");
  EXPECT_EQ(build->git_version, "97ff6cfd9c86c5c09d7ce775ab64ec5c99230f5d");
  EXPECT_EQ(build->debug, false);
  EXPECT_EQ(build->cxx11_abi, false);
  EXPECT_TRUE(build->cxx11_abi_source.ends_with("share/cmake/Torch/TorchConfig.cmake"));
  EXPECT_EQ(build->libraries, (std::vector<std::string>{"libc10.so", "libtorch_cpu.so", "libtorch_cuda.so"}));
}

TEST(TorchBuild, FollowsDistributionLibrariesToTheirCmakeFolder) {
  RealSystem real;
  if (real.file_type("/usr/lib/python3/dist-packages/torch/version.py") != FileType::File)
    GTEST_SKIP() << "Debian's python3-torch is not installed (apt-get install python3-torch)";
  // TorchConfig.cmake comes with libtorch-dev, which python3-torch does not pull in.
  if (real.file_type("/usr/lib/x86_64-linux-gnu/cmake/Torch/TorchConfig.cmake") != FileType::File)
    GTEST_SKIP() << "Debian's libtorch-dev is not installed (apt-get install libtorch-dev)";
  auto build = read_torch_build(real, "/usr/lib/python3/dist-packages/torch");
  ASSERT_TRUE(build);
  EXPECT_EQ(build->cuda, "");
  EXPECT_EQ(build->cxx11_abi, true);
  EXPECT_EQ(build->cxx11_abi_source, "/usr/lib/x86_64-linux-gnu/cmake/Torch/TorchConfig.cmake");
  EXPECT_FALSE(build->libraries.empty());
}

TEST(TorchBuild, AbsentWithoutVersionPy) {
  FakeSystem system;
  system.add_dir("/site/torch");
  EXPECT_FALSE(read_torch_build(system, "/site/torch"));
}

TEST(PythonAssignment, ReadsAnnotatedAndPlainValues) {
  std::string_view text = "__version__ = '2.3.0'\ncuda: Optional[str] = \"12.1\"  # comment\nhip = None\ndebug = True\n";
  EXPECT_EQ(python_assignment(text, "__version__"), "2.3.0");
  EXPECT_EQ(python_assignment(text, "cuda"), "12.1");
  EXPECT_EQ(python_assignment(text, "hip"), "None");
  EXPECT_EQ(python_assignment(text, "debug"), "True");
  EXPECT_EQ(python_assignment(text, "git_version"), std::nullopt);
}

TEST(CmakeAbi, ReadsFlag) {
  EXPECT_EQ(cxx11_abi_from_cmake("set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=0\")"), false);
  EXPECT_EQ(cxx11_abi_from_cmake("set(TORCH_CXX_FLAGS \"-D_GLIBCXX_USE_CXX11_ABI=1\")"), true);
  EXPECT_EQ(cxx11_abi_from_cmake("set(TORCH_CXX_FLAGS \"\")"), std::nullopt);
}

}  // namespace
}  // namespace mlstack::env

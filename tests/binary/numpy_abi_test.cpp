// SPDX-License-Identifier: MIT
#include "binary/numpy_abi.h"

#include <gtest/gtest.h>

#include "binary/fixtures.h"

namespace mlstack::binary {
namespace {

NumpyHeaders headers_of(const std::string& path) {
  auto elf = ElfFile::open(path);
  EXPECT_TRUE(elf) << path;
  if (!elf) return NumpyHeaders::None;
  auto symbols = elf->dynamic_symbols();
  EXPECT_TRUE(symbols) << path;
  return symbols ? detect_numpy_headers(*elf, *symbols) : NumpyHeaders::None;
}

TEST(NumpyHeaders, TellsTheTwoImportCodesApart) {
  EXPECT_EQ(headers_of(testing::fixture("numpy1_module.so")), NumpyHeaders::Numpy1);
  EXPECT_EQ(headers_of(testing::fixture("numpy2_module.so")), NumpyHeaders::Numpy2);
  EXPECT_STREQ(to_string(NumpyHeaders::Numpy1), "1.x");
}

TEST(NumpyHeaders, LibrariesWithoutACapsuleImportAreNotSearched) {
  EXPECT_EQ(headers_of(testing::fixture("libconsumer.so")), NumpyHeaders::None);
  EXPECT_EQ(headers_of(testing::fixture("libabi_cxx11.so")), NumpyHeaders::None);
}

// Debian's numpy 1.24 and the torch 1.13 built against it: real 1.x modules.
TEST(NumpyHeaders, DebianModulesBuiltWithNumpy1Headers) {
  const std::string numpy_module =
      "/usr/lib/python3/dist-packages/numpy/random/_generator.cpython-311-x86_64-linux-gnu.so";
  const std::string torch_python = "/usr/lib/python3/dist-packages/torch/lib/libtorch_python.so";
  if (!testing::exists(numpy_module) || !testing::exists(torch_python))
    GTEST_SKIP() << "Debian's python3-numpy / python3-torch are not installed";
  EXPECT_EQ(headers_of(numpy_module), NumpyHeaders::Numpy1);
  EXPECT_EQ(headers_of(torch_python), NumpyHeaders::Numpy1);
}

}  // namespace
}  // namespace mlstack::binary

// SPDX-License-Identifier: MIT
#include "binary/native_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "binary/fixtures.h"

namespace mlstack::binary {
namespace {

namespace fs = std::filesystem;

TEST(NativeFiles, SeparatesExtensionModulesFromBundledLibraries) {
  const fs::path site = fs::temp_directory_path() / ("mlstack-site-" + std::to_string(::getpid()));
  for (const char* dir : {"pkg", "nvidia/cublas/lib", "pkg.libs"}) fs::create_directories(site / dir);
  for (const char* file : {"pkg/_core.cpython-311-x86_64-linux-gnu.so", "pkg/_stable.abi3.so", "pkg/plain.so",
                           "nvidia/cublas/lib/libcublas.so.12", "pkg.libs/libgomp-a34b3233.so.1.0.0",
                           "pkg/readme.txt"}) {
    std::ofstream(site / file) << "x";
  }
  auto files = find_native_files(site.string());
  fs::remove_all(site);
  EXPECT_EQ(files.extension_modules,
            (std::vector<std::string>{(site / "pkg/_core.cpython-311-x86_64-linux-gnu.so").string(),
                                      (site / "pkg/_stable.abi3.so").string(), (site / "pkg/plain.so").string()}));
  EXPECT_EQ(files.libraries, (std::vector<std::string>{(site / "nvidia/cublas/lib/libcublas.so.12").string(),
                                                       (site / "pkg.libs/libgomp-a34b3233.so.1.0.0").string()}));
  EXPECT_EQ(files.library_dirs,
            (std::vector<std::string>{(site / "nvidia/cublas/lib").string(), (site / "pkg.libs").string()}));
}

TEST(NativeFiles, ReadsTorchsCxxAbiFromDebiansTorch) {
  const std::string site = "/usr/lib/python3/dist-packages";
  if (!testing::exists(site + "/torch")) GTEST_SKIP() << "python3-torch not installed (apt-get install python3-torch)";
  Linker linker(LoadContext{});
  auto abi = torch_cxx_abi(site, linker);
  ASSERT_TRUE(abi);
  EXPECT_EQ(abi->abi, CxxAbi::Cxx11);  // Debian builds with GCC's default ABI
  EXPECT_NE(abi->library.find("libtorch_cpu.so"), std::string::npos);
}

TEST(NativeFiles, NoTorchNoAbi) {
  Linker linker(LoadContext{});
  EXPECT_FALSE(torch_cxx_abi(testing::fixture(""), linker));
}

}  // namespace
}  // namespace mlstack::binary

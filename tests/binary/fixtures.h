// SPDX-License-Identifier: MIT
// Paths of the committed fixtures (tests/data/binary, built by build.sh) and
// of optional real inputs on the machine.
#pragma once

#include <filesystem>
#include <string>

namespace mlstack::binary::testing {

inline std::string fixture(const std::string& name) {
  return std::string(MLSTACK_SOURCE_DIR) + "/tests/data/binary/" + name;
}

inline const char* k_cuda_lib_dir = "/usr/local/cuda/lib64";
inline const char* k_nvcc = "/usr/local/cuda/bin/nvcc";

inline bool exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

}  // namespace mlstack::binary::testing

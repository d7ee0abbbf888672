// SPDX-License-Identifier: MIT
// Shared helpers for the env tests: fixture paths.
#pragma once

#include <string>

namespace mlstack::env::testing {

inline std::string fixture(const std::string& relative) {
  return std::string(MLSTACK_SOURCE_DIR) + "/tests/data/env/" + relative;
}

}  // namespace mlstack::env::testing

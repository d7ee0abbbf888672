// SPDX-License-Identifier: MIT
#include "cli/environment_variables.h"

#include <cstdlib>

namespace mlstack::cli {

std::optional<std::string> env(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  return value ? std::optional<std::string>(value) : std::nullopt;
}

bool env_flag(std::string_view name) {
  auto value = env(name);
  return value && !value->empty() && *value != "0" && *value != "false";
}

}  // namespace mlstack::cli

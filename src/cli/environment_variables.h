// SPDX-License-Identifier: MIT
// Reading mlstack's own environment variables (MLSTACK_OFFLINE, NETRC, ...),
// one definition for every verb so that they all read a flag the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlstack::cli {

// The variable's value, or nullopt when it is not set.
std::optional<std::string> env(std::string_view name);

// Set, not empty, and neither "0" nor "false".
bool env_flag(std::string_view name);

}  // namespace mlstack::cli

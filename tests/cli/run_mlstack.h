// SPDX-License-Identifier: MIT
// Runs the built mlstack binary (MLSTACK_BINARY) with arguments and optional
// standard input; captures exit code, stdout and stderr for end-to-end tests.
#pragma once

#include <string>
#include <vector>

namespace mlstack::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `env` entries are "NAME=value" added to (or replacing in) the environment;
// NO_COLOR is always set so output is plain, and MLSTACK_OFFLINE=1 with an
// empty cache folder unless `env` says otherwise.
RunResult run_mlstack(const std::vector<std::string>& args, const std::string& input = {},
                      const std::vector<std::string>& env = {});

}  // namespace mlstack::testing

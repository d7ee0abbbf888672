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
  bool timed_out = false;  // killed after RunOptions::timeout_seconds
  long max_rss_kb = 0;     // peak resident memory of the run
  double seconds = 0;      // wall time
};

struct RunOptions {
  std::string input;              // standard input
  std::vector<std::string> env;   // "NAME=value" added or replaced; "-NAME" removed
  std::string cwd;                // working folder; empty: the test's own
  int timeout_seconds = 60;       // a run past it is killed (a hang fails fast instead of stalling ctest)
};

// `env` entries are "NAME=value" added to (or replacing in) the environment;
// NO_COLOR is always set so output is plain, and MLSTACK_OFFLINE=1 with an
// empty cache folder unless `env` says otherwise.
RunResult run_mlstack(const std::vector<std::string>& args, const std::string& input = {},
                      const std::vector<std::string>& env = {});

RunResult run_mlstack_with(const std::vector<std::string>& args, const RunOptions& options);
// The same, run in the folder `cwd`.
RunResult run_mlstack_in(const std::string& cwd, const std::vector<std::string>& args, const std::string& input = {},
                         const std::vector<std::string>& env = {});

}  // namespace mlstack::testing

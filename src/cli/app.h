// SPDX-License-Identifier: MIT
// The mlstack command line: global options, the verb table, exit status.
#pragma once

namespace mlstack::cli {

// Parses argv, runs one verb, returns the process exit status
// (0 clean, 1 findings at or above --fail-on, 2 bad usage or input).
int run(int argc, char** argv);

}  // namespace mlstack::cli

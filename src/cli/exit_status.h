// SPDX-License-Identifier: MIT
#pragma once

namespace mlstack::cli {

enum class ExitStatus : int {
  Success = 0,   // nothing at or above --fail-on
  Findings = 1,  // findings at or above --fail-on
  Usage = 2,     // bad usage, unreadable or invalid input
};

}  // namespace mlstack::cli

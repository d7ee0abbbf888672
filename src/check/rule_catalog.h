// SPDX-License-Identifier: MIT
// The rules `mlstack check` runs, one row each: id, default severity, title.
// docs/rules.md has a section per id (what it catches, why it matters, a
// minimal example, the fix); a test keeps the two in step, the table sorted
// and the ids unique.
#pragma once

#include <span>
#include <string_view>

#include "core/finding.h"

namespace mlstack::check {

struct RuleInfo {
  std::string_view id;
  Severity severity;
  std::string_view title;
};

std::span<const RuleInfo> rule_catalog();
const RuleInfo* find_rule(std::string_view id);

}  // namespace mlstack::check

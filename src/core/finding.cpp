// SPDX-License-Identifier: MIT
#include "core/finding.h"

#include <algorithm>

namespace mlstack {

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "info") return Severity::Info;
  if (text == "warning") return Severity::Warning;
  if (text == "error") return Severity::Error;
  return std::nullopt;
}

bool is_input_error(const Finding& finding) {
  return finding.severity == Severity::Error && finding.rule.starts_with("input.");
}

std::optional<Severity> max_severity(const std::vector<Finding>& findings) {
  std::optional<Severity> max;
  for (const auto& f : findings) {
    if (!max || f.severity > *max) max = f.severity;
  }
  return max;
}

}  // namespace mlstack

// SPDX-License-Identifier: MIT
#include "check/check.h"

#include <algorithm>

namespace mlstack::check {

CheckResult run_checks(const CheckInput& input) {
  CheckResult result;
  auto& out = result.findings;
  for (const Stack& stack : input.declared_stacks) {
    if (input.kb) {
      check_kb_constraints(*input.kb, stack, out);
      check_release_facts(*input.kb, stack, out);
    }
  }
  if (input.environment) {
    if (input.kb) check_kb_constraints(*input.kb, *input.environment, out);
    check_declared_against_installed(input.declared, *input.environment, out);
  }
  // The same violation can be reached from two stacks that share a file; keep one.
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    return a.rule < b.rule;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return result;
}

}  // namespace mlstack::check

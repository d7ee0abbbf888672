// SPDX-License-Identifier: MIT
// Evaluates one requirement (a kb constraint, a Requires-Dist, a declared
// dependency) against a Stack. Three answers, never a guess: it holds, it is
// violated (with what was found), or the stack does not say. A package the
// stack only constrains (`torch>=2.0,<2.3`) is judged as a set of versions:
// violated when no version satisfies both, satisfied when every version the
// range allows does (check/range_verdict.h).
#pragma once

#include <string>

#include "check/stack.h"
#include "pep/requirement.h"

namespace mlstack::check {

enum class Verdict {
  Satisfied,
  Violated,
  Unknown,        // the stack's range for the package neither excludes nor implies it, or the machine fact is unknown
  NotApplicable,  // the package is absent or the requirement's marker is false
};

struct Evaluation {
  Verdict verdict = Verdict::Unknown;
  std::string found;                     // "2.4.0", "torch>=2.0,<2.3" (a range), "the driver supports CUDA up to 11.8"
  const StackPackage* package = nullptr;  // the stack's package, for real packages
};

Evaluation evaluate(const pep::Requirement& requirement, const Stack& stack);

}  // namespace mlstack::check

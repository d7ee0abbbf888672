// SPDX-License-Identifier: MIT
// The kb couplings of a stack, each with its verdict: for every exact package,
// what the knowledge base says it needs of other packages and of the machine
// (kb::derive_constraints), judged against the stack (check/evaluate.h). This
// is the table behind the kb-constraint findings (check_kb_constraints): a
// violated row is a finding there, and the rows that hold say what was
// checked. Requirements whose marker is false on the stack are left out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/evaluate.h"
#include "check/stack.h"
#include "kb/knowledge_base.h"

namespace mlstack::check {

struct CouplingRow {
  std::string stack;    // the stack's label
  std::string package;  // "transformers 4.46.0"
  std::string name;     // canonical name of the package
  std::string needs;    // the requirement: "huggingface-hub<1.0,>=0.23.2", "__sm>=8.0"
  std::string target;   // canonical name of what it constrains, or the virtual package
  bool machine = false; // the target is a virtual package (__cuda, __sm, ...)
  Verdict verdict = Verdict::Unknown;
  std::string found;    // "huggingface-hub 0.36.2", "a range: huggingface-hub>=0.23.2", "CUDA up to 11.8"
  std::string reason;   // the kb row's sentence
  Origin package_origin;
  Origin fact;          // the kb row, with its source
  std::optional<Origin> found_origin;  // where the stack holds the target
};

std::vector<CouplingRow> coupling_rows(const kb::KnowledgeBase& kb, const Stack& stack);

// "holds", "violated", "unknown", "not applicable".
const char* to_string(Verdict verdict);

}  // namespace mlstack::check

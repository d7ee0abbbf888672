// SPDX-License-Identifier: MIT
// A pinning policy for the project's own declarations (the main stack's
// runtime requirements and extras), with bounds that agree with each other:
// each package's suggested range is the conjunction of
//   - what every manifest of the main stack declares for it,
//   - what the knowledge base says the project's exact pins need of it
//     (transformers==4.46.0 needs huggingface-hub<1.0: kb::derive_constraints),
//   - the scan's reproducibility bound for an open declaration (project/scan.h
//     Suggestion: a lock's version, a pin elsewhere, the next breaking release),
//     unless it contradicts the two above (it is an estimate, they are not),
// simplified where one bound contains another. A package that a pin needs
// but nothing declares gets a row too (the seeds' "huggingface-hub>=0.23.2,<1.0").
// When the bounds admit no version together the row is a conflict and
// suggests nothing: the policy never proposes bounds that cannot all hold.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/origin.h"
#include "kb/knowledge_base.h"
#include "project/scan.h"

namespace mlstack::check {

struct PolicyRow {
  std::string name;          // canonical
  std::string display_name;  // as first written
  std::string group;         // "" main dependencies, else the extra or group of its first declaration
  std::string now;           // the first declaration's constraint: "==2.3.0", ">=0.12.1", "unpinned"; "" when undeclared
  std::string suggested;     // "torch==2.3.0", "huggingface-hub<1.0,>=0.23.2"; "" when nothing is known or on conflict
  bool conflict = false;     // the bounds below admit no version together
  bool changed = false;      // suggested says more than the declarations do
  std::vector<std::string> reasons;  // one per bound, each naming where it comes from
  std::vector<Origin> origins;       // declarations, then kb rows
};

struct PinningPolicy {
  std::vector<PolicyRow> rows;  // in declaration order; undeclared packages last
  std::size_t conflicts = 0;
};

PinningPolicy pinning_policy(const kb::KnowledgeBase& kb, const project::ScanResult& scan);

}  // namespace mlstack::check

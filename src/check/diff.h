// SPDX-License-Identifier: MIT
// `mlstack diff A B`: two stacks side by side, one row per component, with a
// status computed from facts rather than from string comparison: two pins are
// "same" when they name the same version (2.3 == 2.3.0); ranges are compared
// as sets of versions ("compatible" when some version satisfies both sides,
// "differs" when none does); and a row also says when a version conflicts
// with its neighbours, does not exist, or has no prebuilt wheel for the
// target. Rows that are the same carry no notes.
#pragma once

#include <string>
#include <vector>

#include "check/stack.h"
#include "core/finding.h"
#include "kb/knowledge_base.h"

namespace mlstack::check {

enum class DiffStatus {
  Same,
  Compatible,    // not the same, but some version satisfies both sides (torch>=2.1 and torch==2.3.0)
  Differs,       // no version satisfies both (two different pins, ranges that do not meet)
  OnlyInA,
  OnlyInB,
  Conflicts,     // a kb constraint involving this package is violated in A or B
  DoesNotExist,  // a pinned version the kb says does not exist
  NoWheel,       // no prebuilt wheel for the target (flash-attn matrix)
};

const char* to_string(DiffStatus status);

struct DiffRow {
  std::string name;  // canonical
  std::string a;     // "2.3.0", ">=4.40", "" when absent
  std::string b;
  DiffStatus status = DiffStatus::Same;
  std::vector<std::string> notes;  // each cites its fact or finding
  std::vector<Origin> origins;
};

struct DiffResult {
  std::string label_a;
  std::string label_b;
  std::vector<DiffRow> rows;      // sorted by name
  std::vector<Finding> findings;  // the findings behind Conflicts / DoesNotExist rows, per side
};

DiffResult diff_stacks(const Stack& a, const Stack& b, const kb::KnowledgeBase& kb);

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
// What the knowledge base knows of each pinned version: that it exists, and
// when it was released. A script that pins torch==2.8.0 gets that fact, with
// its source, instead of a guess.
#pragma once

#include <string>
#include <vector>

#include "check/stack.h"
#include "kb/knowledge_base.h"

namespace mlstack::check {

struct ReleaseFact {
  std::string name;     // canonical
  std::string version;  // public version, "2.8.0"
  std::string date;     // "2025-08-06"; empty when the kb has no dated source
  Origin pinned_at;     // where the stack pins it
  Origin fact;          // the kb row
};

// One fact per distinct (name, version) that the stack pins exactly and the kb knows.
std::vector<ReleaseFact> pinned_release_facts(const kb::KnowledgeBase& kb, const Stack& stack);

}  // namespace mlstack::check

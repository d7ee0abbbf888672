// SPDX-License-Identifier: MIT
#include "check/release_facts.h"

namespace mlstack::check {

std::vector<ReleaseFact> pinned_release_facts(const kb::KnowledgeBase& kb, const Stack& stack) {
  std::vector<ReleaseFact> out;
  for (const StackPackage& p : stack.packages) {
    if (!p.version) continue;
    pep::Version version = p.version->public_version();
    std::optional<std::string> date;
    std::optional<kb::Fact> fact = kb.known_release(p.name, version, &date);
    if (!fact) continue;
    out.push_back({p.name, version.str(), date.value_or(""), p.origin, fact->origin()});
  }
  return out;
}

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
// The scan's suggested bounds ("Reproducibility": tokenizers>=0.12.1 ->
// tokenizers>=0.12.1,<0.13) obey the same rule as check's fixes: a bound
// never excludes what another exact pin of the same stack needs of the
// package, per the knowledge base (transformers==4.46.0 needs
// tokenizers>=0.20,<0.21, so `<0.13` would make the project uninstallable).
// A suggestion that would is replaced by the range the pin needs, within the
// declaration; when the declaration itself excludes it, no bound is
// suggested and the reason says why (check reports the conflict).
#pragma once

#include <string_view>

#include "kb/knowledge_base.h"
#include "project/scan.h"

namespace mlstack::check {

void revise_suggestions(const kb::KnowledgeBase& kb, project::ScanResult& scan);

// The kb files revise_suggestions needs (what pins need of other packages:
// coupling rules and torch's companions), for a scan that loads no more.
inline constexpr std::string_view k_suggestion_kb_files[] = {"coupling.toml", "torch.toml"};

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
// What a declaration can install. A pin names one version; a range
// (`numpy`, `torch>=2.0,<2.3`, `torchvision==0.22.*`) names a set, of which
// the knowledge base knows some releases. Rules judge a range two ways:
//   - every allowed version: when the kb lists the package's releases in full
//     (torch, its companions, flash-attn) and the range stays within the
//     listed span, `versions` is all a resolver could pick;
//   - a fresh install: today's newest allowed release (`newest`), which is
//     what `pip install` picks when nothing else in the stack bounds it.
// Releases come from the kb; the package index (src/index) can answer the
// same questions more completely when it is reachable.
#pragma once

#include <optional>
#include <vector>

#include "check/stack.h"
#include "core/origin.h"
#include "kb/knowledge_base.h"

namespace mlstack::check {

struct Allowed {
  std::vector<pep::Version> versions;  // ascending; the exact version of an exact package
  bool complete = false;               // `versions` is every version the declaration allows
  std::optional<pep::Version> newest;  // what a fresh install gets: the newest allowed final release
  Origin newest_source;                // the kb row that says `newest` exists
};

Allowed allowed_releases(const kb::KnowledgeBase& kb, const StackPackage& package);

// The kb row that says `version` of `name` exists (packages.toml, torch.toml,
// flash_attn.toml), or an empty origin.
Origin release_origin(const kb::KnowledgeBase& kb, std::string_view name, const pep::Version& version);

}  // namespace mlstack::check

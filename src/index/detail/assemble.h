// SPDX-License-Identifier: MIT
// Turning per-source answers for one name into a Project by the priority
// rule of sources.h; shared by IndexClient and MemoryIndex so that the rule
// is written once.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "index/package_index.h"

namespace mlstack::index::detail {

struct SourceAnswer {
  std::size_t source = 0;
  enum class State { Found, NotFound, Failed } state = State::Failed;
  const ProjectPage* page = nullptr;  // Found
  // Found, when the page's owner keeps no use for its files: they are moved
  // into the project instead of copied (the same page as `page`).
  ProjectPage* movable = nullptr;
  std::string problem;                // Failed: names the URL
  std::string url;                    // the page URL (redacted), for problems
  Freshness freshness = Freshness::None;
  std::int64_t fetched_at = 0;
};

// `indexes`: answers of the indexes in lookup order; `links`: answers of the
// find-links sources (their pages hold files of many projects).
Project assemble(std::string name, std::span<const SourceAnswer> indexes, std::span<const SourceAnswer> links);

}  // namespace mlstack::index::detail

// SPDX-License-Identifier: MIT
// Documents for `mlstack index` and `mlstack cache`.
#pragma once

#include <string>
#include <vector>

#include "index/http_cache.h"
#include "index/package_report.h"
#include "report/document.h"

namespace mlstack::report {

struct IndexViewOptions {
  bool verbose = false;  // every version and every file, not the newest and the target's
  bool has_target = false;
};

Document index_document(const std::vector<index::PackageReport>& reports, const IndexViewOptions& options);

// `mlstack cache dir|clean`: where the cache is and what it holds or held.
Document cache_document(const std::string& action, const std::string& dir, const index::CacheStats& stats);

// "1.2 MB", "512 B".
std::string human_size(std::uint64_t bytes);

}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
// What `mlstack index PKG[SPEC] ...` computes: for each requirement, the
// package across the configured sources, the versions the specifier admits,
// the files of the chosen version judged on a target, its dependencies, and
// for flash-attn the prebuilt wheels the kb predicts (confirmed by HEAD when
// online). Plain values: report/index_view.cpp only formats them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "index/flash_attn_wheels.h"
#include "index/index_client.h"
#include "index/select.h"
#include "kb/knowledge_base.h"
#include "pep/platform.h"
#include "pep/requirement.h"

namespace mlstack::index {

struct IndexQuery {
  std::vector<std::string> requirements;    // "torch==2.3.1", "flash-attn", "transformers>=4.40"
  std::optional<pep::Platform> target;      // --target: which files install there
  std::optional<pep::Version> torch;        // --torch: for flash-attn wheel candidates
  bool all_files = false;                   // every file of the chosen version, not only the target's
};

struct FileRow {
  DistFile file;
  std::optional<FileFit> fit;  // with a target
  std::string index_url;       // the source that listed it
};

struct PackageReport {
  std::string requirement;  // as asked
  std::string error;        // the requirement did not parse
  std::string name;         // canonical
  Project project;  // status, versions, sources and problems; no files (`files` holds the chosen version's)
  std::vector<std::string> sources;  // index URLs consulted, in order (redacted)
  std::string served_by;             // the index the files come from (first that has it), redacted
  std::vector<std::string> also_on;  // other consulted indexes that list it
  std::vector<pep::Version> matching;  // versions the specifier admits (all when none)
  std::optional<pep::Version> chosen;  // the newest matching (not yanked, unless pinned)
  std::string chosen_upload;           // first upload time of the chosen version
  std::optional<std::string> chosen_yanked;
  std::vector<FileRow> files;          // of the chosen version
  std::optional<Dependencies> dependencies;  // of the chosen version's best file
  std::string dependencies_file;             // which file they were read from
  std::optional<pep::Version> newest_for_target;  // newest version with a wheel for the target
  std::vector<WheelCandidate> wheel_candidates;   // flash-attn: from the kb matrix
};

// Fetches every package at once (one batch), then their dependencies (one batch).
std::vector<PackageReport> query_packages(IndexClient& client, const kb::KnowledgeBase& kb, const IndexQuery& query);

}  // namespace mlstack::index

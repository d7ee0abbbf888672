// SPDX-License-Identifier: MIT
// Questions asked of one Project: which of a version's files install on a
// target machine and why not, the versions nearest a missing one, and the
// newest version with a wheel for the target. Shared by `mlstack index`,
// the check rules and the planner.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "index/package_index.h"
#include "pep/platform.h"
#include "pep/specifier.h"

namespace mlstack::index {

struct FileFit {
  const DistFile* file = nullptr;
  // A wheel whose tags and Requires-Python accept the target: installs as is.
  bool installs = false;
  // An sdist the target could build from (Requires-Python permitting).
  bool buildable = false;
  // Why not, when neither: "needs cp312; this interpreter is cp311", "Requires-Python >=3.9".
  std::string reason;
  std::size_t priority = 0;  // among installing wheels, tag priority (0 is best)
};

// Every file of the version, judged on the platform. A platform without a
// glibc version accepts any manylinux wheel of its architecture (the glibc
// question is left open rather than answered no).
std::vector<FileFit> fit_files(const Project& project, const pep::Version& version, const pep::Platform& platform);

// The best installing wheel of the version, or nullptr.
const DistFile* best_wheel(const std::vector<FileFit>& fits);

// Up to `count` existing versions on each side of `version` (nearest first).
struct NearestVersions {
  std::vector<pep::Version> below;  // highest first
  std::vector<pep::Version> above;  // lowest first
};
NearestVersions nearest_versions(const Project& project, const pep::Version& version, std::size_t count = 2);

// The newest version (not yanked, not a pre-release unless `allow_pre`)
// within `within` (empty: any) that has a wheel installing on the platform.
std::optional<pep::Version> newest_with_wheel(const Project& project, const pep::Platform& platform,
                                              const std::optional<pep::SpecifierSet>& within = std::nullopt,
                                              bool allow_pre = false);

// The earliest upload time among the version's files ("2024-06-05T...Z"), or "".
std::string first_upload(const Project& project, const pep::Version& version);
// The same over the version's files (project.files_of(version)), found once.
std::string first_upload(const std::vector<const DistFile*>& files);

// Yanked when every file of the version is yanked (PEP 592 yanks files;
// pip treats a version as yanked when all its files are). The reason of the first.
std::optional<std::string> yanked_reason(const Project& project, const pep::Version& version);
std::optional<std::string> yanked_reason(const std::vector<const DistFile*>& files);

}  // namespace mlstack::index

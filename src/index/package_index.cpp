// SPDX-License-Identifier: MIT
#include "index/package_index.h"

namespace mlstack::index {
namespace {

// PEP 440 ==: a version without a local label matches its local variants.
bool matches(const pep::Version& file_version, const pep::Version& wanted) {
  if (file_version == wanted) return true;
  return wanted.local().empty() && !file_version.local().empty() && file_version.public_version() == wanted;
}

}  // namespace

const char* to_string(Freshness freshness) {
  switch (freshness) {
    case Freshness::Network: return "fetched";
    case Freshness::Revalidated: return "cached, revalidated";
    case Freshness::Cached: return "cached";
    case Freshness::Stale: return "cached, not revalidated";
    case Freshness::None: return "none";
  }
  return "none";
}

const char* to_string(Lookup lookup) {
  switch (lookup) {
    case Lookup::Found: return "found";
    case Lookup::NotFound: return "not found";
    case Lookup::Unknown: return "unknown";
  }
  return "unknown";
}

const char* to_string(Dependencies::State state) {
  switch (state) {
    case Dependencies::State::Known: return "known";
    case Dependencies::State::Unknown: return "unknown";
    case Dependencies::State::Failed: return "failed";
  }
  return "unknown";
}

std::vector<const DistFile*> Project::files_of(const pep::Version& version) const {
  std::vector<const DistFile*> out;
  for (const auto& file : files)
    if (file.version && matches(*file.version, version)) out.push_back(&file);
  return out;
}

bool Project::has_version(const pep::Version& version) const {
  for (const auto& v : versions)
    if (matches(v, version)) return true;
  return false;
}

}  // namespace mlstack::index

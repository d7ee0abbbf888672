// SPDX-License-Identifier: MIT
#include "solve/memory_source.h"

#include <fmt/format.h>

#include "pep/name.h"

namespace mlstack::solve {

void MemorySource::add(std::string_view name, Release release, Metadata metadata) {
  Project& p = m_projects[pep::canonicalize_name(name)];
  p.metadata[release.version.str()] = std::move(metadata);
  p.releases.push_back(std::move(release));
}

void MemorySource::add_simple(std::string_view name, std::string_view version,
                              const std::vector<std::string>& requires_dist, std::string_view requires_python) {
  Release release;
  release.version = pep::Version::parse(version).value();
  DistFile wheel;
  std::string escaped = pep::canonicalize_name(name);
  for (char& c : escaped)
    if (c == '-') c = '_';
  wheel.filename = fmt::format("{}-{}-py3-none-any.whl", escaped, release.version.str());
  wheel.tags = {pep::Tag{"py3", "none", "any"}};
  release.files.push_back(std::move(wheel));
  Metadata metadata;
  for (const std::string& text : requires_dist) metadata.requires_dist.push_back(pep::Requirement::parse(text).value());
  if (!requires_python.empty()) metadata.requires_python = pep::SpecifierSet::parse(requires_python).value();
  add(name, std::move(release), std::move(metadata));
}

void MemorySource::fail(std::string_view name, std::string error) {
  m_projects[pep::canonicalize_name(name)].error = std::move(error);
}

Expected<std::span<const Release>, std::string> MemorySource::releases(std::string_view name) {
  ++m_release_reads;
  auto it = m_projects.find(pep::canonicalize_name(name));
  if (it == m_projects.end()) return std::span<const Release>();
  if (!it->second.error.empty()) return unexpected(it->second.error);
  return std::span<const Release>(it->second.releases);
}

Expected<Metadata, std::string> MemorySource::metadata(std::string_view name, const Release& release,
                                                       const DistFile&) {
  ++m_metadata_reads;
  auto it = m_projects.find(pep::canonicalize_name(name));
  if (it == m_projects.end()) return unexpected(fmt::format("{} is not in this source", name));
  auto m = it->second.metadata.find(release.version.str());
  if (m == it->second.metadata.end())
    return unexpected(fmt::format("no metadata for {} {}", name, release.version.str()));
  return m->second;
}

}  // namespace mlstack::solve

// SPDX-License-Identifier: MIT
// MemoryIndex: a PackageIndex held in memory, for tests of the layers above
// (check, solve) that need packages, files and dependencies without a
// network or a cache. Pages go in as ProjectPage values (or a compact text
// form), dependencies as METADATA text per filename.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "index/package_index.h"

namespace mlstack::index {

class MemoryIndex final : public PackageIndex {
 public:
  // One source named `url` (default: PyPI).
  explicit MemoryIndex(std::string url = std::string(k_pypi_simple));
  // Several sources in priority order; add() names the source of each page.
  explicit MemoryIndex(std::vector<IndexSource> sources);

  // The page of one package on source `source` (0: the first).
  void add(ProjectPage page, std::size_t source = 0);
  // A shorthand for tests: one wheel per version, "name": {"1.0", "2.0"} ->
  // name-1.0-py3-none-any.whl ... with metadata available.
  void add_versions(std::string_view name, const std::vector<std::string>& versions, std::size_t source = 0);
  // METADATA text for a file (by filename); files without one have Unknown dependencies.
  void add_metadata(std::string_view filename, std::string metadata_text);
  // A package whose lookup fails on a source (as if the index timed out).
  void add_failure(std::string_view name, std::string message, std::size_t source = 0);

  std::span<const IndexSource> sources() const override { return m_sources; }
  void prefetch(std::span<const std::string> names) override;
  const Project& project(std::string_view name) override;
  Project project_on(std::string_view name, std::size_t source) override;
  void prefetch_dependencies(std::span<const DistFile* const> files) override;
  const Dependencies& dependencies(const DistFile& file) override;

  // Names asked for, in order (prefetch and project), for tests of batching.
  const std::vector<std::string>& requested() const { return m_requested; }

 private:
  std::vector<IndexSource> m_sources;
  std::map<std::pair<std::size_t, std::string>, ProjectPage> m_pages;
  std::map<std::pair<std::size_t, std::string>, std::string> m_failures;
  std::map<std::string, std::string, std::less<>> m_metadata;
  std::map<std::string, Project, std::less<>> m_projects;
  std::map<std::string, Dependencies, std::less<>> m_dependencies;
  std::vector<std::string> m_requested;
};

}  // namespace mlstack::index

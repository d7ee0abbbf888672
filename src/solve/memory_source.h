// SPDX-License-Identifier: MIT
// MemorySource: a PackageSource held in memory, the fake that solver tests
// and the resolver scenario suites build their indexes with (as env's
// FakeSystem stands in for a machine). It counts what was asked, so tests
// can check that metadata is read only for versions the solver tries.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "solve/package_source.h"

namespace mlstack::solve {

class MemorySource : public PackageSource {
 public:
  // Adds one release (files and metadata) of `name`.
  void add(std::string_view name, Release release, Metadata metadata);
  // Shorthand for tests: a release with one universal wheel
  // ("name-version-py3-none-any.whl") and these requirements.
  void add_simple(std::string_view name, std::string_view version, const std::vector<std::string>& requires_dist,
                  std::string_view requires_python = "");
  // Makes releases(name) fail with `error` (an unreadable index page).
  void fail(std::string_view name, std::string error);

  Expected<std::span<const Release>, std::string> releases(std::string_view name) override;
  Expected<Metadata, std::string> metadata(std::string_view name, const Release& release,
                                           const DistFile& file) override;

  std::size_t metadata_reads() const { return m_metadata_reads; }
  std::size_t release_reads() const { return m_release_reads; }

 private:
  struct Project {
    std::vector<Release> releases;
    std::map<std::string, Metadata> metadata;  // version string -> metadata
    std::string error;
  };
  std::map<std::string, Project> m_projects;
  std::size_t m_metadata_reads = 0;
  std::size_t m_release_reads = 0;
};

}  // namespace mlstack::solve

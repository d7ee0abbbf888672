// SPDX-License-Identifier: MIT
#include "index/memory_index.h"

#include <fmt/format.h>

#include "index/detail/assemble.h"
#include "pep/metadata.h"
#include "pep/name.h"

namespace mlstack::index {

MemoryIndex::MemoryIndex(std::string url) {
  IndexSource source;
  source.url = std::move(url);
  source.is_default = true;
  source.origin = Origin::machine("memory index");
  m_sources.push_back(std::move(source));
}

MemoryIndex::MemoryIndex(std::vector<IndexSource> sources) : m_sources(std::move(sources)) {}

void MemoryIndex::add(ProjectPage page, std::size_t source) {
  page.name = pep::canonicalize_name(page.name);
  for (auto& file : page.files) {
    if (file.name.empty()) classify(file);
  }
  m_projects.erase(page.name);
  std::string name = page.name;
  m_pages[{source, name}] = std::move(page);
}

void MemoryIndex::add_versions(std::string_view name, const std::vector<std::string>& versions, std::size_t source) {
  ProjectPage page;
  page.name = pep::canonicalize_name(name);
  std::string escaped = page.name;
  for (char& c : escaped)
    if (c == '-') c = '_';
  for (const auto& v : versions) {
    DistFile file;
    file.filename = fmt::format("{}-{}-py3-none-any.whl", escaped, v);
    file.url = fmt::format("{}{}/{}", m_sources.at(source).url, page.name, file.filename);
    file.core_metadata.available = true;
    classify(file);
    page.files.push_back(std::move(file));
  }
  add(std::move(page), source);
}

void MemoryIndex::add_metadata(std::string_view filename, std::string metadata_text) {
  m_metadata[std::string(filename)] = std::move(metadata_text);
  m_dependencies.erase(std::string(filename));
}

void MemoryIndex::add_failure(std::string_view name, std::string message, std::size_t source) {
  m_failures[{source, pep::canonicalize_name(name)}] = std::move(message);
}

void MemoryIndex::prefetch(std::span<const std::string> names) {
  for (const auto& name : names) project(name);
}

const Project& MemoryIndex::project(std::string_view name) {
  std::string canonical = pep::canonicalize_name(name);
  m_requested.push_back(canonical);
  if (auto it = m_projects.find(canonical); it != m_projects.end()) return it->second;
  std::vector<detail::SourceAnswer> indexes, links;
  for (std::size_t i = 0; i < m_sources.size(); ++i) {
    detail::SourceAnswer answer;
    answer.source = i;
    answer.url = m_sources[i].url + canonical + "/";
    answer.freshness = Freshness::Network;
    if (auto failure = m_failures.find({i, canonical}); failure != m_failures.end()) {
      answer.state = detail::SourceAnswer::State::Failed;
      answer.problem = failure->second;
    } else if (auto page = m_pages.find({i, canonical}); page != m_pages.end()) {
      answer.state = detail::SourceAnswer::State::Found;
      answer.page = &page->second;
    } else {
      answer.state = detail::SourceAnswer::State::NotFound;
    }
    (m_sources[i].kind == IndexSource::Kind::FindLinks ? links : indexes).push_back(answer);
  }
  return m_projects.emplace(canonical, detail::assemble(canonical, indexes, links)).first->second;
}

Project MemoryIndex::project_on(std::string_view name, std::size_t source) {
  std::string canonical = pep::canonicalize_name(name);
  detail::SourceAnswer answer;
  answer.source = source;
  answer.url = m_sources.at(source).url + canonical + "/";
  answer.freshness = Freshness::Network;
  if (auto failure = m_failures.find({source, canonical}); failure != m_failures.end()) {
    answer.state = detail::SourceAnswer::State::Failed;
    answer.problem = failure->second;
  } else if (auto page = m_pages.find({source, canonical}); page != m_pages.end()) {
    answer.state = detail::SourceAnswer::State::Found;
    answer.page = &page->second;
  } else {
    answer.state = detail::SourceAnswer::State::NotFound;
  }
  return detail::assemble(canonical, std::span<const detail::SourceAnswer>(&answer, 1), {});
}

void MemoryIndex::prefetch_dependencies(std::span<const DistFile* const> files) {
  for (const DistFile* file : files) dependencies(*file);
}

const Dependencies& MemoryIndex::dependencies(const DistFile& file) {
  if (auto it = m_dependencies.find(file.filename); it != m_dependencies.end()) return it->second;
  Dependencies deps;
  deps.url = file.url + ".metadata";
  auto text = m_metadata.find(file.filename);
  if (!file.core_metadata.available || text == m_metadata.end()) {
    deps.state = Dependencies::State::Unknown;
    deps.reason = fmt::format("{}: the index offers no metadata file for {}", file.url, file.filename);
  } else if (auto parsed = pep::parse_metadata(text->second)) {
    deps.state = Dependencies::State::Known;
    deps.freshness = Freshness::Network;
    deps.requires_dist = parsed->requirements;
    deps.requires_dist_text = parsed->requires_dist;
    deps.requires_python = parsed->requires_python;
    deps.provides_extra = parsed->provides_extra;
  } else {
    deps.state = Dependencies::State::Failed;
    deps.reason = fmt::format("{}: not core metadata: {}", deps.url, parsed.error().message);
  }
  return m_dependencies.emplace(file.filename, std::move(deps)).first->second;
}

}  // namespace mlstack::index

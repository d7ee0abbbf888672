// SPDX-License-Identifier: MIT
#include "index/detail/assemble.h"

#include <algorithm>

namespace mlstack::index::detail {
namespace {

void add_files(Project& project, const ProjectPage& page, std::size_t source, bool only_this_name) {
  for (const DistFile& file : page.files) {
    if (only_this_name && file.name != project.name) continue;
    DistFile copy = file;
    copy.source = source;
    project.files.push_back(std::move(copy));
  }
}

// A project page holds thousands of files (torch's); a warm `mlstack index`
// spent a sixth of its time copying them.
void take_files(Project& project, ProjectPage& page, std::size_t source) {
  project.files.reserve(project.files.size() + page.files.size());
  for (DistFile& file : page.files) {
    file.source = source;
    project.files.push_back(std::move(file));
  }
  page.files.clear();
}

}  // namespace

Project assemble(std::string name, std::span<const SourceAnswer> indexes, std::span<const SourceAnswer> links) {
  Project project;
  project.name = std::move(name);
  bool failed = false;
  for (const SourceAnswer& answer : indexes) {
    switch (answer.state) {
      case SourceAnswer::State::Found:
        if (!project.source) {
          project.source = answer.source;
          project.freshness = answer.freshness;
          project.fetched_at = answer.fetched_at;
          if (answer.movable != nullptr) take_files(project, *answer.movable, answer.source);
          else add_files(project, *answer.page, answer.source, false);
          for (const auto& text : answer.page->versions) {
            if (auto v = pep::Version::parse(text)) project.versions.push_back(std::move(*v));
          }
          for (const auto& problem : answer.page->problems) project.problems.push_back({answer.url, problem});
        } else {
          project.also_on.push_back(answer.source);
        }
        break;
      case SourceAnswer::State::NotFound:
        break;
      case SourceAnswer::State::Failed:
        failed = true;
        project.unanswered.push_back(answer.source);
        project.problems.push_back({answer.url, answer.problem});
        break;
    }
  }
  bool linked = false;
  for (const SourceAnswer& answer : links) {
    if (answer.state == SourceAnswer::State::Failed) {
      project.unanswered.push_back(answer.source);
      project.problems.push_back({answer.url, answer.problem});
      continue;
    }
    if (answer.state != SourceAnswer::State::Found) continue;
    std::size_t before = project.files.size();
    add_files(project, *answer.page, answer.source, true);
    if (project.files.size() > before) {
      linked = true;
      if (project.freshness == Freshness::None) {
        project.freshness = answer.freshness;
        project.fetched_at = answer.fetched_at;
      }
    }
  }
  project.status = project.source || linked ? Lookup::Found : failed ? Lookup::Unknown : Lookup::NotFound;
  // A consulted source that could not answer leaves "not found" unproven.
  if (!project.source && !linked && failed) project.status = Lookup::Unknown;
  for (const auto& file : project.files)
    if (file.version) project.versions.push_back(*file.version);
  std::sort(project.versions.begin(), project.versions.end());
  project.versions.erase(std::unique(project.versions.begin(), project.versions.end()), project.versions.end());
  std::stable_sort(project.files.begin(), project.files.end(), [](const DistFile& a, const DistFile& b) {
    if (a.version.has_value() != b.version.has_value()) return a.version.has_value();
    if (a.version && *a.version != *b.version) return *a.version < *b.version;
    return a.filename < b.filename;
  });
  return project;
}

}  // namespace mlstack::index::detail

// SPDX-License-Identifier: MIT
#include "index/detail/assemble.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

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
  for (DistFile& file : page.files) file.source = source;
  if (project.files.empty()) {  // the first source: the whole list moves at once
    project.files = std::move(page.files);
    page.files.clear();
    return;
  }
  project.files.reserve(project.files.size() + page.files.size());
  for (DistFile& file : page.files) project.files.push_back(std::move(file));
  page.files.clear();
}

// Puts files[order[k]] at position k, following each cycle of the
// permutation with one file held aside: every file moves once, and no second
// array of files is allocated (1.8 MB of them in a warm lookup of 100 packages).
void permute(std::vector<DistFile>& files, std::vector<std::uint32_t>& order) {
  for (std::uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    DistFile held = std::move(files[start]);
    std::uint32_t at = start;
    while (order[at] != start) {
      std::uint32_t from = order[at];
      files[at] = std::move(files[from]);
      order[at] = at;
      at = from;
    }
    files[at] = std::move(held);
    order[at] = at;
  }
}

// Versions in order, then file names. The sort runs on positions and the
// files move once: a DistFile is a dozen strings, and sorting torch's
// thousands of them in place moved each one log n times.
void sort_files(std::vector<DistFile>& files) {
  auto before = [](const DistFile& a, const DistFile& b) {
    if (a.version.has_value() != b.version.has_value()) return a.version.has_value();
    if (a.version && *a.version != *b.version) return *a.version < *b.version;
    return a.filename < b.filename;
  };
  if (std::is_sorted(files.begin(), files.end(), before)) return;
  std::vector<std::uint32_t> order(files.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return before(files[a], files[b]); });
  permute(files, order);
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
  // The files' versions, read off the sorted files (equal versions sit
  // together), merged with the versions the page lists (PEP 700).
  sort_files(project.files);
  std::vector<pep::Version> listed = std::move(project.versions);
  std::sort(listed.begin(), listed.end());
  std::vector<pep::Version> of_files;
  for (const auto& file : project.files)
    if (file.version && (of_files.empty() || of_files.back() != *file.version)) of_files.push_back(*file.version);
  project.versions.clear();
  project.versions.reserve(listed.size() + of_files.size());
  std::merge(std::make_move_iterator(listed.begin()), std::make_move_iterator(listed.end()),
             std::make_move_iterator(of_files.begin()), std::make_move_iterator(of_files.end()),
             std::back_inserter(project.versions));
  project.versions.erase(std::unique(project.versions.begin(), project.versions.end()), project.versions.end());
  return project;
}

}  // namespace mlstack::index::detail

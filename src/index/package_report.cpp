// SPDX-License-Identifier: MIT
#include "index/package_report.h"

#include <fmt/format.h>

#include "core/trace.h"
#include "index/url.h"
#include "pep/name.h"

namespace mlstack::index {
namespace {

// "==2.3.1" (not "==2.*"): the one version a pin names.
std::optional<pep::Version> exact_pin(const pep::Requirement& requirement) {
  auto clauses = requirement.specifier.clauses();
  if (clauses.size() != 1 || clauses[0].op() != pep::Specifier::Op::Equal || clauses[0].has_wildcard()) return std::nullopt;
  return clauses[0].version();
}

void choose(PackageReport& report, const Project& project, const pep::Requirement& requirement) {
  std::optional<pep::Version> pin = exact_pin(requirement);
  bool pinned = pin.has_value();
  for (const auto& v : project.versions) {
    // A pin admits pre-releases and yanked files (PEP 592: == still installs them).
    if (requirement.specifier.empty() || requirement.specifier.contains(v, pinned ? std::optional<bool>(true) : std::nullopt)) {
      report.matching.push_back(v);
    }
  }
  for (auto it = report.matching.rbegin(); it != report.matching.rend(); ++it) {
    if (!pinned && yanked_reason(project, *it)) continue;
    // Under a pin, the exact version (with its local label) is preferred over local variants.
    report.chosen = *it;
    break;
  }
  if (pin) {
    for (const auto& v : project.versions)
      if (v == *pin) report.chosen = v;
  }
}

// The project without its files: a report keeps the chosen version's files
// only (copying every file of every page cost a warm run a sixth of its time).
Project without_files(const Project& project) {
  Project out;
  out.name = project.name;
  out.status = project.status;
  out.versions = project.versions;
  out.source = project.source;
  out.also_on = project.also_on;
  out.unanswered = project.unanswered;
  out.problems = project.problems;
  out.freshness = project.freshness;
  out.fetched_at = project.fetched_at;
  return out;
}

}  // namespace

std::vector<PackageReport> query_packages(IndexClient& client, const kb::KnowledgeBase& kb, const IndexQuery& query) {
  std::vector<PackageReport> reports;
  std::vector<std::optional<pep::Requirement>> parsed;
  std::vector<std::string> names;
  for (const auto& text : query.requirements) {
    PackageReport report;
    report.requirement = text;
    auto requirement = pep::Requirement::parse(text);
    if (!requirement) {
      report.error = fmt::format("{}: not a requirement: {}", text, requirement.error().message);
      parsed.emplace_back();
    } else {
      report.name = pep::canonicalize_name(requirement->name);
      names.push_back(report.name);
      parsed.emplace_back(std::move(*requirement));
    }
    reports.push_back(std::move(report));
  }
  std::optional<trace::Phase> phase(std::in_place, "index: pages");
  client.prefetch(names);
  phase.emplace("index: answers");
  std::vector<const DistFile*> metadata_files;
  std::vector<std::size_t> metadata_owner;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (!parsed[i]) continue;
    PackageReport& report = reports[i];
    const Project& project = client.project(report.name);
    report.project = without_files(project);
    for (std::size_t s : client.config().indexes_for(report.name)) report.sources.push_back(redact(client.sources()[s].url));
    for (std::size_t s : client.config().find_links()) report.sources.push_back(redact(client.sources()[s].url));
    if (project.source) report.served_by = redact(client.sources()[*project.source].url);
    for (std::size_t s : project.also_on) report.also_on.push_back(redact(client.sources()[s].url));
    choose(report, project, *parsed[i]);
    if (query.target) report.newest_for_target = newest_with_wheel(project, *query.target, parsed[i]->specifier);
    if (report.chosen) {
      // Found once: each look is a pass over every file of the project.
      std::vector<const DistFile*> files = project.files_of(*report.chosen);
      report.chosen_upload = first_upload(files);
      report.chosen_yanked = yanked_reason(files);
      std::vector<FileFit> fits;
      if (query.target) fits = fit_files(project, *report.chosen, *query.target);
      for (std::size_t f = 0; f < files.size(); ++f) {
        FileRow row;
        row.file = *files[f];
        if (query.target) row.fit = fits[f];
        row.index_url = files[f]->source < client.sources().size() ? redact(client.sources()[files[f]->source].url) : "";
        report.files.push_back(std::move(row));
      }
      // Dependencies from the file that would install (else the first wheel, else the first file).
      const DistFile* source = query.target ? best_wheel(fits) : nullptr;
      for (const DistFile* f : files)
        if (!source && f->kind == FileKind::Wheel) source = f;
      if (!source && !files.empty()) source = files.front();
      if (source) {
        metadata_files.push_back(source);
        metadata_owner.push_back(i);
        report.dependencies_file = source->filename;
      }
    }
    if (report.name == "flash-attn" && query.torch && query.target && query.target->python_version) {
      auto py = query.target->python_version->release();
      FlashAttnTarget target{*query.torch, fmt::format("{}.{}", py[0], py.size() > 1 ? py[1] : 0),
                             query.target->torch_cxx11_abi};
      std::optional<pep::Version> version = exact_pin(*parsed[i]);
      report.wheel_candidates = flash_attn_candidates(kb, target, version);
      if (report.wheel_candidates.size() > 8) report.wheel_candidates.resize(8);
      confirm(client.remote_files(), report.wheel_candidates);
    }
  }
  client.prefetch_dependencies(metadata_files);
  for (std::size_t k = 0; k < metadata_files.size(); ++k) {
    reports[metadata_owner[k]].dependencies = client.dependencies(*metadata_files[k]);
  }
  return reports;
}

}  // namespace mlstack::index

// SPDX-License-Identifier: MIT
#include "check/rules_index.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "index/select.h"
#include "index/url.h"
#include "pep/tags.h"

namespace mlstack::check {
namespace {

using index::Lookup;
using index::Project;

std::string versions_text(const std::vector<std::string>& versions) {
  std::string out;
  for (const auto& v : versions) out += (out.empty() ? "" : ", ") + v;
  return out;
}

std::string machine_text(const pep::Platform& p) {
  std::string out = p.python_version ? fmt::format("Python {}", p.python_version->str()) : std::string("Python ?");
  out += fmt::format(" on {} {}", p.os, p.arch);
  if (p.os == "linux") out += p.libc_version ? fmt::format(" (glibc {})", p.libc_version->str()) : " (glibc unknown)";
  return out;
}

std::string source_url(index::PackageIndex& index, const Project& project) {
  if (!project.source) return {};
  return index::redact(index.sources()[*project.source].url);
}

// The problems that left a package unverified, as one note.
std::string unverified_note(const Project& project) {
  std::string out;
  for (const auto& p : project.problems) out += (out.empty() ? "" : "; ") + p.message;
  return out.empty() ? std::string("no index answered") : out;
}

Finding finding(std::string rule, Severity severity, std::string message, const StackPackage& package, std::string fix,
                std::string detail = {}) {
  return Finding{std::move(rule), severity, std::move(message), {package.origin}, std::move(fix), std::move(detail)};
}

void judge_wheels(index::PackageIndex& index, const Stack& stack, const StackPackage& package, const Project& project,
                  const std::string& url, IndexPin& pin, std::vector<Finding>& out) {
  (void)index;
  auto fits = index::fit_files(project, *package.version, stack.platform);
  if (const index::DistFile* wheel = index::best_wheel(fits)) {
    pin.wheel = wheel->filename;
    return;
  }
  bool sdist = std::any_of(fits.begin(), fits.end(), [](const index::FileFit& f) { return f.buildable; });
  std::optional<pep::Version> newest = index::newest_with_wheel(project, stack.platform);
  std::string machine = machine_text(stack.platform);
  std::string message = fmt::format("{} {} has no prebuilt wheel for {} on {}{}", package.name, package.version->str(),
                                    machine, url, sdist ? ": pip would build it from the source distribution" : "");
  std::string fix;
  if (newest && *newest > *package.version) {
    fix = fmt::format("pin {}=={} (the newest version with a wheel for this machine)", package.name, newest->str());
  } else if (newest) {
    fix = fmt::format("{}=={} is the newest version with a wheel for this machine", package.name, newest->str());
  }
  // Why each file was passed over, for --verbose and JSON.
  std::string detail;
  for (const auto& f : fits) detail += fmt::format("{}: {}\n", f.file->filename, f.reason);
  if (!detail.empty()) detail.pop_back();
  out.push_back(finding("index.no-wheel", sdist ? Severity::Warning : Severity::Error, message, package, fix, detail));
}

// Whether `version` is one the stack's declaration admits (any final release when it says nothing).
bool admits(const StackPackage& package, const pep::Version& version) {
  if (package.version) {
    if (version == *package.version) return true;
    return package.version->local().empty() && version.public_version() == *package.version;
  }
  if (package.constraint) return package.constraint->contains(version);
  return !version.is_prerelease();
}

std::optional<pep::Version> best_admitted(const Project& project, const StackPackage& package) {
  for (auto it = project.versions.rbegin(); it != project.versions.rend(); ++it)
    if (admits(package, *it) && !project.files_of(*it).empty()) return *it;
  return std::nullopt;
}

bool share_a_file(const Project& a, const Project& b) {
  for (const auto& fa : a.files) {
    const index::Hash* ha = fa.find_hash("sha256");
    if (!ha) continue;
    for (const auto& fb : b.files) {
      const index::Hash* hb = fb.find_hash("sha256");
      if (hb && hb->hex == ha->hex) return true;
    }
  }
  return false;
}

// pip merges every index and takes the highest version; uv takes the first
// index that has the name. When another index would win under pip and the two
// share no file of the package (not a mirror), whoever publishes the name
// there decides what pip installs: the dependency-confusion pattern.
void check_confusion(index::PackageIndex& index, const StackPackage& package, const Project& project,
                     std::vector<Finding>& out) {
  if (project.status != Lookup::Found || !project.source || project.also_on.empty()) return;
  std::optional<pep::Version> first = best_admitted(project, package);
  const index::IndexSource& first_source = index.sources()[*project.source];
  for (std::size_t other_index : project.also_on) {
    Project other = index.project_on(package.name, other_index);
    std::optional<pep::Version> theirs = best_admitted(other, package);
    if (!theirs || (first && *theirs <= *first) || share_a_file(project, other)) continue;
    const index::IndexSource& other_source = index.sources()[other_index];
    std::string first_url = index::redact(first_source.url), other_url = index::redact(other_source.url);
    std::string message = fmt::format(
        "{} is on {} and on {}, which share no file of it: pip merges indexes and would install {} {} from {}{}; "
        "whoever publishes {} there decides what pip installs (dependency confusion)",
        package.name, first_url, other_url, package.name, theirs->str(), other_url,
        first ? fmt::format(" rather than {} from {} (uv's first-index rule takes that one)", first->str(), first_url)
              : std::string(),
        package.name);
    std::string index_name = first_source.name.empty() ? std::string("NAME") : first_source.name;
    std::string fix = fmt::format(
        "serve {0} from one index: with uv, [tool.uv.sources] {0} = {{ index = \"{1}\" }} and mark that "
        "[[tool.uv.index]] explicit = true; with pip, replace --extra-index-url by one --index-url that proxies both",
        package.name, index_name);
    out.push_back(finding("index.dependency-confusion", Severity::Warning, std::move(message), package, std::move(fix)));
    return;
  }
}

}  // namespace

const char* to_string(IndexPin::Verdict verdict) {
  switch (verdict) {
    case IndexPin::Verdict::Exists: return "exists";
    case IndexPin::Verdict::Missing: return "does not exist";
    case IndexPin::Verdict::Yanked: return "yanked";
    case IndexPin::Verdict::Unverified: return "unverified";
  }
  return "unverified";
}

IndexVerification verify_pins(index::PackageIndex& index, const Stack& stack, const kb::KnowledgeBase& kb) {
  (void)kb;
  IndexVerification out;
  // Open requirements matter only for where they come from, which needs two indexes or more.
  std::size_t indexes = 0;
  for (const auto& s : index.sources()) indexes += s.kind == index::IndexSource::Kind::Simple;
  bool several = indexes > 1;
  std::vector<std::string> names;
  for (const auto& p : stack.packages)
    if (p.version || several) names.push_back(p.name);
  index.prefetch(names);
  for (const StackPackage& package : stack.packages) {
    if (!package.version) {
      if (!several) continue;
      // An open requirement: only where it may come from.
      const Project& open = index.project(package.name);
      check_confusion(index, package, open, out.findings);
      continue;
    }
    const Project& project = index.project(package.name);
    check_confusion(index, package, project, out.findings);
    IndexPin pin;
    pin.name = package.name;
    pin.version = package.version->str();
    pin.stack = stack.label;
    pin.pinned_at = package.origin;
    pin.index_url = source_url(index, project);
    if (project.status == Lookup::Unknown) {
      pin.note = unverified_note(project);
      out.pins.push_back(std::move(pin));
      continue;
    }
    if (project.status == Lookup::NotFound) {
      std::vector<std::string> where;
      for (const auto& s : index.sources())
        if (s.kind == index::IndexSource::Kind::Simple) where.push_back(index::redact(s.url));
      pin.verdict = IndexPin::Verdict::Missing;
      out.findings.push_back(finding("index.unknown-package", Severity::Error,
                                     fmt::format("{} is on none of the indexes consulted ({})", package.name,
                                                 versions_text(where)),
                                     package, "check the name's spelling, or add the index that serves it"));
      out.pins.push_back(std::move(pin));
      continue;
    }
    if (!project.has_version(*package.version) && !project.unanswered.empty()) {
      // Another consulted index did not answer: it might list the version.
      pin.note = unverified_note(project);
      out.pins.push_back(std::move(pin));
      continue;
    }
    if (!project.has_version(*package.version)) {
      pin.verdict = IndexPin::Verdict::Missing;
      auto near = index::nearest_versions(project, *package.version);
      for (auto it = near.below.rbegin(); it != near.below.rend(); ++it) pin.nearest.push_back(it->str());
      for (const auto& v : near.above) pin.nearest.push_back(v.str());
      std::string where = pin.index_url.empty() ? std::string("the find-links pages") : pin.index_url;
      out.findings.push_back(finding(
          "index.unknown-version", Severity::Error,
          fmt::format("{} {} is not on {}{}", package.name, package.version->str(), where,
                      pin.nearest.empty() ? "" : fmt::format(" (nearest: {})", versions_text(pin.nearest))),
          package,
          pin.nearest.empty() ? std::string()
                              : fmt::format("pin a version that exists, e.g. {}=={}", package.name,
                                            near.below.empty() ? near.above.front().str() : near.below.front().str())));
      out.pins.push_back(std::move(pin));
      continue;
    }
    pin.verdict = IndexPin::Verdict::Exists;
    pin.upload_time = index::first_upload(project, *package.version);
    if (auto reason = index::yanked_reason(project, *package.version)) {
      pin.verdict = IndexPin::Verdict::Yanked;
      pin.yanked_reason = *reason;
      std::optional<pep::Version> instead;
      for (auto it = project.versions.rbegin(); it != project.versions.rend(); ++it) {
        if (*it < *package.version && !index::yanked_reason(project, *it) && !it->is_prerelease()) {
          instead = *it;
          break;
        }
      }
      out.findings.push_back(finding(
          "index.yanked", Severity::Warning,
          fmt::format("{} {} was yanked from {}{}", package.name, package.version->str(), pin.index_url,
                      reason->empty() ? " (no reason given)" : ": " + *reason),
          package, instead ? fmt::format("pin {}=={} (the newest earlier release not yanked)", package.name, instead->str()) : ""));
    }
    if (stack.has_machine) judge_wheels(index, stack, package, project, pin.index_url, pin, out.findings);
    out.pins.push_back(std::move(pin));
  }
  return out;
}

std::vector<project::IndexEntry> declared_indexes(const project::ScanResult& scan, const std::string& stack_label) {
  std::vector<project::IndexEntry> out;
  std::vector<std::string> files = {stack_label};
  // Indexes of files the stack's file includes (-r / -c) apply to it too.
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (const auto& manifest : scan.manifests) {
      if (manifest.path != files[i]) continue;
      for (const auto& entry : manifest.indexes) out.push_back(entry);
      for (const auto& include : manifest.includes)
        if (std::find(files.begin(), files.end(), include) == files.end()) files.push_back(include);
    }
  }
  return out;
}

Expected<IndexVerification, std::string> verify_stacks(const IndexFactory& factory, const project::ScanResult& scan,
                                                       const std::vector<Stack>& stacks, const kb::KnowledgeBase& kb,
                                                       std::vector<Finding>& findings) {
  IndexVerification all;
  // One index per distinct set of declared indexes, so pages are fetched once.
  std::vector<std::pair<std::string, std::unique_ptr<index::PackageIndex>>> indexes;
  for (const Stack& stack : stacks) {
    if (stack.kind == Stack::Kind::Environment) continue;
    std::vector<project::IndexEntry> declared = declared_indexes(scan, stack.label);
    std::string key;
    for (const auto& e : declared) key += fmt::format("{}|{}|{}|{};", static_cast<int>(e.kind), e.url, e.name, e.packages.size());
    auto it = std::find_if(indexes.begin(), indexes.end(), [&](const auto& p) { return p.first == key; });
    if (it == indexes.end()) {
      auto made = factory(declared);
      if (!made) return unexpected(made.error());
      indexes.emplace_back(key, std::move(*made));
      it = indexes.end() - 1;
    }
    IndexVerification one = verify_pins(*it->second, stack, kb);
    for (auto& p : one.pins) all.pins.push_back(std::move(p));
    for (auto& f : one.findings) all.findings.push_back(std::move(f));
  }
  // The index has the last word on whether a pinned version exists.
  auto judged = [&](const Finding& f) {
    if (f.rule != "release.unknown-version") return false;
    return std::any_of(all.pins.begin(), all.pins.end(), [&](const IndexPin& pin) {
      bool decided = pin.verdict != IndexPin::Verdict::Unverified && pin.note.empty();
      return decided && std::find(f.origins.begin(), f.origins.end(), pin.pinned_at) != f.origins.end();
    });
  };
  findings.erase(std::remove_if(findings.begin(), findings.end(), judged), findings.end());
  for (const auto& f : all.findings) findings.push_back(f);
  return all;
}

Expected<IndexVerification, std::string> verify_file_stack(const IndexFactory& factory, const std::string& path,
                                                           const Stack& stack, const kb::KnowledgeBase& kb) {
  if (stack.kind == Stack::Kind::Environment) return IndexVerification{};
  std::vector<project::IndexEntry> declared;
  if (stack.kind != Stack::Kind::Lock) {
    if (auto scan = project::scan_project(path)) {
      for (const auto& manifest : scan->manifests)
        for (const auto& entry : manifest.indexes) declared.push_back(entry);
    }
  }
  auto made = factory(declared);
  if (!made) return unexpected(made.error());
  return verify_pins(**made, stack, kb);
}

void annotate_diff(DiffResult& diff, const IndexVerification& a, const IndexVerification& b) {
  auto note = [](const IndexPin& pin, const std::string& side) -> std::string {
    switch (pin.verdict) {
      case IndexPin::Verdict::Exists:
        return fmt::format("{}: {} {} is on {}{}", side, pin.name, pin.version, pin.index_url,
                           pin.upload_time.empty() ? "" : fmt::format(", uploaded {}", pin.upload_time.substr(0, 10)));
      case IndexPin::Verdict::Yanked:
        return fmt::format("{}: {} {} was yanked from {}{}", side, pin.name, pin.version, pin.index_url,
                           pin.yanked_reason.empty() ? "" : ": " + pin.yanked_reason);
      case IndexPin::Verdict::Missing:
        return fmt::format("{}: {} {} is not on {}{}", side, pin.name, pin.version,
                           pin.index_url.empty() ? "any index consulted" : pin.index_url,
                           pin.nearest.empty() ? "" : fmt::format(" (nearest: {})", versions_text(pin.nearest)));
      case IndexPin::Verdict::Unverified:
        return fmt::format("{}: {} {} unverified: {}", side, pin.name, pin.version, pin.note);
    }
    return {};
  };
  for (DiffRow& row : diff.rows) {
    bool missing = false, exists_somewhere = false, kb_missing = row.status == DiffStatus::DoesNotExist;
    for (const auto* side : {&a, &b}) {
      const std::string& label = side == &a ? diff.label_a : diff.label_b;
      for (const IndexPin& pin : side->pins) {
        if (pin.name != row.name) continue;
        // A row that is the same on both sides needs no note unless the index
        // changes its verdict (yanked, missing).
        bool changes = pin.verdict == IndexPin::Verdict::Yanked || pin.verdict == IndexPin::Verdict::Missing;
        if (row.status != DiffStatus::Same || changes) row.notes.push_back(note(pin, label));
        missing = missing || (pin.verdict == IndexPin::Verdict::Missing && pin.note.empty());
        exists_somewhere = exists_somewhere || pin.verdict == IndexPin::Verdict::Exists || pin.verdict == IndexPin::Verdict::Yanked;
      }
    }
    if (missing) row.status = DiffStatus::DoesNotExist;
    // The kb said "does not exist" but the index lists the pinned version: the index wins.
    else if (kb_missing && exists_somewhere) row.status = row.a == row.b ? DiffStatus::Same : DiffStatus::Differs;
  }
  auto drop_kb = [&](const Finding& f) {
    if (f.rule != "release.unknown-version") return false;
    for (const auto* side : {&a, &b})
      for (const IndexPin& pin : side->pins)
        if (pin.verdict != IndexPin::Verdict::Unverified && pin.note.empty() &&
            std::find(f.origins.begin(), f.origins.end(), pin.pinned_at) != f.origins.end())
          return true;
    return false;
  };
  diff.findings.erase(std::remove_if(diff.findings.begin(), diff.findings.end(), drop_kb), diff.findings.end());
  for (const auto* side : {&a, &b})
    for (const auto& f : side->findings) diff.findings.push_back(f);
}

}  // namespace mlstack::check

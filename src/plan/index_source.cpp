// SPDX-License-Identifier: MIT
#include "plan/index_source.h"

#include <algorithm>

#include <fmt/format.h>

#include "index/flash_attn_wheels.h"
#include "pep/name.h"
#include "pep/wheel_filename.h"

namespace mlstack::plan {

namespace {

bool in_family(std::string_view name) {
  return std::find(k_pytorch_family.begin(), k_pytorch_family.end(), name) != k_pytorch_family.end();
}

solve::DistFile to_solve(const index::DistFile& file, const index::IndexSource* source) {
  solve::DistFile out;
  out.filename = file.filename;
  out.is_wheel = file.kind == index::FileKind::Wheel;
  out.tags = file.tags;
  if (!file.requires_python.empty())
    if (auto spec = pep::SpecifierSet::parse(file.requires_python)) out.requires_python = *spec;
  out.yanked = file.is_yanked();
  out.yanked_reason = file.yanked.value_or("");
  out.url = file.url;
  if (const index::Hash* hash = file.find_hash("sha256")) out.sha256 = hash->hex;
  out.size = file.size;
  out.upload_time = file.upload_time;
  if (source != nullptr) {
    out.index = source->url;
    out.listing = source->kind == index::IndexSource::Kind::FindLinks ? solve::DistFile::Listing::FindLinks
                                                                       : solve::DistFile::Listing::Index;
  }
  return out;
}

// Whether a dependency applies with no extra requested: its marker holds on
// the target (or, with no target environment, it names no extra).
bool likely_needed(const pep::Requirement& req, const std::optional<pep::MarkerEnvironment>& markers) {
  if (!req.marker) return true;
  if (markers) return req.marker->evaluate(*markers);
  return req.marker->str().find("extra") == std::string::npos;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> split_variant_label(std::string_view filename) {
  if (!filename.ends_with(".whl")) return std::nullopt;
  std::string_view stem = filename.substr(0, filename.size() - 4);
  if (std::count(stem.begin(), stem.end(), '-') != 5) return std::nullopt;  // name-version-python-abi-platform-label
  std::size_t dash = stem.rfind('-');
  std::string label(stem.substr(dash + 1));
  std::string rest = std::string(stem.substr(0, dash)) + ".whl";
  if (label.empty() || !std::all_of(label.begin(), label.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
      }))
    return std::nullopt;
  if (!pep::WheelFilename::parse(rest)) return std::nullopt;
  return std::make_pair(label, rest);
}

IndexSource::IndexSource(index::PackageIndex& index, index::PackageIndex* pytorch, const kb::KnowledgeBase& kb,
                         IndexSourceOptions options)
    : m_index(index), m_pytorch(pytorch), m_kb(kb), m_options(std::move(options)) {}

void IndexSource::add_files(const index::Project& project, index::PackageIndex& from,
                            std::map<std::string, solve::Release>& by_version) {
  std::span<const index::IndexSource> sources = from.sources();
  for (const index::DistFile& file : project.files) {
    solve::DistFile converted = to_solve(file, file.source < sources.size() ? &sources[file.source] : nullptr);
    std::optional<pep::Version> version = file.version;
    if (file.kind == index::FileKind::Other) {
      // A wheel-variant name: read the label, keep the file if the rest parses.
      auto split = split_variant_label(file.filename);
      if (!split) continue;
      auto wheel = pep::WheelFilename::parse(split->second);
      converted.is_wheel = true;
      converted.tags = wheel->tags;
      converted.variant_label = split->first;
      version = wheel->version;
    }
    if (!version) continue;
    solve::Release& release = by_version[version->str()];
    release.version = *version;
    bool seen = std::any_of(release.files.begin(), release.files.end(),
                            [&](const solve::DistFile& f) { return f.filename == converted.filename; });
    if (seen) continue;  // the same file on two indexes: the first listing wins
    m_files[converted.url] = {&from, &file};
    release.files.push_back(std::move(converted));
  }
}

Expected<std::span<const solve::Release>, std::string> IndexSource::releases(std::string_view raw_name) {
  std::string name = pep::canonicalize_name(raw_name);
  if (auto cached = m_releases.find(name); cached != m_releases.end())
    return std::span<const solve::Release>(cached->second);
  const index::Project& project = m_index.project(name);
  std::map<std::string, solve::Release> by_version;
  bool found = project.status == index::Lookup::Found;
  std::string problems;
  for (const index::IndexProblem& problem : project.problems) problems += (problems.empty() ? "" : "; ") + problem.message;
  // A package the project pins to a named index ([tool.uv.sources], a
  // Poetry `source =`) comes from that index only, as its installer would take it.
  bool pinned = false;
  for (const index::IndexSource& source : m_index.sources())
    pinned = pinned || (!source.name.empty() && std::find(source.packages.begin(), source.packages.end(), name) !=
                                                    source.packages.end());
  if (in_family(name) && m_pytorch != nullptr && !pinned) {
    // Every variant index: the solver picks the build, not the index order.
    std::vector<std::string> one{name};
    m_pytorch->prefetch(one);
    for (std::size_t source = 0; source < m_pytorch->sources().size(); ++source) {
      auto key = std::make_pair(name, source);
      if (!m_variant_pages.contains(key)) m_variant_pages.emplace(key, m_pytorch->project_on(name, source));
      const index::Project& page = m_variant_pages.at(key);
      if (page.status != index::Lookup::Found) continue;
      found = true;
      add_files(page, *m_pytorch, by_version);
    }
  }
  add_files(project, m_index, by_version);
  if (!found && project.status == index::Lookup::Unknown)
    return unexpected(problems.empty() ? fmt::format("no index answered for {}", name) : problems);
  if (name == "flash-attn" && m_options.flash_attn_wheels && !m_options.python.empty()) {
    // The release matrix names wheels per torch minor; any CUDA major the kb lists.
    std::vector<std::string> minors;
    for (const kb::FlashAttnBuild& build : m_kb.flash_attn_builds)
      if (std::find(minors.begin(), minors.end(), build.torch) == minors.end()) minors.push_back(build.torch);
    for (const std::string& minor : minors) {
      auto torch = pep::Version::parse(minor);
      if (!torch) continue;
      for (const index::WheelCandidate& c :
           index::flash_attn_candidates(m_kb, {*torch, m_options.python, std::nullopt})) {
        auto wheel = pep::WheelFilename::parse(c.filename);
        if (!wheel) continue;
        solve::DistFile file;
        file.filename = c.filename;
        file.tags = wheel->tags;
        file.url = c.url;
        file.index = std::string(index::k_flash_attn_releases);
        file.listing = solve::DistFile::Listing::Url;
        solve::Release& release = by_version[wheel->version.str()];
        release.version = wheel->version;
        bool seen = std::any_of(release.files.begin(), release.files.end(),
                                [&](const solve::DistFile& f) { return f.filename == file.filename; });
        if (!seen) release.files.push_back(std::move(file));
      }
    }
  }
  std::vector<solve::Release>& out = m_releases[name];
  out.reserve(by_version.size());
  for (auto& [version, release] : by_version) out.push_back(std::move(release));
  return std::span<const solve::Release>(out);
}

Expected<solve::Metadata, std::string> IndexSource::metadata(std::string_view, const solve::Release&,
                                                             const solve::DistFile& file) {
  solve::Metadata out;
  auto it = m_files.find(file.url);
  if (it == m_files.end()) {
    out.known = false;
    out.unknown_reason = fmt::format("{} is a release asset the kb names; its metadata is not read", file.filename);
    return out;
  }
  const index::Dependencies& deps = it->second.first->dependencies(*it->second.second);
  if (deps.state == index::Dependencies::State::Failed) return unexpected(deps.reason);
  if (deps.state == index::Dependencies::State::Unknown) {
    out.known = false;
    out.unknown_reason = deps.reason.empty() ? fmt::format("no metadata for {}", file.filename) : deps.reason;
    return out;
  }
  out.requires_dist = deps.requires_dist;
  if (!deps.requires_python.empty())
    if (auto spec = pep::SpecifierSet::parse(deps.requires_python)) out.requires_python = *spec;
  for (const std::string& extra : deps.provides_extra) out.provides_extra.push_back(pep::canonicalize_extra(extra));
  // The projects the solver asks for next: fetch their pages in one batch.
  // transformers names ~100 projects under its extras; fetching those ahead
  // cost a warm plan hundreds of requests for pages it never read.
  std::vector<std::string> names;
  for (const pep::Requirement& req : deps.requires_dist)
    if (likely_needed(req, m_options.markers)) names.push_back(pep::canonicalize_name(req.name));
  m_index.prefetch(names);
  return out;
}

}  // namespace mlstack::plan

// SPDX-License-Identifier: MIT
// Which versions of a project can be installed on the target, with which
// file, and why the others cannot.
#include <algorithm>

#include <fmt/format.h>

#include "pep/name.h"
#include "solve/detail/provider_state.h"

namespace mlstack::solve::detail {

namespace {

// Clause versions of the root requirements on `name` (extras included).
template <typename F>
void for_root_clauses(const std::vector<pep::Requirement>& root, const std::string& name, F each) {
  for (const pep::Requirement& req : root) {
    if (pep::canonicalize_name(req.name) != name) continue;
    for (const pep::Specifier& clause : req.specifier.clauses()) each(req, clause);
  }
}

struct FileChoice {
  std::optional<std::size_t> best;  // index of the file to install
  std::size_t best_priority = SIZE_MAX;
  std::string reason;               // when there is none
};

}  // namespace

std::string describe_tags(const std::vector<pep::Tag>& supported) {
  if (supported.empty()) return "no wheel tags (unknown Python)";
  return supported.front().str();
}

std::optional<std::string> ProviderState::prerelease_reason_for(const std::string& name,
                                                                const std::vector<const Release*>& releases) const {
  switch (policy.prereleases) {
    case PrereleaseMode::Allow:
      return "pre-releases are allowed (--prerelease allow)";
    case PrereleaseMode::Disallow:
      return std::nullopt;
    case PrereleaseMode::IfNecessaryOrExplicit:
      break;
  }
  std::optional<std::string> named;
  for_root_clauses(root, name, [&](const pep::Requirement& req, const pep::Specifier& clause) {
    if (!named && clause.prereleases().value_or(false))
      named = fmt::format("the requirement {} names a pre-release", req.str());
  });
  if (named) return named;
  bool any = !releases.empty();
  for (const Release* release : releases)
    if (!release->version.is_prerelease()) any = false;
  if (any) return fmt::format("{} has no final release, only pre-releases", name);
  return std::nullopt;
}

bool ProviderState::yank_allowed(const std::string& name, const pep::Version& version) const {
  bool allowed = false;
  for_root_clauses(root, name, [&](const pep::Requirement&, const pep::Specifier& clause) {
    if (clause.op() == pep::Specifier::Op::Arbitrary) allowed = allowed || clause.contains(version.str());
    if (clause.op() == pep::Specifier::Op::Equal && !clause.has_wildcard())
      allowed = allowed || clause.contains(version, true);
  });
  return allowed;
}

Project& ProviderState::project(const std::string& name) {
  Project& p = projects[name];
  if (p.loaded) return p;
  p.loaded = true;
  auto releases = source.releases(name);
  if (!releases) {
    p.error = releases.error();
    return p;
  }
  p.releases.reserve(releases->size());
  for (const Release& release : *releases) p.releases.push_back(&release);
  std::sort(p.releases.begin(), p.releases.end(),
            [](const Release* a, const Release* b) { return a->version < b->version; });
  std::optional<std::string> prerelease = prerelease_reason_for(name, p.releases);
  if (prerelease) p.prerelease_reason = *prerelease;
  bool binary_ok = !policy.no_binary.contains(name);
  bool build_ok = (policy.build_all || policy.build.contains(name)) && !policy.no_build.contains(name);

  for (std::size_t r = 0; r < p.releases.size(); ++r) {
    const Release& release = *p.releases[r];
    p.known.push_back(release.version);
    if (release.version.is_prerelease() && !prerelease) {
      p.excluded.push_back({release.version, "a pre-release (not selected unless asked for: --prerelease allow, "
                                             "or a requirement that names one)"});
      continue;
    }
    bool yank_ok = yank_allowed(name, release.version);
    bool all_yanked = !release.files.empty();
    FileChoice choice;
    std::string wheel_reason, sdist_reason, rejected, yanked_reason;
    // The first wheel whose tags do not fit: why, in words, is asked of it
    // only when no file of the release installs (the words cost more than
    // the whole choice).
    const DistFile* misfit = nullptr;
    for (std::size_t f = 0; f < release.files.size(); ++f) {
      const DistFile& file = release.files[f];
      if (!file.yanked) all_yanked = false;
      else if (yanked_reason.empty()) yanked_reason = file.yanked_reason;
      if (file.yanked && !yank_ok) continue;
      std::size_t priority;
      if (file.is_wheel) {
        if (!binary_ok) {
          if (wheel_reason.empty()) wheel_reason = "wheels are not allowed for it (--no-binary)";
          continue;
        }
        std::optional<std::size_t> best = best_tag(file.tags);
        if (!best) {
          if (misfit == nullptr) misfit = &file;
          continue;
        }
        if (facts != nullptr) {
          std::string why = facts->reject(name, release.version, file);
          if (!why.empty()) {
            if (rejected.empty()) rejected = why;
            continue;
          }
        }
        priority = *best;
      } else {
        if (!build_ok) {
          if (sdist_reason.empty())
            sdist_reason = policy.no_build.contains(name) ? "its sdist may not be built (--no-build)"
                                                          : fmt::format("only an sdist, and builds are off "
                                                                        "(--allow-build {})", name);
          continue;
        }
        priority = SIZE_MAX - 1;  // after every wheel
      }
      if (!choice.best || priority < choice.best_priority) {
        choice.best = f;
        choice.best_priority = priority;
      }
    }
    if (choice.best) {
      Candidate c;
      c.version = release.version;
      c.release = r;
      c.file = *choice.best;
      c.prerelease = release.version.is_prerelease();
      c.yanked = all_yanked;
      c.rank = facts != nullptr ? facts->variant_rank(name, release.version) : 0;
      p.candidates.push_back(std::move(c));
      continue;
    }
    if (misfit != nullptr) wheel_reason = pep::tag_compatibility(misfit->tags, target.tags).detail;
    std::string reason;
    if (release.files.empty()) reason = "the index lists no file for it";
    else if (all_yanked && !yank_ok)
      reason = yanked_reason.empty() ? "yanked (only used when pinned exactly with ==)"
                                     : fmt::format("yanked: {} (only used when pinned exactly with ==)", yanked_reason);
    else if (!rejected.empty()) reason = rejected;
    else {
      std::vector<std::string> parts;
      if (!wheel_reason.empty()) parts.push_back("no wheel installs on the target (" + wheel_reason + ")");
      if (!sdist_reason.empty()) parts.push_back(sdist_reason);
      if (parts.empty()) parts.push_back("no file installs on the target");
      reason = parts[0];
      for (std::size_t i = 1; i < parts.size(); ++i) reason += "; " + parts[i];
    }
    p.excluded.push_back({release.version, std::move(reason)});
  }
  // Best first: newest public version, then the variant the facts prefer,
  // then the local label's own order.
  std::stable_sort(p.candidates.begin(), p.candidates.end(), [](const Candidate& a, const Candidate& b) {
    pep::Version pa = a.version.public_version(), pb = b.version.public_version();
    if (pa != pb) return pa > pb;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.version > b.version;
  });
  p.ascending.resize(p.candidates.size());
  for (std::size_t i = 0; i < p.ascending.size(); ++i) p.ascending[i] = i;
  std::sort(p.ascending.begin(), p.ascending.end(),
            [&](std::size_t a, std::size_t b) { return p.candidates[a].version < p.candidates[b].version; });
  p.position.resize(p.ascending.size());
  for (std::size_t at = 0; at < p.ascending.size(); ++at) p.position[p.ascending[at]] = at;
  p.facts.resize(p.candidates.size());
  p.fact_ids.resize(p.candidates.size());
  return p;
}

std::optional<std::size_t> ProviderState::best_tag(const std::vector<pep::Tag>& tags) const {
  std::optional<std::size_t> best;
  for (const pep::Tag& tag : tags) {
    auto it = tag_priority.find(tag.str());
    if (it != tag_priority.end() && (!best || it->second < *best)) best = it->second;
  }
  return best;
}

const std::vector<FactRequirement>& ProviderState::facts_of(const std::string& name, Project& p, std::size_t index) {
  static const std::vector<FactRequirement> none;
  if (facts == nullptr) return none;
  const std::vector<FactRequirement>*& stated = p.facts[index];
  if (stated == nullptr) {
    const Candidate& c = p.candidates[index];
    stated = &facts->requirements(name, c.version, p.releases[c.release]->files[c.file]);
  }
  return *stated;
}

const Candidate* ProviderState::find_candidate(const std::string& name, const pep::Version& version) {
  for (const Candidate& c : project(name).candidates)
    if (c.version == version) return &c;
  return nullptr;
}

const Metadata* ProviderState::metadata(const std::string& name, const pep::Version& version,
                                                std::string* error) {
  Project& p = project(name);
  auto it = p.metadata.find(version.str());
  if (it == p.metadata.end()) {
    const Candidate* c = find_candidate(name, version);
    if (c == nullptr) {
      *error = "it is not a candidate";
      return nullptr;
    }
    const Release& release = *p.releases[c->release];
    it = p.metadata.emplace(version.str(), source.metadata(name, release, release.files[c->file])).first;
  }
  if (!it->second) {
    *error = it->second.error();
    return nullptr;
  }
  return &*it->second;
}

}  // namespace mlstack::solve::detail

// SPDX-License-Identifier: MIT
#include "solve/python_provider.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "pep/name.h"
#include "solve/detail/provider_state.h"
#include "solve/range_text.h"

namespace mlstack::solve {

using detail::Candidate;
using detail::Kind;
using detail::Project;

namespace {

constexpr std::uint64_t k_class_shift = 48;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

bool is_virtual_name(std::string_view name) { return name.starts_with("__"); }

// How a fact's sentence names a release ("torch 2.3.1+cu121", "torch 2.3.1"),
// spelled once per release rather than once per fact.
std::array<std::string, 2> release_names(const std::string& name, const pep::Version& version) {
  return {name + " " + version.str(), name + " " + version.public_version().str()};
}

// A fact's sentence with the package it is about replaced by "{}": the
// same fact about every release then reads the same, the solver can merge
// it across versions, and the explanation names the versions it covers.
std::string templated(std::string reason, const std::array<std::string, 2>& names) {
  for (const std::string& who : names) {
    for (std::size_t at = reason.find(who); at != std::string::npos; at = reason.find(who, at + 2))
      reason.replace(at, who.size(), "{}");
  }
  return reason;
}

// The versions a specifier set admits; "===V" is taken as exactly V when V
// is a version (a string match otherwise admits no version we can name).
pep::VersionRanges ranges_of(const pep::SpecifierSet& set) {
  pep::VersionRanges out = pep::VersionRanges::of(set);
  for (const pep::Specifier& clause : set.clauses()) {
    if (clause.op() != pep::Specifier::Op::Arbitrary) continue;
    auto version = pep::Version::parse(clause.version_text());
    out = version ? out.intersect(pep::VersionRanges::singleton(*version)) : pep::VersionRanges::none();
  }
  return out;
}

bool marker_holds(const pep::Requirement& req, const pep::MarkerEnvironment& base, const std::string& extra) {
  if (!req.marker) return true;
  pep::MarkerEnvironment env = base;
  env.values["extra"] = extra;
  env.extras.clear();
  return req.marker->evaluate(env);
}

// "2.0, 2.1, 2.2" or "2.0 … 2.9 (10 versions)".
std::string version_list(const std::vector<pep::Version>& versions) {
  if (versions.size() > 3)
    return fmt::format("{} … {} ({} versions)", versions.front().str(), versions.back().str(), versions.size());
  std::string out;
  for (const pep::Version& v : versions) out += (out.empty() ? "" : ", ") + v.str();
  return out;
}

// A fact as the text that tells it apart across releases: "requirement\nreason",
// the reason templated.
std::string fact_key(const FactRequirement& fact, const std::array<std::string, 2>& names) {
  return fact.requirement.str() + '\n' + templated(fact.reason, names);
}

const std::vector<std::size_t>& fact_ids_of(detail::ProviderState& s, const std::string& name, Project& p,
                                            std::size_t index) {
  std::optional<std::vector<std::size_t>>& ids = p.fact_ids[index];
  if (!ids) {
    std::vector<std::size_t> made;
    const Candidate& c = p.candidates[index];
    std::array<std::string, 2> names = release_names(name, c.version);
    for (const FactRequirement& fact : s.facts_of(name, p, index))
      made.push_back(p.fact_text_ids.emplace(fact_key(fact, names), p.fact_text_ids.size()).first->second);
    ids = std::move(made);
  }
  return *ids;
}

// The versions of `name` next to candidate `index` (in version order,
// candidates only) whose facts include its `fact`-th fact: the same
// requirement for the same reason.
pep::VersionRanges same_fact_run(detail::ProviderState& s, const std::string& name, std::size_t index,
                                 std::size_t fact) {
  Project& p = s.project(name);
  std::size_t want = fact_ids_of(s, name, p, index)[fact];
  auto states = [&](std::size_t at) {
    const std::vector<std::size_t>& ids = fact_ids_of(s, name, p, p.ascending[at]);
    return std::find(ids.begin(), ids.end(), want) != ids.end();
  };
  std::size_t low = p.position[index], high = low;
  while (low > 0 && states(low - 1)) --low;
  while (high + 1 < p.ascending.size() && states(high + 1)) ++high;
  return pep::VersionRanges::between(pep::VersionCut::before(p.candidates[p.ascending[low]].version),
                                     pep::VersionCut::after(p.candidates[p.ascending[high]].version));
}

}  // namespace

Target target_for(const pep::Platform& platform) {
  Target target;
  target.markers = pep::marker_environment(platform);
  target.tags = pep::supported_tags(platform);
  std::string python = platform.python_version ? platform.python_version->str() : "unknown";
  if (platform.python_version)
    target.virtuals["__python"] = {{*platform.python_version}, fmt::format("the target's Python is {}", python)};
  else
    target.virtuals["__python"] = {{}, "the target's Python version is not known"};
  if (platform.libc_version)
    target.virtuals["__glibc"] = {{*platform.libc_version},
                                  fmt::format("the target's glibc is {}", platform.libc_version->str())};
  target.description = fmt::format("{} {}{}, {} {}", platform.os, platform.arch,
                                   platform.libc_version ? ", glibc " + platform.libc_version->str() : "",
                                   platform.python_implementation == "cpython" ? "CPython" : platform.python_implementation,
                                   python);
  return target;
}

PackageId detail::ProviderState::intern(Kind kind, const std::string& name, const std::string& extra) {
  std::string key = kind == Kind::Root ? "" : kind == Kind::Extra ? name + "[" + extra + "]" : name;
  auto [it, added] = ids.emplace(key, static_cast<PackageId>(packages.size()));
  if (added) packages.push_back({kind, name, extra});
  return it->second;
}

PythonProvider::PythonProvider(PackageSource& source, Target target, Policy policy,
                               std::vector<pep::Requirement> root, TargetFacts* facts, std::string root_name)
    : m_state(std::make_unique<detail::ProviderState>(source, std::move(target), std::move(policy), std::move(root), facts,
                                      std::move(root_name))) {
  m_state->intern(Kind::Root, "");
  for (std::size_t i = 0; i < m_state->target.tags.size(); ++i)
    m_state->tag_priority.emplace(m_state->target.tags[i].str(), i);
}

PythonProvider::~PythonProvider() = default;

pep::Version PythonProvider::root_version() { return pep::Version(); }

std::optional<pep::Version> PythonProvider::choose_version(PackageId package, const pep::VersionRanges& allowed) {
  detail::ProviderState& s = *m_state;
  const detail::PackageKey key = s.packages[package];
  switch (key.kind) {
    case Kind::Root:
      return allowed.contains(root_version()) ? std::optional<pep::Version>(root_version()) : std::nullopt;
    case Kind::Virtual: {
      auto it = s.target.virtuals.find(key.name);
      if (it == s.target.virtuals.end()) return std::nullopt;
      std::optional<pep::Version> best;
      for (const pep::Version& v : it->second.versions)
        if (allowed.contains(v) && (!best || v > *best)) best = v;
      if (!best && it->second.open && allowed.intervals().size() == 1) {
        const pep::VersionInterval& only = allowed.intervals()[0];
        using CutKind = pep::VersionCut::Kind;
        bool exact = only.lower.kind() == CutKind::Before &&
                     (only.upper.kind() == CutKind::After || only.upper.kind() == CutKind::AfterLocals) &&
                     only.upper.anchor().public_version() == only.lower.anchor().public_version();
        if (exact) best = only.lower.anchor();  // "==12.6": the one version it names
      }
      return best;
    }
    case Kind::Dist:
    case Kind::Extra:
      break;
  }
  Project& p = s.project(key.name);
  if (!p.error.empty()) return std::nullopt;
  auto preferred = s.policy.preferences.find(key.name);
  if (preferred != s.policy.preferences.end() && allowed.contains(preferred->second) &&
      s.find_candidate(key.name, preferred->second) != nullptr)
    return preferred->second;
  // An extra follows its base: the version last picked for the project,
  // when it is allowed, saves a conflict per version tried.
  if (key.kind == Kind::Extra) {
    auto last = s.last_choice.find(key.name);
    if (last != s.last_choice.end() && allowed.contains(last->second)) return last->second;
  }
  for (const Candidate& c : p.candidates) {
    if (allowed.contains(c.version)) {
      s.last_choice.insert_or_assign(key.name, c.version);
      return c.version;
    }
  }
  return std::nullopt;
}

std::uint64_t PythonProvider::priority(PackageId package, const pep::VersionRanges& allowed) {
  const detail::PackageKey& key = m_state->packages[package];
  std::uint64_t klass = 3;
  if (key.kind == Kind::Root) klass = 0;
  else if (key.kind == Kind::Virtual) klass = 1;
  else if (allowed.intervals().size() == 1 && allowed.intervals()[0].lower.kind() == pep::VersionCut::Kind::Before &&
           allowed.intervals()[0].upper.kind() != pep::VersionCut::Kind::Top &&
           allowed.intervals()[0].upper.kind() != pep::VersionCut::Kind::Before)
    klass = 2;  // pinned with ==: nothing to choose, decide it early
  return (klass << k_class_shift) | package;
}

Dependencies PythonProvider::dependencies(PackageId package, const pep::Version& version) {
  detail::ProviderState& s = *m_state;
  const detail::PackageKey key = s.packages[package];
  Dependencies out;
  auto add = [&](const pep::Requirement& req, std::string reason) {
    if (is_virtual_name(req.name)) {
      out.list.push_back({s.intern(Kind::Virtual, lower(req.name)), ranges_of(req.specifier), std::move(reason), {}});
      return;
    }
    std::string name = pep::canonicalize_name(req.name);
    pep::VersionRanges ranges = ranges_of(req.specifier);
    for (const std::string& extra : req.extras)
      out.list.push_back({s.intern(Kind::Extra, name, pep::canonicalize_extra(extra)), ranges, reason, {}});
    out.list.push_back({s.intern(Kind::Dist, name), std::move(ranges), std::move(reason), {}});
  };
  auto direct_url = [&](const pep::Requirement& req) {
    return fmt::format("it depends on {}, a direct URL reference, which mlstack does not fetch or build", req.str());
  };

  switch (key.kind) {
    case Kind::Root:
      for (const pep::Requirement& req : s.root) {
        if (!marker_holds(req, s.target.markers, "")) continue;
        if (req.url) {
          s.notes.push_back(fmt::format("{} is a direct URL reference: not planned (mlstack does not fetch or build it)",
                                        req.str()));
          continue;
        }
        add(req, "");
      }
      break;
    case Kind::Virtual:
      break;
    case Kind::Dist: {
      std::string error;
      const Metadata* metadata = s.metadata(key.name, version, &error);
      if (metadata == nullptr) {
        out.unavailable = "its metadata could not be read: " + error;
        return out;
      }
      for (const pep::Requirement& req : metadata->requires_dist) {
        if (!marker_holds(req, s.target.markers, "")) continue;
        if (req.url) {
          out.unavailable = direct_url(req);
          return out;
        }
        add(req, "");
      }
      const Candidate* candidate = s.find_candidate(key.name, version);
      Project& p = s.project(key.name);
      const auto index = static_cast<std::size_t>(candidate - p.candidates.data());
      const DistFile& file = p.releases[candidate->release]->files[candidate->file];
      std::optional<pep::SpecifierSet> requires_python =
          metadata->requires_python ? metadata->requires_python : file.requires_python;
      if (requires_python && !requires_python->empty()) {
        pep::Requirement python;
        python.name = "__python";
        python.specifier = *requires_python;
        add(python, fmt::format("requires-python {}", requires_python->str()));
      }
      if (s.facts != nullptr) {
        const std::vector<FactRequirement>& facts = s.facts_of(key.name, p, index);
        std::array<std::string, 2> names = release_names(key.name, version);
        for (std::size_t f = 0; f < facts.size(); ++f) {
          if (!marker_holds(facts[f].requirement, s.target.markers, "")) continue;
          std::size_t before = out.list.size();
          add(facts[f].requirement, templated(facts[f].reason, names));
          // The releases around this one stating the same fact share it.
          pep::VersionRanges run = same_fact_run(s, key.name, index, f);
          for (std::size_t i = before; i < out.list.size(); ++i) out.list[i].dependents = run;
        }
      }
      break;
    }
    case Kind::Extra: {
      out.list.push_back({s.intern(Kind::Dist, key.name), pep::VersionRanges::singleton(version), "", {}});
      std::string error;
      const Metadata* metadata = s.metadata(key.name, version, &error);
      if (metadata == nullptr) {
        out.unavailable = "its metadata could not be read: " + error;
        return out;
      }
      bool mentioned = std::find(metadata->provides_extra.begin(), metadata->provides_extra.end(), key.extra) !=
                       metadata->provides_extra.end();
      for (const pep::Requirement& req : metadata->requires_dist) {
        if (!marker_holds(req, s.target.markers, key.extra) || marker_holds(req, s.target.markers, "")) continue;
        mentioned = true;
        if (req.url) {
          out.unavailable = direct_url(req);
          return out;
        }
        add(req, "");
      }
      if (!mentioned && metadata->known)
        s.notes.push_back(fmt::format("{} {} has no extra named {}; it was ignored", key.name, version.str(), key.extra));
      break;
    }
  }
  std::vector<PackageId>& edges = s.edges[{package, version.str()}];
  for (const Dependency& dep : out.list) edges.push_back(dep.package);
  return out;
}

std::string PythonProvider::no_versions_reason(PackageId package, const pep::VersionRanges& allowed) {
  detail::ProviderState& s = *m_state;
  const detail::PackageKey key = s.packages[package];
  std::string wanted = package_range_text(package_name(package), simplify(allowed, known_versions(package)));
  if (key.kind == Kind::Root) return "";
  if (key.kind == Kind::Virtual) {
    auto it = s.target.virtuals.find(key.name);
    if (it == s.target.virtuals.end() || it->second.fact.empty())
      return fmt::format("the target says nothing about {}, so {} does not hold", key.name, wanted);
    return fmt::format("{}, so {} does not hold", it->second.fact, wanted);
  }
  Project& p = s.project(key.name);
  if (!p.error.empty()) return fmt::format("{} could not be read: {}", key.name, p.error);
  if (p.releases.empty()) return fmt::format("no index has a release of {}", key.name);
  // Group the excluded versions in range by reason, in version order.
  std::vector<std::pair<std::string, std::vector<pep::Version>>> groups;
  for (const detail::Excluded& e : p.excluded) {
    if (!allowed.contains(e.version)) continue;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == e.reason; });
    if (it == groups.end()) groups.push_back({e.reason, {e.version}});
    else it->second.push_back(e.version);
  }
  if (groups.empty()) {
    return fmt::format("there is no version of {} (versions: {})", wanted, version_list(p.known));
  }
  // One release left out for one reason: say it of that release, not of a
  // range whose bounds name builds ("flash-attn>=2.8.3,<2.8.3+cu12...").
  if (groups.size() == 1 && groups[0].second.size() == 1)
    return fmt::format("{}=={} cannot be installed: {}", key.name, groups[0].second[0].str(), groups[0].first);
  std::string out = allowed.intervals().size() > 2
                        ? fmt::format("none of the other versions of {} can be installed:", key.name)
                        : fmt::format("no version of {} can be installed:", wanted);
  for (std::size_t i = 0; i < groups.size() && i < 3; ++i)
    out += fmt::format("{} {}: {}", i ? ";" : "", version_list(groups[i].second), groups[i].first);
  if (groups.size() > 3) out += fmt::format("; {} more reasons", groups.size() - 3);
  return out;
}

std::string PythonProvider::package_name(PackageId package) {
  const detail::PackageKey& key = m_state->packages[package];
  switch (key.kind) {
    case Kind::Root:
      return m_state->root_name;
    case Kind::Extra:
      return key.name + "[" + key.extra + "]";
    default:
      return key.name;
  }
}

std::vector<pep::Version> PythonProvider::known_versions(PackageId package) {
  detail::ProviderState& s = *m_state;
  const detail::PackageKey key = s.packages[package];
  switch (key.kind) {
    case Kind::Root:
      return {root_version()};
    case Kind::Virtual: {
      auto it = s.target.virtuals.find(key.name);
      if (it == s.target.virtuals.end()) return {};
      std::vector<pep::Version> out = it->second.versions;
      std::sort(out.begin(), out.end());
      return out;
    }
    default:
      return s.project(key.name).known;
  }
}

bool PythonProvider::usable(PackageId package, const pep::Version& version) {
  const detail::PackageKey key = m_state->packages[package];
  if (key.kind != Kind::Dist && key.kind != Kind::Extra) return true;
  return m_state->find_candidate(key.name, version) != nullptr;
}

std::string PythonProvider::root_name() { return m_state->root_name; }

const std::vector<std::string>& PythonProvider::notes() const { return m_state->notes; }

std::map<std::string, pep::Version> PythonProvider::virtual_values(const SolveResult& result) {
  std::map<std::string, pep::Version> out;
  if (!result.solution) return out;
  for (const auto& [package, version] : *result.solution)
    if (m_state->packages[package].kind == Kind::Virtual) out.emplace(m_state->packages[package].name, version);
  return out;
}

std::vector<Pick> PythonProvider::picks(const SolveResult& result) {
  detail::ProviderState& s = *m_state;
  std::vector<Pick> out;
  if (!result.solution) return out;
  std::map<std::string, std::size_t> index;
  for (const auto& [package, version] : *result.solution) {
    const detail::PackageKey& key = s.packages[package];
    if (key.kind != Kind::Dist) continue;
    const Candidate* c = s.find_candidate(key.name, version);
    if (c == nullptr) continue;
    const Project& p = s.project(key.name);
    Pick pick;
    pick.name = key.name;
    pick.version = version;
    pick.file = p.releases[c->release]->files[c->file];
    if (const auto* facts = p.facts[static_cast<std::size_t>(c - p.candidates.data())]) pick.facts = *facts;
    if (version.is_prerelease()) pick.prerelease_reason = p.prerelease_reason;
    if (c->yanked) {
      pick.yanked_reason = "yanked, and used because a requirement pins it exactly";
      for (const DistFile& f : p.releases[c->release]->files)
        if (!f.yanked_reason.empty()) pick.yanked_reason = "yanked (" + f.yanked_reason + "), and used because a "
                                                                                            "requirement pins it exactly";
    }
    auto preferred = s.policy.preferences.find(key.name);
    pick.preferred = preferred != s.policy.preferences.end() && preferred->second == version;
    auto it = p.metadata.find(version.str());
    if (it != p.metadata.end() && it->second) {
      pick.requires_python = it->second->requires_python;
      if (!it->second->known) pick.dependencies_unknown = it->second->unknown_reason;
    }
    if (!pick.requires_python) pick.requires_python = pick.file.requires_python;
    index[key.name] = out.size();
    out.push_back(std::move(pick));
  }
  for (const auto& [package, version] : *result.solution) {
    const detail::PackageKey& key = s.packages[package];
    if (key.kind == Kind::Extra && index.contains(key.name)) out[index[key.name]].extras.push_back(key.extra);
    auto edges = s.edges.find({package, version.str()});
    if (edges == s.edges.end()) continue;
    for (PackageId dep : edges->second) {
      const detail::PackageKey& target = s.packages[dep];
      if (target.kind != Kind::Dist || !index.contains(target.name)) continue;
      Pick& pick = out[index[target.name]];
      std::string by = key.kind == Kind::Root ? "" : key.name;
      if (by == pick.name) continue;
      if (key.kind == Kind::Root) pick.direct = true;
      if (std::find(pick.required_by.begin(), pick.required_by.end(), by) == pick.required_by.end())
        pick.required_by.push_back(by);
    }
  }
  for (Pick& pick : out) std::sort(pick.extras.begin(), pick.extras.end());
  return out;
}

}  // namespace mlstack::solve

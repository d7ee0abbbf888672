// SPDX-License-Identifier: MIT
#include "check/pinning_policy.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "kb/constraints.h"
#include "kb/virtual_package.h"
#include "pep/name.h"
#include "pep/requirement.h"
#include "pep/specifier_algebra.h"

namespace mlstack::check {
namespace {

using project::ScannedRequirement;

bool main_declaration(const project::ScanResult& scan, const ScannedRequirement& r) {
  if (r.manifest >= scan.manifests.size() || r.name.empty()) return false;
  const project::Manifest& manifest = scan.manifests[r.manifest];
  if (!manifest.stack.empty()) return false;
  switch (manifest.kind) {
    case project::ManifestKind::Pyproject:
    case project::ManifestKind::Requirements:
    case project::ManifestKind::SetupPy:
    case project::ManifestKind::SetupCfg:
      break;
    default:
      return false;
  }
  auto scope = r.declared.scope;
  if (scope == project::Scope::Build || scope == project::Scope::Constraint || scope == project::Scope::Install) return false;
  return r.declared.form == project::RequirementForm::Pep508 && !r.declared.editable;
}

// A bound and why it applies.
struct Bound {
  pep::SpecifierSet set;
  std::string reason;
  Origin origin;
  bool declared = false;  // the project's own declaration
  bool soft = false;      // the scan's reproducibility bound: dropped when it contradicts a hard one
};

struct Entry {
  PolicyRow row;
  std::vector<Bound> bounds;
};

// The conjunction of the bounds, keeping the narrower of two nested ones so
// that `>=2.1,<3` and `==2.3.0` read as `==2.3.0`.
std::optional<pep::SpecifierSet> combine(const std::vector<Bound>& bounds) {
  std::optional<pep::SpecifierSet> out;
  for (const Bound& b : bounds) {
    if (b.set.empty()) continue;
    if (!out) {
      out = b.set;
      continue;
    }
    auto narrower = pep::is_subset(b.set, *out);
    auto wider = pep::is_subset(*out, b.set);
    if (narrower && *narrower) out = b.set;
    else if (!(wider && *wider)) out = *out & b.set;
  }
  return out;
}

std::string constraint_text(const ScannedRequirement& r) {
  if (!r.url.empty()) return r.version.empty() ? r.url : "==" + r.version;
  return r.specifier.empty() ? "unpinned" : r.specifier;
}

}  // namespace

PinningPolicy pinning_policy(const kb::KnowledgeBase& kb, const project::ScanResult& scan) {
  std::vector<Entry> entries;
  std::map<std::string, std::size_t> index;
  auto entry_for = [&](const std::string& name, const std::string& display) -> Entry& {
    auto [it, added] = index.try_emplace(name, entries.size());
    if (added) {
      entries.push_back({});
      entries.back().row.name = name;
      entries.back().row.display_name = display;
    }
    return entries[it->second];
  };

  // The project's declarations, with the scan's reproducibility bound for open ones.
  std::map<std::size_t, const project::Suggestion*> suggestion_of;
  for (const auto& s : scan.suggestions) suggestion_of[s.requirement] = &s;
  std::vector<std::pair<std::string, pep::Version>> pins;
  for (std::size_t i = 0; i < scan.requirements.size(); ++i) {
    const ScannedRequirement& r = scan.requirements[i];
    if (!main_declaration(scan, r)) continue;
    Entry& entry = entry_for(r.name, r.display_name.empty() ? r.name : r.display_name);
    if (entry.row.origins.empty()) {
      entry.row.group = r.declared.group;
      entry.row.now = constraint_text(r);
    }
    entry.row.origins.push_back(r.declared.origin);
    auto set = pep::SpecifierSet::parse(r.specifier);
    if (!r.specifier.empty() && set) {
      entry.bounds.push_back({*set, fmt::format("declared {} at {}", r.specifier, r.declared.origin.to_string()),
                              r.declared.origin, true});
    }
    if (!r.version.empty()) {
      if (auto v = pep::Version::parse(r.version)) pins.emplace_back(r.name, *v);
    }
    if (auto it = suggestion_of.find(i); it != suggestion_of.end() && !it->second->suggested.empty()) {
      if (auto suggested = pep::Requirement::parse(it->second->suggested)) {
        entry.bounds.push_back({suggested->specifier, fmt::format("{} ({})", it->second->reason, it->second->suggested),
                                r.declared.origin, false, true});
      }
    }
  }

  // What the exact pins need of other packages, from the kb (not of the machine:
  // that is the environment's or the target's to say).
  for (const auto& [name, version] : pins) {
    for (const kb::Constraint& c : kb::derive_constraints(kb, name, version)) {
      if (kb::is_virtual_package(c.requirement.name) || c.requirement.marker || c.requirement.specifier.empty()) continue;
      std::string target = pep::canonicalize_name(c.requirement.name);
      if (target == name) continue;
      Entry& entry = entry_for(target, c.requirement.name);
      std::string reason = fmt::format("{} {} needs {} (kb:{})", name, version.str(), c.requirement.str(), c.origin.context);
      bool repeated = std::any_of(entry.bounds.begin(), entry.bounds.end(), [&](const Bound& b) { return b.reason == reason; });
      if (repeated) continue;
      entry.bounds.push_back({c.requirement.specifier, reason, c.origin});
      entry.row.origins.push_back(c.origin);
    }
  }

  PinningPolicy policy;
  for (Entry& entry : entries) {
    PolicyRow& row = entry.row;
    // Declarations and kb needs must hold together; the scan's bound is kept
    // only where it agrees with them (it is a guess at the next breaking release).
    std::vector<Bound> kept;
    for (const Bound& b : entry.bounds) {
      if (!b.soft) kept.push_back(b);
    }
    std::optional<pep::SpecifierSet> hard = combine(kept);
    bool hard_conflict = hard && pep::is_unsatisfiable(*hard);
    std::vector<std::string> dropped;
    for (const Bound& b : entry.bounds) {
      if (!b.soft) continue;
      kept.push_back(b);
      std::optional<pep::SpecifierSet> trial = combine(kept);
      if (!hard_conflict && trial && pep::is_unsatisfiable(*trial)) {
        kept.pop_back();
        dropped.push_back(fmt::format("not {}: it would exclude what the bounds above require", b.set.str()));
      }
    }
    for (const Bound& b : kept) row.reasons.push_back(b.reason);
    row.reasons.insert(row.reasons.end(), dropped.begin(), dropped.end());
    std::optional<pep::SpecifierSet> combined = combine(kept);
    if (combined && pep::is_unsatisfiable(*combined)) {
      row.conflict = true;
      ++policy.conflicts;
    } else if (combined) {
      row.suggested = row.display_name + combined->str();
      // More than the declarations say: a bound was added, or the declared ones were narrowed.
      std::vector<Bound> own;
      for (const Bound& b : kept) {
        if (b.declared) own.push_back(b);
      }
      std::optional<pep::SpecifierSet> as_declared = combine(own);
      row.changed = !as_declared || !(*as_declared == *combined);
    }
    if (row.now.empty() && row.suggested.empty() && !row.conflict) continue;
    policy.rows.push_back(std::move(row));
  }
  return policy;
}

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
#include "check/suggest_bounds.h"

#include <fmt/format.h>

#include "kb/constraints.h"
#include "pep/name.h"
#include "pep/specifier_algebra.h"

namespace mlstack::check {
namespace {

struct Need {
  pep::SpecifierSet specifier;
  std::string text;  // "transformers==4.46.0 (pyproject.toml:14:5) needs tokenizers>=0.20,<0.21 (kb:coupling:...)"
};

// What the exact pins of the requirement's stack need of its package.
std::vector<Need> needs_of(const kb::KnowledgeBase& kb, const project::ScanResult& scan, std::size_t index) {
  const project::ScannedRequirement& r = scan.requirements[index];
  const std::string& stack = scan.manifests[r.manifest].stack;
  std::vector<Need> out;
  for (const project::ScannedRequirement& pin : scan.requirements) {
    if (pin.version.empty() || pin.name.empty() || pin.name == r.name) continue;
    if (pin.manifest >= scan.manifests.size() || scan.manifests[pin.manifest].stack != stack) continue;
    auto version = pep::Version::parse(pin.version);
    if (!version) continue;
    for (const kb::Constraint& c : kb::derive_constraints(kb, pin.name, *version)) {
      if (c.requirement.name.starts_with("__") || pep::canonicalize_name(c.requirement.name) != r.name) continue;
      out.push_back(Need{c.requirement.specifier,
                         fmt::format("{}=={} ({}) needs {} ({})", pin.display_name, pin.version,
                                     pin.declared.origin.to_string(), c.requirement.str(), c.origin.to_string())});
    }
  }
  return out;
}

}  // namespace

void revise_suggestions(const kb::KnowledgeBase& kb, project::ScanResult& scan) {
  for (project::Suggestion& s : scan.suggestions) {
    if (s.suggested.empty() || s.requirement >= scan.requirements.size()) continue;
    const project::ScannedRequirement& r = scan.requirements[s.requirement];
    auto suggested = pep::Requirement::parse(s.suggested);
    if (!suggested) continue;
    std::vector<Need> needs = needs_of(kb, scan, s.requirement);
    if (needs.empty()) continue;
    pep::SpecifierSet needed;
    std::string why;
    for (const Need& need : needs) {
      needed = needed & need.specifier;
      why += (why.empty() ? "" : "; ") + need.text;
    }
    if (!pep::is_unsatisfiable(suggested->specifier & needed)) continue;  // the bound leaves room for the pins
    pep::SpecifierSet declared;
    if (!r.specifier.empty())
      if (auto parsed = pep::SpecifierSet::parse(r.specifier)) declared = *parsed;
    if (pep::is_unsatisfiable(declared & needed)) {
      s.suggested.clear();
      s.reason = fmt::format("no bound fits: {}, which the declaration excludes (mlstack check reports it)", why);
      continue;
    }
    // The pins' range, within the declaration: the bound a fresh install keeps.
    auto subset = pep::is_subset(needed, declared);
    pep::SpecifierSet bound = subset && *subset ? needed : declared & needed;
    s.suggested = r.display_name + bound.str();
    s.reason = fmt::format("{}; the next-breaking-release cap {} would exclude it", why, suggested->specifier.str());
  }
}

}  // namespace mlstack::check

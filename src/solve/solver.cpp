// SPDX-License-Identifier: MIT
#include "solve/solver.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "solve/partial_solution.h"

namespace mlstack::solve {

namespace {

class Solver {
 public:
  Solver(Provider& provider, const SolveOptions& options) : m_provider(provider), m_options(options) {}

  SolveResult run();

 private:
  IncompatId add(Incompatibility incompat);
  // Adds a dependency incompatibility, merged with the one for the
  // neighbouring versions when they say the same thing.
  IncompatId add_dependency(Incompatibility incompat);
  // Returns the terminal incompatibility when propagation proves failure.
  std::optional<IncompatId> propagate(PackageId start);
  // Learns from a satisfied incompatibility and backtracks; returns the
  // learned one, or nullopt with m_failure set when it is terminal.
  std::optional<IncompatId> resolve_conflict(IncompatId conflict);
  bool is_terminal(const Incompatibility& incompat) const;
  // Picks the next package and, if it can, decides a version for it.
  // Returns the package to propagate from, or nullopt when all are decided.
  std::optional<PackageId> decide();

  // The versions a dependency of `package` `version` may speak for: the
  // version and the gaps around it up to the nearest versions the provider
  // knows. No version exists in those gaps, so the statement stays true,
  // and one incompatibility covers "every version of foo" instead of one
  // per release (pub's solver.md does the same with its ranges).
  pep::VersionRanges widen(PackageId package, const pep::Version& version);

  std::vector<IncompatId>& of(PackageId package) {
    if (package >= m_by_package.size()) m_by_package.resize(package + 1);
    return m_by_package[package];
  }

  Provider& m_provider;
  SolveOptions m_options;
  PackageId m_root = 0;
  pep::Version m_root_version;
  std::vector<Incompatibility> m_store;
  std::vector<std::vector<IncompatId>> m_by_package;  // incompatibilities naming each package
  PartialSolution m_solution;
  std::set<std::pair<PackageId, std::string>> m_dependencies_added;  // (package, version) whose deps are in
  std::optional<IncompatId> m_failure;
  std::string m_internal_error;
  std::vector<std::optional<std::vector<pep::Version>>> m_known;  // per package, ascending
  SolveStats m_stats;
};

IncompatId Solver::add(Incompatibility incompat) {
  IncompatId id = static_cast<IncompatId>(m_store.size());
  for (const auto& [package, term] : incompat.terms) of(package).push_back(id);
  m_store.push_back(std::move(incompat));
  return id;
}

IncompatId Solver::add_dependency(Incompatibility incompat) {
  PackageId dependent = incompat.dependent();
  auto& list = of(dependent);
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const Incompatibility& old = m_store[*it];
    if (!same_dependency(old, incompat)) continue;
    // One incompatibility over both version sets; the old one stays in the
    // store (derivations may cite it) but leaves the propagation lists.
    // Built from the new one (same dependency, same reason), keeping the
    // old one's range of the dependency: nothing of the old copied twice.
    Incompatibility merged = std::move(incompat);
    merged.terms[0].second = old.terms[0].second.unite(merged.terms[0].second);
    merged.terms[1].second = old.terms[1].second;
    IncompatId old_id = *it;
    for (PackageId package : {dependent, merged.depended_on()}) std::erase(of(package), old_id);
    return add(std::move(merged));
  }
  return add(std::move(incompat));
}

bool Solver::is_terminal(const Incompatibility& incompat) const {
  if (incompat.terms.empty()) return true;
  if (incompat.terms.size() > 1) return false;
  const auto& [package, term] = incompat.terms[0];
  return package == m_root && term.is_positive() && term.contains(m_root_version);
}

std::optional<IncompatId> Solver::propagate(PackageId start) {
  std::vector<PackageId> changed{start};
  while (!changed.empty()) {
    PackageId package = changed.back();
    changed.pop_back();
    // Newest first: learned incompatibilities are the most informative.
    // Copied, since conflict resolution adds to the lists.
    std::vector<IncompatId> ids = of(package);
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
      IncompatId id = *it;
      PartialSolution::Status status = m_solution.relation(m_store[id]);
      if (status.kind == PartialSolution::Kind::Satisfied) {
        std::optional<IncompatId> learned = resolve_conflict(id);
        if (!learned) return m_failure;
        status = m_solution.relation(m_store[*learned]);
        // The learned incompatibility is almost satisfied after backtracking;
        // anything else is a bug in this file, reported rather than looped on.
        if (status.kind != PartialSolution::Kind::AlmostSatisfied) {
          m_internal_error = "conflict resolution learned an incompatibility that is not almost satisfied";
          m_failure = *learned;
          return m_failure;
        }
        m_solution.derive(status.package, m_store[*learned].find(status.package)->negate(), *learned);
        changed.clear();
        changed.push_back(status.package);
        break;
      }
      if (status.kind == PartialSolution::Kind::AlmostSatisfied) {
        m_solution.derive(status.package, m_store[id].find(status.package)->negate(), id);
        if (std::find(changed.begin(), changed.end(), status.package) == changed.end())
          changed.push_back(status.package);
      }
    }
  }
  return std::nullopt;
}

std::optional<IncompatId> Solver::resolve_conflict(IncompatId conflict) {
  ++m_stats.conflicts;
  IncompatId current = conflict;
  bool learned = false;
  while (true) {
    const Incompatibility& incompat = m_store[current];
    if (is_terminal(incompat)) {
      m_failure = current;
      return std::nullopt;
    }
    PartialSolution::Satisfier satisfier = m_solution.find_satisfier(incompat);
    const Assignment& assignment = m_solution.assignment(satisfier.index);
    if (!assignment.cause || satisfier.previous_level < assignment.level) {
      m_solution.backtrack(satisfier.previous_level);
      if (learned) {
        for (const auto& [package, term] : m_store[current].terms) of(package).push_back(current);
      }
      return current;
    }
    Incompatibility prior = prior_cause(incompat, current, m_store[*assignment.cause], *assignment.cause,
                                        assignment.package);
    // Stored now (explanations cite it), but propagated only once it is
    // the incompatibility conflict resolution ends with.
    current = static_cast<IncompatId>(m_store.size());
    m_store.push_back(std::move(prior));
    learned = true;
  }
}

pep::VersionRanges Solver::widen(PackageId package, const pep::Version& version) {
  if (package >= m_known.size()) m_known.resize(package + 1);
  if (!m_known[package]) m_known[package] = m_provider.known_versions(package);
  const std::vector<pep::Version>& known = *m_known[package];
  auto at = std::lower_bound(known.begin(), known.end(), version);
  if (at == known.end() || *at != version) return pep::VersionRanges::singleton(version);
  pep::VersionCut lower = at == known.begin() ? pep::VersionCut::bottom() : pep::VersionCut::after(*std::prev(at));
  pep::VersionCut upper = std::next(at) == known.end() ? pep::VersionCut::top() : pep::VersionCut::before(*std::next(at));
  return pep::VersionRanges::between(std::move(lower), std::move(upper));
}

std::optional<PackageId> Solver::decide() {
  std::vector<PackageId> candidates = m_solution.undecided();
  if (candidates.empty()) return std::nullopt;
  PackageId best = candidates[0];
  std::uint64_t best_priority = UINT64_MAX;
  for (PackageId package : candidates) {
    std::uint64_t p = m_provider.priority(package, m_solution.known(package).set());
    if (p < best_priority) {
      best_priority = p;
      best = package;
    }
  }
  const pep::VersionRanges& allowed = m_solution.known(best).set();
  std::optional<pep::Version> version = m_provider.choose_version(best, allowed);
  if (!version) {
    add(Incompatibility::no_versions(best, allowed, m_provider.no_versions_reason(best, allowed)));
    return best;
  }
  std::vector<IncompatId> added;
  if (m_dependencies_added.emplace(best, version->str()).second) {
    Dependencies deps = m_provider.dependencies(best, *version);
    if (deps.unavailable) {
      add(Incompatibility::unavailable(best, *version, *deps.unavailable));
      return best;
    }
    pep::VersionRanges versions = widen(best, *version);
    for (Dependency& dep : deps.list) {
      if (dep.package == best) {
        // A package that names itself: fine when its own version qualifies.
        if (dep.versions.contains(*version)) continue;
        add(Incompatibility::unavailable(best, *version, "it depends on another version of itself"));
        return best;
      }
      pep::VersionRanges dependents = dep.dependents ? versions.unite(*dep.dependents) : versions;
      added.push_back(add_dependency(Incompatibility::dependency(best, std::move(dependents), dep.package,
                                                                 std::move(dep.versions), std::move(dep.reason))));
    }
  }
  // Deciding would satisfy a new incompatibility at once: let propagation
  // derive what it implies instead (pub's solver.md, "Decision Making").
  Term picked = Term::positive(pep::VersionRanges::singleton(*version));
  for (IncompatId id : added) {
    bool satisfied = true;
    for (const auto& [package, term] : m_store[id].terms) {
      const Term known = package == best ? picked : m_solution.known(package);
      if (!known.is_subset_of(term)) {
        satisfied = false;
        break;
      }
    }
    if (satisfied) return best;
  }
  m_solution.decide(best, *version);
  ++m_stats.decisions;
  return best;
}

SolveResult Solver::run() {
  SolveResult result;
  m_root = m_provider.root();
  m_root_version = m_provider.root_version();
  add(Incompatibility::root(m_root, m_root_version));
  PackageId next = m_root;
  while (true) {
    if (auto failure = propagate(next)) {
      result.failure = *failure;
      result.error = m_internal_error;
      break;
    }
    if (m_stats.decisions >= m_options.max_decisions) {
      result.error = fmt::format("gave up after {} decisions and {} conflicts", m_stats.decisions, m_stats.conflicts);
      break;
    }
    std::optional<PackageId> package = decide();
    if (!package) {
      result.solution = m_solution.decisions();
      break;
    }
    next = *package;
  }
  m_stats.incompatibilities = m_store.size();
  result.stats = m_stats;
  if (!result.solution) result.incompatibilities = std::move(m_store);
  return result;
}

}  // namespace

SolveResult solve(Provider& provider, const SolveOptions& options) { return Solver(provider, options).run(); }

}  // namespace mlstack::solve

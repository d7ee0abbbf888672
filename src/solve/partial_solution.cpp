// SPDX-License-Identifier: MIT
#include "solve/partial_solution.h"

#include <algorithm>
#include <cassert>

namespace mlstack::solve {

namespace {

const Term& any_term() {
  static const Term any = Term::any();
  return any;
}

const std::optional<pep::Version>& no_decision() {
  static const std::optional<pep::Version> none;
  return none;
}

}  // namespace

PartialSolution::PackageState& PartialSolution::state(PackageId package) {
  if (package >= m_packages.size()) m_packages.resize(package + 1);
  return m_packages[package];
}

void PartialSolution::push(Assignment assignment) {
  PackageState& s = state(assignment.package);
  assignment.known = s.assignments.empty() ? assignment.term
                                           : m_assignments[s.assignments.back()].known.intersect(assignment.term);
  s.assignments.push_back(static_cast<std::uint32_t>(m_assignments.size()));
  if (assignment.decision) s.decision = assignment.decision;
  m_assignments.push_back(std::move(assignment));
}

void PartialSolution::decide(PackageId package, const pep::Version& version) {
  ++m_level;
  Assignment a;
  a.package = package;
  a.term = Term::positive(pep::VersionRanges::singleton(version));
  a.level = m_level;
  a.decision = version;
  push(std::move(a));
}

void PartialSolution::derive(PackageId package, Term term, IncompatId cause) {
  Assignment a;
  a.package = package;
  a.term = std::move(term);
  a.level = m_level;
  a.cause = cause;
  push(std::move(a));
}

void PartialSolution::backtrack(std::uint32_t level) {
  while (!m_assignments.empty() && m_assignments.back().level > level) {
    PackageState& s = m_packages[m_assignments.back().package];
    s.assignments.pop_back();
    if (m_assignments.back().decision) s.decision.reset();
    m_assignments.pop_back();
  }
  m_level = level;
}

const Term& PartialSolution::known(PackageId package) const {
  if (package >= m_packages.size() || m_packages[package].assignments.empty()) return any_term();
  return m_assignments[m_packages[package].assignments.back()].known;
}

const std::optional<pep::Version>& PartialSolution::decision(PackageId package) const {
  if (package >= m_packages.size()) return no_decision();
  return m_packages[package].decision;
}

std::vector<PackageId> PartialSolution::undecided() const {
  std::vector<PackageId> out;
  for (PackageId id = 0; id < m_packages.size(); ++id) {
    const PackageState& s = m_packages[id];
    if (s.decision || s.assignments.empty()) continue;
    if (m_assignments[s.assignments.back()].known.is_positive()) out.push_back(id);
  }
  return out;
}

std::vector<std::pair<PackageId, pep::Version>> PartialSolution::decisions() const {
  std::vector<std::pair<PackageId, pep::Version>> out;
  for (const Assignment& a : m_assignments)
    if (a.decision) out.emplace_back(a.package, *a.decision);
  return out;
}

PartialSolution::Status PartialSolution::relation(const Incompatibility& incompat) const {
  Status status;
  bool undetermined = false;
  for (const auto& [package, term] : incompat.terms) {
    switch (solve::relation(known(package), term)) {
      case Relation::Satisfied:
        break;
      case Relation::Contradicted:
        status.kind = Kind::Contradicted;
        return status;
      case Relation::Inconclusive:
        if (undetermined) {
          status.kind = Kind::Inconclusive;
          return status;
        }
        undetermined = true;
        status.package = package;
        break;
    }
  }
  status.kind = undetermined ? Kind::AlmostSatisfied : Kind::Satisfied;
  return status;
}

std::optional<std::uint32_t> PartialSolution::first_satisfying(const std::vector<std::uint32_t>& its,
                                                               const Term& term, const Term* start,
                                                               std::uint32_t limit) const {
  // known ∩ start ⊆ term  <=>  known ∩ (start ∩ ¬term) = ∅: the right side
  // is made once, and the known terms (of hundreds of intervals for a
  // package with many builds) are never copied.
  std::optional<Term> outside;
  if (start != nullptr) outside = start->intersect(term.negate());
  for (std::uint32_t index : its) {
    if (index >= limit) break;
    const Term& known = m_assignments[index].known;
    if (outside ? known.is_disjoint(*outside) : known.is_subset_of(term)) return index;
  }
  return std::nullopt;
}

PartialSolution::Satisfier PartialSolution::find_satisfier(const Incompatibility& incompat) const {
  // The satisfier of each term is the first assignment of its package after
  // which the package's known term implies it; the incompatibility's
  // satisfier is the latest of those.
  std::vector<std::uint32_t> per_term;
  per_term.reserve(incompat.terms.size());
  std::uint32_t latest = 0;
  std::size_t latest_term = 0;
  for (std::size_t i = 0; i < incompat.terms.size(); ++i) {
    const auto& [package, term] = incompat.terms[i];
    const auto& its = m_packages[package].assignments;
    auto found = first_satisfying(its, term, nullptr, static_cast<std::uint32_t>(m_assignments.size()));
    assert(found && "find_satisfier on an incompatibility the partial solution does not satisfy");
    per_term.push_back(*found);
    if (i == 0 || *found > latest) {
      latest = *found;
      latest_term = i;
    }
  }
  Satisfier out;
  out.index = latest;
  const Assignment& satisfier = m_assignments[latest];
  // The previous satisfier: the latest assignment that, together with the
  // satisfier, still makes every term true. Other packages keep their own
  // satisfiers; the satisfier's own package may be satisfied earlier once
  // the satisfier's term is added to what was known before it.
  std::uint32_t previous_level = 1;
  for (std::size_t i = 0; i < incompat.terms.size(); ++i) {
    if (i == latest_term) continue;
    previous_level = std::max(previous_level, m_assignments[per_term[i]].level);
  }
  const auto& [package, term] = incompat.terms[latest_term];
  if (!satisfier.term.is_subset_of(term)) {
    auto earlier = first_satisfying(m_packages[package].assignments, term, &satisfier.term, latest);
    if (earlier) previous_level = std::max(previous_level, m_assignments[*earlier].level);
  }
  out.previous_level = previous_level;
  return out;
}

}  // namespace mlstack::solve

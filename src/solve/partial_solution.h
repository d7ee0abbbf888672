// SPDX-License-Identifier: MIT
// The partial solution: the assignments made so far, in order, each a
// decision (a version picked) or a derivation (a term implied by an
// incompatibility), tagged with the decision level it was made at (pub's
// solver.md, "Partial Solution"; pubgrub-rs internal/partial_solution.rs).
//
// Per package it keeps the running intersection of that package's
// assignments, so "what is known of foo" is one lookup and satisfier search
// walks one package's list, not the whole history.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "solve/incompatibility.h"

namespace mlstack::solve {

struct Assignment {
  PackageId package = 0;
  Term term = Term::any();
  Term known = Term::any();          // intersection of the package's assignments up to this one
  std::uint32_t level = 0;           // decision level
  std::optional<IncompatId> cause;   // empty for a decision
  std::optional<pep::Version> decision;
};

class PartialSolution {
 public:
  // Picks `version` for `package`: a new decision level.
  void decide(PackageId package, const pep::Version& version);
  // Records `term` for `package`, implied by incompatibility `cause`.
  void derive(PackageId package, Term term, IncompatId cause);
  // Undoes every assignment above `level`.
  void backtrack(std::uint32_t level);

  std::uint32_t level() const { return m_level; }
  // What the assignments say about `package` (Term::any() when nothing).
  const Term& known(PackageId package) const;
  const std::optional<pep::Version>& decision(PackageId package) const;
  // Packages a positive term requires but no decision has picked yet.
  std::vector<PackageId> undecided() const;
  // Every decision, in order.
  std::vector<std::pair<PackageId, pep::Version>> decisions() const;

  enum class Kind { Satisfied, AlmostSatisfied, Contradicted, Inconclusive };
  struct Status {
    Kind kind = Kind::Inconclusive;
    PackageId package = 0;  // almost satisfied: the one term left undecided
  };
  Status relation(const Incompatibility& incompat) const;

  struct Satisfier {
    std::size_t index = 0;               // into assignments()
    std::uint32_t previous_level = 1;    // where to backtrack to
  };
  // The earliest assignment after which `incompat` is satisfied, and the
  // level of the latest assignment before it that, with it, still
  // satisfies the incompatibility (1 when there is none).
  Satisfier find_satisfier(const Incompatibility& incompat) const;

  const Assignment& assignment(std::size_t index) const { return m_assignments[index]; }

 private:
  struct PackageState {
    std::vector<std::uint32_t> assignments;  // indices into m_assignments, in order
    std::optional<pep::Version> decision;
  };
  PackageState& state(PackageId package);
  void push(Assignment assignment);
  // Index of the first assignment of `package` (among `its`) after which
  // `start` ∩ known ⊆ `term`; `limit` stops the search before that index.
  std::optional<std::uint32_t> first_satisfying(const std::vector<std::uint32_t>& its, const Term& term,
                                                const Term* start, std::uint32_t limit) const;

  std::vector<Assignment> m_assignments;
  std::vector<PackageState> m_packages;
  std::uint32_t m_level = 0;
};

}  // namespace mlstack::solve

// SPDX-License-Identifier: MIT
// A term: one statement about one package, the unit PubGrub reasons with
// (Dart pub's doc/solver.md, "Term"; pubgrub-rs src/term.rs).
//
//   positive(S)  "a version in S is selected"
//   negative(S)  "no version in S is selected": another version, or the
//                package is not in the solution at all
//
// Seen as sets over the versions plus "not selected" (written ⊥ below),
// positive(S) = S and negative(S) = ¬S ∪ {⊥}. Every operation follows from
// that reading; sets are pep::VersionRanges, compared only through
// emptiness (two different interval lists can hold the same versions).
#pragma once

#include "pep/version.h"
#include "pep/version_ranges.h"

namespace mlstack::solve {

class Term {
 public:
  static Term positive(pep::VersionRanges set) { return Term(true, std::move(set)); }
  static Term negative(pep::VersionRanges set) { return Term(false, std::move(set)); }
  // True whatever happens: negative(nothing).
  static Term any() { return negative(pep::VersionRanges::none()); }

  bool is_positive() const { return m_positive; }
  // The versions the term is about (selected for positive, excluded for negative).
  const pep::VersionRanges& set() const { return m_set; }

  Term negate() const { return Term(!m_positive, m_set); }
  // Whether selecting `version` makes the term true.
  bool contains(const pep::Version& version) const { return m_positive == m_set.contains(version); }

  Term intersect(const Term& other) const;
  Term unite(const Term& other) const;

  bool is_empty() const { return m_positive && m_set.is_empty(); }  // never true
  bool is_any() const { return !m_positive && m_set.is_empty(); }   // always true
  // Whenever *this holds, `other` holds.
  bool is_subset_of(const Term& other) const;
  // *this and `other` never hold together.
  bool is_disjoint(const Term& other) const;

 private:
  Term(bool positive, pep::VersionRanges set) : m_positive(positive), m_set(std::move(set)) {}

  bool m_positive;
  pep::VersionRanges m_set;
};

// How what is known of a package (the intersection of its assignments)
// bears on a term: it makes the term true, false, or neither yet.
enum class Relation { Satisfied, Contradicted, Inconclusive };

Relation relation(const Term& known, const Term& term);

}  // namespace mlstack::solve

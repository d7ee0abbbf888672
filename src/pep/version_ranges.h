// SPDX-License-Identifier: MIT
// The versions a specifier admits, as a union of intervals over PEP 440
// order: what packaging's private _ranges module computes (standard_ranges,
// wildcard_ranges, intersect_ranges; pypa/packaging src/packaging/_ranges.py
// at commit 0b3621f385d9e96dbe32593777969c942febfb04), here bounded by
// VersionCuts (pep/version_cut.h) instead of versions with inclusive flags,
// so that "<=1.0 admits 1.0+cu121" and ">1.0 excludes 1.0.post1" are
// positions on the line rather than special cases.
//
//   ">=1.0,<2"      [before 1.0, before 2.dev0)
//   "==1.4.*"       [before 1.4.dev0, before 1.5.dev0)
//   "!=2.4.1"       [-inf, before 2.4.1) | [after 2.4.1+*, +inf)
//   ">1.0a1,<1.0a2.dev0"   nothing (no version lies between the two)
#pragma once

#include <span>
#include <string>
#include <vector>

#include "pep/specifier.h"
#include "pep/version_cut.h"

namespace mlstack::pep {

// The versions above `lower` and below `upper`.
struct VersionInterval {
  VersionCut lower;
  VersionCut upper;

  // Whether some version lies in the interval; comparing the cuts is not
  // enough (see version_cut.h).
  bool holds_a_version() const;
  // Whether a final or post-release (no pre or dev part) lies in it.
  bool holds_a_final_release() const;
};

class VersionRanges {
 public:
  static VersionRanges full();
  static VersionRanges none();
  // The versions a clause admits, whatever the pre-release policy: the
  // policy picks among admitted versions, it does not change the set.
  // "===" is modelled as every version; its string match is the caller's.
  static VersionRanges of(const Specifier& specifier);
  // The intersection of the clauses; the empty set admits every version.
  static VersionRanges of(const SpecifierSet& set);
  // Exactly one version: 2.3.1 alone, not 2.3.1+cu121 (a resolver's decision).
  static VersionRanges singleton(const Version& version);
  // The versions above `lower` and below `upper` (none when upper <= lower).
  static VersionRanges between(VersionCut lower, VersionCut upper);

  VersionRanges intersect(const VersionRanges& other) const;
  VersionRanges complement() const;
  // The union; touching or overlapping intervals merge into one.
  VersionRanges unite(const VersionRanges& other) const;
  // Every version here is in `other` too; no version is in both.
  bool is_subset_of(const VersionRanges& other) const;
  bool is_disjoint(const VersionRanges& other) const;

  bool is_empty() const { return m_intervals.empty(); }
  bool contains(const Version& version) const;
  bool has_final_release() const;
  std::span<const VersionInterval> intervals() const { return m_intervals; }

  // "[before 1.0, before 2.dev0) | [after 2.5+*, +inf)", for tests and debugging.
  std::string str() const;

 private:
  // Keeps the intervals that hold a version; the input is sorted and disjoint.
  static VersionRanges from(std::vector<VersionInterval> intervals);

  std::vector<VersionInterval> m_intervals;  // sorted, disjoint, none empty
};

}  // namespace mlstack::pep

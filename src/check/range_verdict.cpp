// SPDX-License-Identifier: MIT
#include "check/range_verdict.h"

#include <algorithm>

#include "pep/specifier_algebra.h"
#include "pep/version_ranges.h"

namespace mlstack::check {
namespace {

bool has_arbitrary(const pep::SpecifierSet& set) {
  return std::any_of(set.clauses().begin(), set.clauses().end(),
                     [](const pep::Specifier& clause) { return clause.op() == pep::Specifier::Op::Arbitrary; });
}

}  // namespace

Verdict judge_range(const pep::SpecifierSet& range, const pep::SpecifierSet& requirement) {
  if (pep::is_unsatisfiable(range & requirement)) return Verdict::Violated;
  // "===" matches a string, not a set of versions: no subset to speak of.
  if (has_arbitrary(range) || has_arbitrary(requirement)) return Verdict::Unknown;
  pep::VersionRanges allowed = pep::VersionRanges::of(range);
  pep::VersionRanges outside = allowed.intersect(pep::VersionRanges::of(requirement).complement());
  bool prereleases_count = range.prereleases() == true || !allowed.has_final_release();
  bool escapes = prereleases_count ? !outside.is_empty() : outside.has_final_release();
  return escapes ? Verdict::Unknown : Verdict::Satisfied;
}

}  // namespace mlstack::check

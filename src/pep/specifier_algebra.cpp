// SPDX-License-Identifier: MIT
#include "pep/specifier_algebra.h"

#include <algorithm>

#include "pep/detail/text.h"
#include "pep/version_ranges.h"

namespace mlstack::pep {

namespace {

using Op = Specifier::Op;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return detail::lower(x) == detail::lower(y); });
}

bool is_arbitrary(const Specifier& clause) { return clause.op() == Op::Arbitrary; }

// "===V" admits the one string V (any case), so the set is unsatisfiable when
// two of them name different strings or V fails another clause. The string
// is judged as a version when it parses as one: "===1.01,==1.1" holds.
bool arbitrary_unsatisfiable(const SpecifierSet& set) {
  std::span<const Specifier> clauses = set.clauses();
  auto first = std::find_if(clauses.begin(), clauses.end(), is_arbitrary);
  if (first == clauses.end()) return false;
  for (auto it = std::next(first); it != clauses.end(); ++it) {
    if (is_arbitrary(*it) && !iequals(it->version_text(), first->version_text())) return true;
  }
  auto candidate = Version::parse(first->version_text());
  // With pre-releases off, a pre-release string is refused before "===" is read.
  if (set.prereleases() == false && candidate && candidate->is_prerelease()) return true;
  bool has_standard = !std::all_of(clauses.begin(), clauses.end(), is_arbitrary);
  if (!has_standard) return false;
  if (!candidate) return true;  // a string that is no version fails every other operator
  return std::any_of(clauses.begin(), clauses.end(),
                     [&](const Specifier& clause) { return !is_arbitrary(clause) && !clause.contains(*candidate); });
}

std::optional<std::string> relation_error(const SpecifierSet& a, const SpecifierSet& b) {
  auto has_arbitrary = [](const SpecifierSet& set) {
    return std::any_of(set.clauses().begin(), set.clauses().end(), is_arbitrary);
  };
  if (has_arbitrary(a) || has_arbitrary(b)) return "=== cannot take part in set relations";
  if (a.prereleases_override() != b.prereleases_override()) {
    return "set relations need both sets to have the same pre-release override";
  }
  return std::nullopt;
}

}  // namespace

bool is_unsatisfiable(const SpecifierSet& set) {
  if (set.empty()) return false;
  VersionRanges ranges = VersionRanges::of(set);
  if (ranges.is_empty()) return true;
  if (arbitrary_unsatisfiable(set)) return true;
  if (set.prereleases() == false) return !ranges.has_final_release();
  return false;
}

Expected<bool, std::string> is_subset(const SpecifierSet& a, const SpecifierSet& b) {
  if (auto error = relation_error(a, b)) return unexpected(std::move(*error));
  // a is inside b when nothing of a is left outside b.
  return VersionRanges::of(a).intersect(VersionRanges::of(b).complement()).is_empty();
}

Expected<bool, std::string> is_superset(const SpecifierSet& a, const SpecifierSet& b) { return is_subset(b, a); }

Expected<bool, std::string> is_disjoint(const SpecifierSet& a, const SpecifierSet& b) {
  if (auto error = relation_error(a, b)) return unexpected(std::move(*error));
  return VersionRanges::of(a).intersect(VersionRanges::of(b)).is_empty();
}

}  // namespace mlstack::pep

// SPDX-License-Identifier: MIT
// Questions about specifier sets as sets of versions, answered as packaging
// answers them: SpecifierSet.is_unsatisfiable() (packaging 26.1) and
// is_subset / is_superset / is_disjoint (26.3).
//
// Followed: pypa/packaging src/packaging/specifiers.py at commit
// 00d365f9d287bfc82062b0e7ed6b4161b0b2f611 (is_unsatisfiable,
// _check_arbitrary_unsatisfiable) and _ranges.py at commit
// 0b3621f385d9e96dbe32593777969c942febfb04 (ranges_are_prerelease_only);
// the 26.3 relations compare the versions both sets admit and refuse "==="
// and differing pre-release overrides. Where those sources and the test
// vectors (shared/testdata/packaging, recorded at packaging 053c8846, 26.4.dev0)
// differ, the vectors win: "<0a1" with pre-releases off is unsatisfiable
// (the final release nearest -inf is 0, which "<0a1" excludes).
// tests/pep/specifier_algebra_test.cpp runs every case of the vectors'
// "unsatisfiable", "set_relations" and "set_relation_errors" sections.
#pragma once

#include <string>

#include "core/expected.h"
#include "pep/specifier.h"

namespace mlstack::pep {

// No version (nor, for "===", string) passes every clause. With the set's
// pre-release policy false, a set that admits only pre-releases is
// unsatisfiable too. The empty set is satisfiable.
//   ">=2.0,<1.0", "==1.0,!=1.0", ">1.0,<=1.0.post1", "===a,===b" -> true
//   ">=1.0a1,<1.0a2" -> false, but true with set_prereleases(false)
bool is_unsatisfiable(const SpecifierSet& set);

// Every version `a` admits, `b` admits too (">=3.12,<3.13" is a subset of
// ">=3.12"; an unsatisfiable set is a subset of anything). An error, as in
// packaging, when either set has a "===" clause (a string match is no set of
// versions) or the two sets carry different pre-release overrides.
Expected<bool, std::string> is_subset(const SpecifierSet& a, const SpecifierSet& b);
Expected<bool, std::string> is_superset(const SpecifierSet& a, const SpecifierSet& b);
// No version is admitted by both ("<3.12" and ">=3.12").
Expected<bool, std::string> is_disjoint(const SpecifierSet& a, const SpecifierSet& b);

}  // namespace mlstack::pep

// SPDX-License-Identifier: MIT
#include "solve/range_text.h"

#include <gtest/gtest.h>

#include "pep/specifier.h"

namespace mlstack::solve {
namespace {

pep::VersionRanges r(const char* spec) { return pep::VersionRanges::of(pep::SpecifierSet::parse(spec).value()); }
pep::Version v(const char* text) { return pep::Version::parse(text).value(); }

TEST(RangeTextTest, PrintsSpecifiersAsWritten) {
  EXPECT_EQ(range_text(r(">=2.4,<2.6")), ">=2.4,<2.6");
  EXPECT_EQ(range_text(r("==2.3.1")), "==2.3.1");
  EXPECT_EQ(range_text(r("<=1.0")), "<=1.0");
  EXPECT_EQ(range_text(r("!=1.0")), "!=1.0");
  EXPECT_EQ(range_text(r(">1.0")), ">1.0");
  EXPECT_EQ(range_text(pep::VersionRanges::full()), "");
  EXPECT_EQ(range_text(pep::VersionRanges::none()), "no version");
  EXPECT_EQ(range_text(pep::VersionRanges::singleton(v("2.3.1+cu121"))), "==2.3.1+cu121");
  // A wildcard's set reads as the wildcard, not as its dev0 bounds.
  EXPECT_EQ(range_text(r("==2.4.*")), "==2.4.*");
  EXPECT_EQ(range_text(r("==2.*")), "==2.*");
  EXPECT_EQ(range_text(r(">=2.4.dev0,<2.6.dev0")), ">=2.4.dev0,<2.6");
}

TEST(RangeTextTest, NeverPrintsAnEmptySetAsARequirement) {
  EXPECT_EQ(package_range_text("foo", pep::VersionRanges::none()), "no version of foo");
  EXPECT_EQ(package_range_text("foo", pep::VersionRanges::full()), "foo");
  EXPECT_EQ(package_range_text("foo", r("<1").unite(r(">=2"))), "foo (<1 || >=2)");
}

TEST(RangeTextTest, SimplifyMergesGapsWithoutKnownVersions) {
  std::vector<pep::Version> known = {v("1.0"), v("1.1"), v("1.2"), v("2.0")};
  pep::VersionRanges pins = pep::VersionRanges::singleton(v("1.0"))
                                .unite(pep::VersionRanges::singleton(v("1.1")))
                                .unite(pep::VersionRanges::singleton(v("1.2")));
  pep::VersionRanges simple = simplify(pins, known);
  EXPECT_EQ(simple.intervals().size(), 1u);
  EXPECT_EQ(range_text(simple), ">=1.0,<=1.2");
  // A known version in the gap keeps the pieces apart.
  pep::VersionRanges split = pep::VersionRanges::singleton(v("1.0")).unite(pep::VersionRanges::singleton(v("1.2")));
  EXPECT_EQ(simplify(split, known).intervals().size(), 2u);
}

}  // namespace
}  // namespace mlstack::solve

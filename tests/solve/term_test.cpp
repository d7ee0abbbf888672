// SPDX-License-Identifier: MIT
#include "solve/term.h"

#include <gtest/gtest.h>

#include "pep/specifier.h"

namespace mlstack::solve {
namespace {

pep::VersionRanges r(const char* spec) { return pep::VersionRanges::of(pep::SpecifierSet::parse(spec).value()); }
pep::Version v(const char* text) { return pep::Version::parse(text).value(); }

TEST(TermTest, PositiveAndNegativeContainVersions) {
  EXPECT_TRUE(Term::positive(r(">=1,<2")).contains(v("1.5")));
  EXPECT_FALSE(Term::positive(r(">=1,<2")).contains(v("2.0")));
  EXPECT_TRUE(Term::negative(r(">=1,<2")).contains(v("2.0")));
  EXPECT_TRUE(Term::any().contains(v("0")));
}

TEST(TermTest, IntersectionFollowsTheSetReading) {
  Term a = Term::positive(r(">=1"));
  Term b = Term::negative(r(">=2"));
  Term both = a.intersect(b);
  EXPECT_TRUE(both.is_positive());
  EXPECT_TRUE(both.contains(v("1.5")));
  EXPECT_FALSE(both.contains(v("2.1")));
  // Two negatives stay negative: neither set is selected.
  Term n = Term::negative(r("<1")).intersect(Term::negative(r(">=3")));
  EXPECT_FALSE(n.is_positive());
  EXPECT_TRUE(n.contains(v("2")));
  EXPECT_FALSE(n.contains(v("0.5")));
}

TEST(TermTest, SubsetAndDisjoint) {
  EXPECT_TRUE(Term::positive(r("==1.5")).is_subset_of(Term::positive(r(">=1,<2"))));
  EXPECT_FALSE(Term::positive(r(">=1")).is_subset_of(Term::positive(r(">=1,<2"))));
  // A positive term is inside the negative of a set it avoids.
  EXPECT_TRUE(Term::positive(r("<1")).is_subset_of(Term::negative(r(">=1"))));
  // A negative term is never inside a positive one: "not selected" is in it.
  EXPECT_FALSE(Term::negative(r(">=2")).is_subset_of(Term::positive(r("<2"))));
  EXPECT_TRUE(Term::negative(r(">=1")).is_subset_of(Term::negative(r(">=2"))));
  EXPECT_TRUE(Term::positive(r("<1")).is_disjoint(Term::positive(r(">=1"))));
  EXPECT_TRUE(Term::positive(r(">=2")).is_disjoint(Term::negative(r(">=1"))));
  EXPECT_FALSE(Term::negative(r(">=2")).is_disjoint(Term::negative(r("<2"))));
}

TEST(TermTest, RelationOfWhatIsKnown) {
  EXPECT_EQ(relation(Term::positive(r("==1.5")), Term::positive(r(">=1"))), Relation::Satisfied);
  EXPECT_EQ(relation(Term::positive(r("==1.5")), Term::positive(r(">=2"))), Relation::Contradicted);
  EXPECT_EQ(relation(Term::positive(r(">=1")), Term::positive(r(">=2"))), Relation::Inconclusive);
  EXPECT_EQ(relation(Term::any(), Term::positive(r(">=2"))), Relation::Inconclusive);
}

TEST(TermTest, LocalVersionsFollowPep440) {
  // ==2.3.1 admits 2.3.1+cu121; a decision on 2.3.1+cu121 is that one build.
  Term pin = Term::positive(r("==2.3.1"));
  EXPECT_TRUE(pin.contains(v("2.3.1+cu121")));
  Term decided = Term::positive(pep::VersionRanges::singleton(v("2.3.1+cu121")));
  EXPECT_TRUE(decided.is_subset_of(pin));
  EXPECT_FALSE(decided.contains(v("2.3.1+cu118")));
  EXPECT_FALSE(decided.contains(v("2.3.1")));
  EXPECT_FALSE(Term::positive(pep::VersionRanges::singleton(v("2.3.1"))).contains(v("2.3.1+cu121")));
}

TEST(TermTest, UnionMergesTouchingIntervals) {
  using Cut = pep::VersionCut;
  pep::VersionRanges joined = pep::VersionRanges::between(Cut::before(v("1")), Cut::before(v("2")))
                                  .unite(pep::VersionRanges::between(Cut::before(v("2")), Cut::before(v("3"))));
  EXPECT_EQ(joined.intervals().size(), 1u);
  EXPECT_TRUE(joined.contains(v("2.5")));
  // ">=1,<2" stops before 2.0's pre-releases: a gap remains up to ">=2".
  EXPECT_EQ(r(">=1,<2").unite(r(">=2,<3")).intervals().size(), 2u);
  EXPECT_TRUE(r(">=1,<2").unite(r(">=3")).contains(v("3.1")));
  EXPECT_FALSE(r(">=1,<2").unite(r(">=3")).contains(v("2.5")));
  EXPECT_TRUE(pep::VersionRanges::none().unite(r("==1")).contains(v("1.0")));
}

}  // namespace
}  // namespace mlstack::solve

// SPDX-License-Identifier: MIT
// VersionRanges' set relations without building sets (is_subset_of,
// is_disjoint) agree with their definitions through intersect and
// complement, on every pair of the packaging vectors' specifier sets; and
// singleton / between / unite hold the versions they should.
#include "pep/version_ranges.h"

#include <gtest/gtest.h>

#include "pep/vectors.h"

namespace mlstack::pep {
namespace {

TEST(VersionRangesRelationsTest, AgreeWithIntersectAndComplementOnVectorSets) {
  nlohmann::json file = testing::load_vectors("pep440_specifiers.json");
  const nlohmann::json& cases = file["specifier_sets_valid"];
  std::vector<VersionRanges> sets;
  for (const auto& c : cases) {
    auto set = SpecifierSet::parse(c["input"].get<std::string>());
    if (set) sets.push_back(VersionRanges::of(*set));
  }
  ASSERT_GT(sets.size(), 50u);  // the sample in tests/data holds 63; ../shared's full file more
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    for (std::size_t j = 0; j < sets.size(); j += 3) {
      const VersionRanges& a = sets[i];
      const VersionRanges& b = sets[j];
      ASSERT_EQ(a.is_subset_of(b), a.intersect(b.complement()).is_empty()) << a.str() << " ⊆ " << b.str();
      ASSERT_EQ(a.is_disjoint(b), a.intersect(b).is_empty()) << a.str() << " ∩ " << b.str();
      ++pairs;
    }
  }
  EXPECT_GT(pairs, 1000u);  // 63 x 21 on the sample
}

TEST(VersionRangesRelationsTest, SingletonBetweenAndUnite) {
  Version v = Version::parse("2.3.1+cu121").value();
  VersionRanges one = VersionRanges::singleton(v);
  EXPECT_TRUE(one.contains(v));
  EXPECT_FALSE(one.contains(Version::parse("2.3.1").value()));
  EXPECT_FALSE(one.contains(Version::parse("2.3.1+cu118").value()));
  VersionRanges upto = VersionRanges::between(VersionCut::bottom(), VersionCut::before(Version::parse("2.0").value()));
  EXPECT_TRUE(upto.contains(Version::parse("1.9").value()));
  EXPECT_FALSE(upto.contains(Version::parse("2.0").value()));
  VersionRanges both = upto.unite(one);
  EXPECT_EQ(both.intervals().size(), 2u);
  EXPECT_TRUE(one.is_subset_of(both));
  EXPECT_TRUE(upto.is_disjoint(one));
  EXPECT_TRUE(VersionRanges::none().is_subset_of(one));
  EXPECT_FALSE(VersionRanges::full().is_subset_of(both));
}

}  // namespace
}  // namespace mlstack::pep

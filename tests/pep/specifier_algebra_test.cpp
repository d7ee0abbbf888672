// SPDX-License-Identifier: MIT
// Specifier-set algebra against packaging's own vectors (every case of
// "unsatisfiable", "set_relations" and "set_relation_errors"), and the
// interval model against every contains() vector it can express.
#include "pep/specifier_algebra.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "pep/vectors.h"
#include "pep/version_ranges.h"

namespace mlstack::pep {
namespace {

using nlohmann::json;
using testing::load_vectors;
using testing::optional_of;

const json& vectors() {
  return load_vectors("pep440_specifiers.json");
}

SpecifierSet must_set(const std::string& text) {
  auto parsed = SpecifierSet::parse(text);
  if (!parsed) throw std::runtime_error(render(parsed.error()));
  return *parsed;
}

Version must_version(const std::string& text) {
  auto parsed = Version::parse(text);
  if (!parsed) throw std::runtime_error(render(parsed.error()));
  return *parsed;
}

Expected<bool, std::string> relation(const std::string& name, const SpecifierSet& a, const SpecifierSet& b) {
  if (name == "is_subset") return is_subset(a, b);
  if (name == "is_superset") return is_superset(a, b);
  if (name == "is_disjoint") return is_disjoint(a, b);
  throw std::runtime_error("unknown relation " + name);
}

VECTOR_TEST(SpecifierAlgebraVectors, UnsatisfiableAllCases) {
  ASSERT_EQ(vectors()["unsatisfiable"].size(), testing::expected_count(vectors(), "unsatisfiable", 208u));
  for (const auto& c : vectors()["unsatisfiable"]) {
    SpecifierSet set = must_set(c["specifier"]);
    set.set_prereleases(optional_of<bool>(c["spec_prereleases"]));
    EXPECT_EQ(is_unsatisfiable(set), c["unsatisfiable"].get<bool>())
        << c.dump() << "\nranges: " << VersionRanges::of(set).str();
  }
}

VECTOR_TEST(SpecifierAlgebraVectors, SetRelationsAllCases) {
  ASSERT_EQ(vectors()["set_relations"].size(), testing::expected_count(vectors(), "set_relations", 22u));
  for (const auto& c : vectors()["set_relations"]) {
    auto got = relation(c["relation"], must_set(c["left"]), must_set(c["right"]));
    ASSERT_TRUE(got) << c.dump() << ": " << got.error();
    EXPECT_EQ(*got, c["expected"].get<bool>()) << c.dump();
  }
}

VECTOR_TEST(SpecifierAlgebraVectors, SetRelationErrorsAllCases) {
  ASSERT_EQ(vectors()["set_relation_errors"].size(), testing::expected_count(vectors(), "set_relation_errors", 9u));
  for (const auto& c : vectors()["set_relation_errors"]) {
    auto got = relation(c["relation"], must_set(c["left"]), must_set(c["right"]));
    ASSERT_FALSE(got) << c.dump();
    // The vectors record "ValueError (<why>)".
    EXPECT_NE(c["expected_error"].get<std::string>().find("(" + got.error() + ")"), std::string::npos) << c.dump();
  }
}

// Every version of the contains() vectors, parsed once.
const std::vector<Version>& vector_versions() {
  static std::map<testing::VectorSet, std::vector<Version>> by_set;
  auto [it, added] = by_set.try_emplace(testing::current_vector_set());
  if (added) {
    std::set<std::string> seen;
    for (const auto& c : vectors()["contains"]) {
      std::string text = c["version"];
      if (!seen.insert(text).second) continue;
      if (auto v = Version::parse(text)) it->second.push_back(*v);
    }
  }
  return it->second;
}

// The interval model must admit exactly what the clause-by-clause matcher
// admits. Probes: every specifier and set of the vectors without "===",
// against every version of the contains() vectors (the pre-release policy is
// switched off on both sides: it filters the set, it is not part of it).
VECTOR_TEST(VersionRangesTest, AgreesWithContainsOnEveryVectorSpecifierAndVersion) {
  std::set<std::string> specs;
  for (const char* section : {"contains", "specifiers_valid", "specifier_sets_valid"}) {
    for (const auto& c : vectors()[section]) {
      std::string text = c.contains("specifier") ? c["specifier"] : c["input"];
      if (text.find("===") == std::string::npos) specs.insert(text);
    }
  }
  std::size_t probes = 0, failures = 0;
  for (const std::string& spec : specs) {
    SpecifierSet set = must_set(spec);
    VersionRanges ranges = VersionRanges::of(set);
    for (const Version& v : vector_versions()) {
      ++probes;
      bool expected = set.contains(v, true);
      if (ranges.contains(v) != expected && ++failures <= 20) {
        ADD_FAILURE() << spec << " on " << v.str() << ": ranges " << ranges.str() << ", contains " << expected;
      }
    }
  }
  EXPECT_GT(probes, testing::full_only(250000u));
  EXPECT_EQ(failures, 0u);
}

// The relations over every pair of the vectors' sets, checked against
// membership on every vector version: a subset leaves no version of a
// outside b, a disjoint pair shares none, an unsatisfiable set holds none.
// Membership can only refute, so the test also counts that each answer
// occurs, lest an always-false implementation pass.
VECTOR_TEST(SpecifierAlgebraTest, RelationsAgreeWithMembership) {
  std::vector<SpecifierSet> sets;
  for (const auto& c : vectors()["unsatisfiable"]) {
    std::string text = c["specifier"];
    if (text.find("===") == std::string::npos) sets.push_back(must_set(text));
  }
  const std::vector<Version>& versions = vector_versions();
  // members[i][k]: set i admits version k.
  std::vector<std::vector<char>> members(sets.size(), std::vector<char>(versions.size()));
  for (std::size_t i = 0; i < sets.size(); ++i) {
    for (std::size_t k = 0; k < versions.size(); ++k) members[i][k] = sets[i].contains(versions[k], true);
  }
  std::size_t subsets = 0, disjoint = 0, overlapping = 0, failures = 0;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (is_unsatisfiable(sets[i])) {
      for (std::size_t k = 0; k < versions.size(); ++k) {
        if (members[i][k] && ++failures <= 20) ADD_FAILURE() << sets[i].str() << " holds " << versions[k].str();
      }
    }
    for (std::size_t j = 0; j < sets.size(); ++j) {
      bool subset = *is_subset(sets[i], sets[j]), apart = *is_disjoint(sets[i], sets[j]);
      subsets += subset;
      disjoint += apart;
      overlapping += !subset && !apart;
      for (std::size_t k = 0; k < versions.size(); ++k) {
        bool in_a = members[i][k], in_b = members[j][k];
        if (((subset && in_a && !in_b) || (apart && in_a && in_b)) && ++failures <= 20) {
          ADD_FAILURE() << sets[i].str() << (subset ? " subset of " : " disjoint from ") << sets[j].str()
                        << " but not at " << versions[k].str();
        }
      }
    }
  }
  EXPECT_EQ(failures, 0u);
  EXPECT_GT(versions.size(), testing::full_only(200u));
  EXPECT_GT(subsets, sets.size()) << "more than each set with itself";
  EXPECT_GT(disjoint, 0u);
  EXPECT_GT(overlapping, 0u);
}

TEST(SpecifierAlgebraTest, LocalBuildsAndPostReleasesFollowPep440) {
  // "<=2.4.1" and "==2.4.1" admit 2.4.1+cu121; ">2.4.1" admits none of its post-releases.
  EXPECT_TRUE(*is_subset(must_set("==2.4.1+cu121"), must_set("<=2.4.1")));
  EXPECT_TRUE(*is_subset(must_set("==2.4.1+cu121"), must_set("==2.4.1")));
  EXPECT_FALSE(*is_subset(must_set("==2.4.1"), must_set("==2.4.1+cu121")));
  EXPECT_TRUE(*is_disjoint(must_set(">2.4.1"), must_set("==2.4.1.post3")));
  EXPECT_FALSE(*is_disjoint(must_set(">2.4.1.post1"), must_set("==2.4.1.post3")));
  // ~=2.2.3 is >=2.2.3,==2.2.*; ==2.3.* starts at 2.3.dev0, below >=2.3.
  EXPECT_TRUE(*is_subset(must_set("~=2.2.3"), must_set(">=2.2.3,==2.2.*")));
  EXPECT_TRUE(*is_subset(must_set(">=2.2.3,==2.2.*"), must_set("~=2.2.3")));
  EXPECT_FALSE(*is_subset(must_set("==2.3.*"), must_set(">=2.3")));
  EXPECT_TRUE(*is_subset(must_set(">=2.3,<2.4"), must_set("==2.3.*")));
}

TEST(SpecifierAlgebraTest, DifferentPrereleaseOverridesAreRefused) {
  SpecifierSet a = must_set(">=1.0"), b = must_set(">=1.0");
  a.set_prereleases(false);
  EXPECT_FALSE(is_subset(a, b));
  b.set_prereleases(false);
  EXPECT_TRUE(is_subset(a, b));
}

TEST(VersionCutTest, OrderAroundOneRelease) {
  Version v = must_version("1.0");
  std::vector<VersionCut> ascending = {
      VersionCut::bottom(),
      VersionCut::before(must_version("1.0.dev0")),
      VersionCut::before(v),
      VersionCut::after(v),
      VersionCut::before(must_version("1.0+cu121")),
      VersionCut::after_locals(v),
      VersionCut::before(must_version("1.0.post0.dev0")),
      VersionCut::after_locals(must_version("1.0.post7")),
      VersionCut::after_posts(v),
      VersionCut::before(must_version("1.0.0.1.dev0")),
      VersionCut::top(),
  };
  for (std::size_t i = 0; i + 1 < ascending.size(); ++i) {
    EXPECT_LT(ascending[i], ascending[i + 1]) << ascending[i].str() << " vs " << ascending[i + 1].str();
  }
  EXPECT_EQ(VersionCut::before(must_version("1.0.0")), VersionCut::before(v));
}

TEST(VersionCutTest, CutsWithNothingBetweenMakeAnEmptyInterval) {
  VersionInterval gap{VersionCut::after_posts(must_version("1.0a1")), VersionCut::before(must_version("1.0a2.dev0"))};
  EXPECT_TRUE(gap.lower < gap.upper);
  EXPECT_FALSE(gap.holds_a_version());
  VersionInterval longer{VersionCut::after_posts(must_version("1.0")), VersionCut::before(must_version("1.0.0.1.dev0"))};
  EXPECT_TRUE(longer.holds_a_version()) << "1.0.0.0.1 lies between";
  EXPECT_TRUE(longer.holds_a_final_release());
}

}  // namespace
}  // namespace mlstack::pep

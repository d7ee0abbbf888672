// SPDX-License-Identifier: MIT
#include "pep/specifier.h"

#include <gtest/gtest.h>

#include "pep/vectors.h"

namespace mlstack::pep {
namespace {

using nlohmann::json;
using testing::load_vectors;
using testing::optional_of;

const json& vectors() {
  return load_vectors("pep440_specifiers.json");
}

json optional_bool_json(std::optional<bool> value) { return value ? json(*value) : json(nullptr); }

Specifier must_spec(const std::string& text) {
  auto parsed = Specifier::parse(text);
  if (!parsed) throw std::runtime_error(render(parsed.error()));
  return *parsed;
}

SpecifierSet must_set(const std::string& text) {
  auto parsed = SpecifierSet::parse(text);
  if (!parsed) throw std::runtime_error(render(parsed.error()));
  return *parsed;
}

// A filter item: a string, or {"version_object": normalized}; a Version
// object behaves exactly like its normalised string in every API.
std::string item_text(const json& item) {
  return item.is_string() ? item.get<std::string>() : item["version_object"].get<std::string>();
}

VECTOR_TEST(SpecifierVectors, SpecifiersValidAllCases) {
  ASSERT_EQ(vectors()["specifiers_valid"].size(), testing::expected_count(vectors(), "specifiers_valid", 826u));
  for (const auto& c : vectors()["specifiers_valid"]) {
    std::string input = c["input"];
    SCOPED_TRACE(input);
    auto spec = Specifier::parse(input);
    ASSERT_TRUE(spec) << render(spec.error());
    EXPECT_EQ(spec->str(), c["normalized"].get<std::string>());
    EXPECT_EQ(spec->op_text(), c["operator"].get<std::string>());
    EXPECT_EQ(spec->version_text(), c["version"].get<std::string>());
    EXPECT_EQ(optional_bool_json(spec->prereleases()), c["prereleases"]);
  }
}

VECTOR_TEST(SpecifierVectors, SpecifiersInvalidAllCases) {
  ASSERT_EQ(vectors()["specifiers_invalid"].size(), testing::expected_count(vectors(), "specifiers_invalid", 31u));
  for (const auto& c : vectors()["specifiers_invalid"]) {
    std::string input = c["input"];
    auto spec = Specifier::parse(input);
    ASSERT_FALSE(spec) << input;
    EXPECT_EQ(spec.error().message, c["error"].get<std::string>());
  }
}

VECTOR_TEST(SpecifierVectors, SpecifierSetsValidAllCases) {
  ASSERT_EQ(vectors()["specifier_sets_valid"].size(), testing::expected_count(vectors(), "specifier_sets_valid", 370u));
  for (const auto& c : vectors()["specifier_sets_valid"]) {
    std::string input = c["input"];
    SCOPED_TRACE(input);
    auto set = SpecifierSet::parse(input);
    ASSERT_TRUE(set) << render(set.error());
    EXPECT_EQ(set->str(), c["normalized"].get<std::string>());
    EXPECT_EQ(set->clauses().size(), c["length"].get<std::size_t>());
    std::vector<std::string> members;
    for (const Specifier& spec : set->clauses()) members.push_back(spec.str());
    std::vector<std::string> expected = c["members"];
    std::sort(members.begin(), members.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(members, expected);
    EXPECT_EQ(optional_bool_json(set->prereleases()), c["prereleases"]);
  }
  EXPECT_EQ(vectors()["specifier_sets_invalid"].size(), testing::expected_count(vectors(), "specifier_sets_invalid", 0u));
}

// 23,123 contains() calls, 17k of them from the to_range equivalence matrix.
VECTOR_TEST(SpecifierVectors, ContainsAllCases) {
  ASSERT_EQ(vectors()["contains"].size(), testing::expected_count(vectors(), "contains", 23123u));
  std::size_t failures = 0;
  for (const auto& c : vectors()["contains"]) {
    std::string spec_text = c["specifier"], version_text = c["version"];
    auto spec_pre = optional_of<bool>(c["spec_prereleases"]);
    auto pre = optional_of<bool>(c["prereleases"]);
    auto installed = optional_of<bool>(c["installed"]);
    bool as_object = c["version_is_object"];
    bool got = false;
    if (c["api"] == "Specifier") {
      Specifier spec = must_spec(spec_text);
      spec.set_prereleases(spec_pre);
      got = as_object ? spec.contains(*Version::parse(version_text), pre) : spec.contains(version_text, pre);
    } else {
      SpecifierSet set = must_set(spec_text);
      set.set_prereleases(spec_pre);
      got = as_object ? set.contains(*Version::parse(version_text), pre, installed)
                      : set.contains(version_text, pre, installed);
    }
    if (got != c["expected"].get<bool>() && ++failures <= 20) {
      ADD_FAILURE() << c.dump();
    }
  }
  EXPECT_EQ(failures, 0u);
}

VECTOR_TEST(SpecifierVectors, FilterAllCases) {
  ASSERT_EQ(vectors()["filter"].size(), testing::expected_count(vectors(), "filter", 733u));
  for (const auto& c : vectors()["filter"]) {
    std::vector<std::string> items, expected;
    for (const auto& item : c["input"]) items.push_back(item_text(item));
    for (const auto& item : c["expected"]) expected.push_back(item_text(item));
    auto spec_pre = optional_of<bool>(c["spec_prereleases"]);
    auto pre = optional_of<bool>(c["prereleases"]);
    std::vector<std::string> got;
    if (c["api"] == "Specifier") {
      Specifier spec = must_spec(c["specifier"]);
      spec.set_prereleases(spec_pre);
      got = filter(spec, items, pre);
    } else {
      SpecifierSet set = must_set(c["specifier"]);
      set.set_prereleases(spec_pre);
      got = set.filter(items, pre);
    }
    EXPECT_EQ(got, expected) << c.dump();
  }
}

VECTOR_TEST(SpecifierVectors, EqualityAllCases) {
  for (const auto& c : vectors()["equality"]) {
    bool equal = c["api"] == "Specifier" ? must_spec(c["left"]) == must_spec(c["right"])
                                         : must_set(c["left"]) == must_set(c["right"]);
    EXPECT_EQ(equal, c["equal"].get<bool>()) << c.dump();
  }
}

VECTOR_TEST(SpecifierVectors, CombineAllCases) {
  for (const auto& c : vectors()["combine"]) {
    EXPECT_EQ((must_set(c["left"]) & must_set(c["right"])).str(), c["expected"].get<std::string>());
  }
}

VECTOR_TEST(SpecifierVectors, PrereleasesPropertyChangesAllCases) {
  for (const auto& c : vectors()["prereleases_property_changes"]) {
    std::string version = c["version"];
    auto initial = optional_of<bool>(c["initial_prereleases"]);
    auto changed = optional_of<bool>(c["set_prereleases"]);
    if (c["api"] == "Specifier") {
      Specifier spec = must_spec(c["specifier"]);
      spec.set_prereleases(initial);
      EXPECT_EQ(spec.contains(version), c["initial_contains"].get<bool>()) << c.dump();
      spec.set_prereleases(changed);
      EXPECT_EQ(spec.contains(version), c["final_contains"].get<bool>()) << c.dump();
    } else {
      SpecifierSet set = must_set(c["specifier"]);
      set.set_prereleases(initial);
      EXPECT_EQ(set.contains(version), c["initial_contains"].get<bool>()) << c.dump();
      set.set_prereleases(changed);
      EXPECT_EQ(set.contains(version), c["final_contains"].get<bool>()) << c.dump();
    }
  }
}

// The range algebra sections ("unsatisfiable", "set_relations",
// "set_relation_errors") run in specifier_algebra_test.cpp.

TEST(Specifier, LocalCandidateMatchesPublicPin) {
  SpecifierSet set = must_set(">=2.3,<2.5");
  EXPECT_TRUE(set.contains(*Version::parse("2.4.1+cu121")));
  EXPECT_TRUE(must_set("==2.4.1").contains("2.4.1+cu121"));
  EXPECT_FALSE(must_set("==2.4.1+cu118").contains("2.4.1+cu121"));
  EXPECT_FALSE(must_set(">2.4.1").contains("2.4.1+cu121"));
}

TEST(Specifier, InvalidClauseErrorPointsIntoTheSet) {
  auto set = SpecifierSet::parse(">=1.0, >=1.0.*");
  ASSERT_FALSE(set);
  EXPECT_EQ(render(set.error()), "Invalid specifier: ' >=1.0.*'\n>=1.0, >=1.0.*\n         ^^^^^");
}

}  // namespace
}  // namespace mlstack::pep

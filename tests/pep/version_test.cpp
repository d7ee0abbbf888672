// SPDX-License-Identifier: MIT
#include "pep/version.h"

#include <gtest/gtest.h>

#include "pep/vectors.h"

namespace mlstack::pep {
namespace {

using nlohmann::json;
using testing::load_vectors;

Version must_parse(std::string_view text) {
  auto parsed = Version::parse(text);
  if (!parsed) throw std::runtime_error("cannot parse " + std::string(text));
  return *parsed;
}

json pre_json(const Version& v) {
  if (!v.pre()) return nullptr;
  return json::array({std::string(to_string(v.pre()->first)), v.pre()->second});
}

json optional_json(std::optional<uint64_t> value) { return value ? json(*value) : json(nullptr); }

// pep440_versions.json "valid": every field packaging exposes
// (packaging tests/test_version.py).
VECTOR_TEST(VersionVectors, ValidAllFields) {
  const auto& vectors = load_vectors("pep440_versions.json");
  ASSERT_EQ(vectors["valid"].size(), testing::expected_count(vectors, "valid", 377u));
  for (const auto& c : vectors["valid"]) {
    std::string input = c["input"];
    SCOPED_TRACE(input);
    auto parsed = Version::parse(input);
    ASSERT_TRUE(parsed) << render(parsed.error());
    const Version& v = *parsed;
    EXPECT_EQ(v.str(), c["normalized"].get<std::string>());
    EXPECT_EQ(v.epoch(), c["epoch"].get<uint64_t>());
    EXPECT_EQ(json(std::vector<uint64_t>(v.release().begin(), v.release().end())), c["release"]);
    EXPECT_EQ(pre_json(v), c["pre"]);
    EXPECT_EQ(optional_json(v.post()), c["post"]);
    EXPECT_EQ(optional_json(v.dev()), c["dev"]);
    EXPECT_EQ(v.has_local() ? json(v.local()) : json(nullptr), c["local"]);
    EXPECT_EQ(v.public_version().str(), c["public"].get<std::string>());
    EXPECT_EQ(v.base_version().str(), c["base_version"].get<std::string>());
    EXPECT_EQ(v.is_prerelease(), c["is_prerelease"].get<bool>());
    EXPECT_EQ(v.is_postrelease(), c["is_postrelease"].get<bool>());
    EXPECT_EQ(v.is_devrelease(), c["is_devrelease"].get<bool>());
    auto part = [&](std::size_t i) { return i < v.release().size() ? v.release()[i] : 0; };
    EXPECT_EQ(part(0), c["major"].get<uint64_t>());
    EXPECT_EQ(part(1), c["minor"].get<uint64_t>());
    EXPECT_EQ(part(2), c["micro"].get<uint64_t>());
    // Printing then parsing is the identity.
    EXPECT_EQ(must_parse(v.str()), v);
    EXPECT_EQ(must_parse(v.str()).str(), v.str());
  }
}

VECTOR_TEST(VersionVectors, InvalidAllCases) {
  const auto& vectors = load_vectors("pep440_versions.json");
  ASSERT_EQ(vectors["invalid"].size(), testing::expected_count(vectors, "invalid", 23u));
  for (const auto& c : vectors["invalid"]) {
    std::string input = c["input"];
    auto parsed = Version::parse(input);
    EXPECT_FALSE(parsed) << input;
    if (!parsed) {
      EXPECT_EQ(parsed.error().message.rfind("Invalid version: ", 0), 0u);
    }
  }
}

// The suite's 50,784 pairwise comparisons follow from positions in this list.
VECTOR_TEST(VersionVectors, SortOrderAllPairs) {
  const auto& vectors = load_vectors("pep440_versions.json");
  std::vector<Version> versions;
  for (const auto& text : vectors["sort_order"]) versions.push_back(must_parse(text.get<std::string>()));
  ASSERT_EQ(versions.size(), 92u);
  for (std::size_t i = 0; i < versions.size(); ++i) {
    for (std::size_t j = 0; j < versions.size(); ++j) {
      auto expected = i <=> j;
      ASSERT_EQ(versions[i] <=> versions[j], expected) << versions[i].str() << " vs " << versions[j].str();
      ASSERT_EQ(versions[i] == versions[j], i == j);
    }
  }
}

// compare_public orders the suite's versions as the full order does, and
// calls two of them equal exactly when they differ in the local label only.
VECTOR_TEST(VersionVectors, ComparePublicIgnoresLocalLabelsAllPairs) {
  const auto& vectors = load_vectors("pep440_versions.json");
  std::vector<Version> versions;
  for (const auto& text : vectors["sort_order"]) versions.push_back(must_parse(text.get<std::string>()));
  for (std::size_t i = 0; i < versions.size(); ++i) {
    for (std::size_t j = 0; j < versions.size(); ++j) {
      bool same = canonicalize_version(versions[i].public_version()) ==
                  canonicalize_version(versions[j].public_version());
      auto order = versions[i].compare_public(versions[j]);
      ASSERT_EQ(order == 0, same) << versions[i].str() << " vs " << versions[j].str();
      if (!same) {
        ASSERT_TRUE(order == (i <=> j)) << versions[i].str() << " vs " << versions[j].str();
      }
    }
  }
}

VECTOR_TEST(VersionVectors, SameNormalizedGroupsAllCases) {
  const auto& vectors = load_vectors("pep440_versions.json");
  for (const auto& group : vectors["same_normalized_groups"]) {
    Version first = must_parse(group[0].get<std::string>());
    for (const auto& text : group) {
      Version v = must_parse(text.get<std::string>());
      EXPECT_EQ(v, first) << text;
      EXPECT_EQ(v.str(), first.str()) << text;
    }
  }
}

VECTOR_TEST(VersionVectors, FromPartsAllCases) {
  const auto& vectors = load_vectors("pep440_versions.json");
  for (const auto& c : vectors["from_parts"]) {
    const json& parts = c["parts"];
    std::vector<uint64_t> release = parts["release"];
    uint64_t epoch = parts.value("epoch", json(nullptr)).is_null() ? 0 : parts["epoch"].get<uint64_t>();
    std::optional<std::pair<PreKind, uint64_t>> pre;
    if (parts.contains("pre") && !parts["pre"].is_null()) {
      // The letter is any accepted spelling ("B", "beta"): let the parser map it.
      auto kind = must_parse("0" + parts["pre"][0].get<std::string>() + "0").pre()->first;
      pre = std::pair{kind, parts["pre"][1].get<uint64_t>()};
    }
    auto opt = [&](const char* key) {
      return parts.contains(key) ? testing::optional_of<uint64_t>(parts[key]) : std::nullopt;
    };
    std::string local = parts.contains("local") && !parts["local"].is_null() ? parts["local"].get<std::string>() : "";
    Version v = Version::from_parts(epoch, release, pre, opt("post"), opt("dev"), local);
    EXPECT_EQ(v.str(), c["normalized"].get<std::string>());
    EXPECT_EQ(v, must_parse(c["expected_equal_to"].get<std::string>()));
  }
}

VECTOR_TEST(VersionVectors, CanonicalizeVersionAllCases) {
  const auto& vectors = load_vectors("pep440_versions.json");
  for (const auto& c : vectors["canonicalize_version"]) {
    std::string input = c["input"];
    bool strip = c["strip_trailing_zero"];
    std::string got = c["input_is_version_object"].get<bool>() ? canonicalize_version(must_parse(input), strip)
                                                                : canonicalize_version(input, strip);
    EXPECT_EQ(got, c["expected"].get<std::string>()) << input;
  }
}

TEST(Version, PackedAndSlowPathsAgree) {
  // Versions on both sides of the packing limits must order the same way.
  std::vector<std::string> ordered = {"1.0.dev8191", "1.0.dev8192", "1.0a1",    "1.0a8192", "1.0",
                                      "1.0.post1",   "1.0.post9000", "1.0.0.0.1", "1.4095",  "1.4096",
                                      "255.0",       "65535.0",      "65536",     "1!0.1"};
  for (std::size_t i = 0; i + 1 < ordered.size(); ++i) {
    EXPECT_LT(must_parse(ordered[i]), must_parse(ordered[i + 1])) << ordered[i] << " < " << ordered[i + 1];
  }
  EXPECT_EQ(must_parse("1.0"), must_parse("1.0.0.0.0"));
}

TEST(Version, ComparePublicOnPackedAndSlowVersions) {
  EXPECT_TRUE(must_parse("1.0+cu121").compare_public(must_parse("1.0.0")) == 0);
  EXPECT_TRUE(must_parse("1!1.0+a").compare_public(must_parse("1!1.0")) == 0) << "an epoch: not packed";
  EXPECT_TRUE(must_parse("1.0.0.0.1+x").compare_public(must_parse("1.0.0.0.1.0")) == 0) << "five parts: not packed";
  EXPECT_TRUE(must_parse("1.0+z").compare_public(must_parse("1.0.post1+a")) < 0);
  EXPECT_TRUE(must_parse("1!0.1").compare_public(must_parse("2.0+x")) > 0);
  EXPECT_TRUE(must_parse("65536").compare_public(must_parse("65537+a")) < 0);
}

TEST(Version, LocalLabelsOrderAndPrint) {
  EXPECT_EQ(must_parse("1.0+01.AbC-x_y").str(), "1.0+1.abc.x.y");
  EXPECT_LT(must_parse("1.0+abc"), must_parse("1.0+1"));
  EXPECT_LT(must_parse("1.0+1"), must_parse("1.0+1.0"));
  EXPECT_LT(must_parse("1.0+9"), must_parse("1.0+10"));
  EXPECT_EQ(must_parse("1.0+007"), must_parse("1.0+7"));
}

TEST(Version, RejectsNumbersAboveUint64WithSpan) {
  auto parsed = Version::parse("1.99999999999999999999");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(render(parsed.error()),
            "Invalid version: '1.99999999999999999999' (version number too large)\n"
            "1.99999999999999999999\n"
            "  ^^^^^^^^^^^^^^^^^^^^");
}

TEST(Version, RejectsTrailingGarbageWithCaretAtIt) {
  auto parsed = Version::parse("1.0 a1");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(render(parsed.error()), "Invalid version: '1.0 a1'\n1.0 a1\n   ^^^");
}

}  // namespace
}  // namespace mlstack::pep

namespace mlstack::pep {
namespace {

TEST(Version, SortOrderIsStableAndMatchesOperator) {
  std::vector<std::string> texts = {"1.0+b", "2.0", "1.0", "1!0.1", "1.0.0", "1.0a1", "1.0+a", "1.0.0.0.0.1",
                                    "1.0.post1.dev20240101", "0.9", "1.0+a"};
  std::vector<Version> versions;
  for (const auto& text : texts) versions.push_back(*Version::parse(text));
  std::vector<std::string> sorted;
  for (std::size_t i : Version::sort_order(versions)) sorted.push_back(texts[i]);
  std::vector<std::string> expected = texts;
  std::stable_sort(expected.begin(), expected.end(),
                   [](const std::string& a, const std::string& b) { return *Version::parse(a) < *Version::parse(b); });
  EXPECT_EQ(sorted, expected);
  EXPECT_EQ(sorted, (std::vector<std::string>{"0.9", "1.0a1", "1.0", "1.0.0", "1.0+a", "1.0+a", "1.0+b",
                                              "1.0.post1.dev20240101", "1.0.0.0.0.1", "2.0", "1!0.1"}));
}

}  // namespace
}  // namespace mlstack::pep

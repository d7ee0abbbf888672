// SPDX-License-Identifier: MIT
#include "pep/name.h"

#include <gtest/gtest.h>

#include "pep/vectors.h"

namespace mlstack::pep {
namespace {

using testing::load_vectors;

// Every case of name_normalization.json (packaging tests/test_utils.py).
VECTOR_TEST(NameVectors, CanonicalizeNameAllCases) {
  const auto& vectors = load_vectors("name_normalization.json");
  ASSERT_EQ(vectors["canonicalize_name"].size(), testing::expected_count(vectors, "canonicalize_name", 24u));
  for (const auto& c : vectors["canonicalize_name"]) {
    std::string name = c["name"];
    SCOPED_TRACE(name);
    if (c["validate"].get<bool>()) {
      auto strict = canonicalize_name_strict(name);
      ASSERT_EQ(strict.has_value(), c["valid"].get<bool>());
      if (strict) {
        EXPECT_EQ(*strict, c["expected"].get<std::string>());
      } else {
        EXPECT_EQ(strict.error().message, c["error"].get<std::string>());
      }
    } else {
      EXPECT_EQ(canonicalize_name(name), c["expected"].get<std::string>());
    }
  }
}

VECTOR_TEST(NameVectors, IsNormalizedNameAllCases) {
  const auto& vectors = load_vectors("name_normalization.json");
  for (const auto& c : vectors["is_normalized_name"]) {
    std::string name = c["name"];
    EXPECT_EQ(is_normalized_name(name), c["expected"].get<bool>()) << name;
  }
}

VECTOR_TEST(NameVectors, ExtraEquivalencesAllCases) {
  const auto& vectors = load_vectors("name_normalization.json");
  for (const auto& c : vectors["extra_equivalences"]) {
    std::string a = c["a"], b = c["b"];
    EXPECT_EQ(canonicalize_extra(a), c["canonical"].get<std::string>());
    EXPECT_EQ(canonicalize_extra(a) == canonicalize_extra(b), c["equal"].get<bool>());
  }
}

TEST(Name, IsValidNameRejectsEdgePunctuation) {
  EXPECT_TRUE(is_valid_name("a"));
  EXPECT_TRUE(is_valid_name("torch-cuda_12.x"));
  EXPECT_FALSE(is_valid_name(""));
  EXPECT_FALSE(is_valid_name("-a"));
  EXPECT_FALSE(is_valid_name("a."));
  EXPECT_FALSE(is_valid_name("a b"));
}

TEST(Name, StrictErrorRendersWholeName) {
  auto strict = canonicalize_name_strict("_bad");
  ASSERT_FALSE(strict);
  EXPECT_EQ(render(strict.error()), "name is invalid: '_bad'\n_bad\n^^^^");
}

}  // namespace
}  // namespace mlstack::pep

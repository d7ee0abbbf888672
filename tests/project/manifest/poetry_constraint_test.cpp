// SPDX-License-Identifier: MIT
#include "project/manifest/poetry_constraint.h"

#include <gtest/gtest.h>

namespace mlstack::project {
namespace {

struct Case {
  const char* poetry;
  const char* pep440;
};

// Expected values follow poetry-core's Version.next_breaking / tilde rules.
TEST(PoetryConstraint, TranslatesCaretTildeWildcardAndBareVersions) {
  const Case cases[] = {
      {"^1.2.3", ">=1.2.3,<2.0.0"}, {"^1.2", ">=1.2,<2.0"},       {"^1", ">=1,<2"},
      {"^0.2.3", ">=0.2.3,<0.3.0"}, {"^0.0.3", ">=0.0.3,<0.0.4"}, {"^0.0", ">=0.0,<0.1"},
      {"^0", ">=0,<1"},             {"^0.53b0", ">=0.53b0,<0.54"}, {"~1.2.3", ">=1.2.3,<1.3.0"},
      {"~1.2", ">=1.2,<1.3"},       {"~1", ">=1,<2"},             {"*", ""},
      {"", ""},                     {"1.2.3", "==1.2.3"},         {"=1.2", "==1.2"},
      {"1.2.*", "==1.2.*"},         {">=1.2,<2.0", ">=1.2,<2.0"}, {">= 1.2 < 2.0", ">=1.2,<2.0"},
      {"~=2.2", "~=2.2"},           {"!=1.5", "!=1.5"},
  };
  for (const auto& c : cases) {
    auto result = poetry_to_pep440(c.poetry);
    ASSERT_TRUE(result.has_value()) << c.poetry << ": " << result.error();
    EXPECT_EQ(*result, c.pep440) << c.poetry;
  }
}

TEST(PoetryConstraint, RejectsUnionsInsteadOfGuessing) {
  auto result = poetry_to_pep440("^1.0 || ^2.0");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(), "`^1.0 || ^2.0` is a union (||), which one PEP 440 specifier cannot express");
}

TEST(PoetryConstraint, PythonConstraintBecomesAMarker) {
  EXPECT_EQ(*poetry_python_to_marker("^3.8"), "python_version >= \"3.8\" and python_version < \"4.0\"");
  EXPECT_EQ(*poetry_python_to_marker(">=3.9,<3.13"), "python_version >= \"3.9\" and python_version < \"3.13\"");
  EXPECT_EQ(*poetry_python_to_marker(">=3.8.1"), "python_full_version >= \"3.8.1\"");
  EXPECT_EQ(*poetry_python_to_marker("3.10.*"), "python_version == \"3.10\"");
  EXPECT_EQ(*poetry_python_to_marker("*"), "");
}

}  // namespace
}  // namespace mlstack::project

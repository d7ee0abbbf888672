// SPDX-License-Identifier: MIT
#include "pep/requirement.h"

#include <gtest/gtest.h>

#include "pep/vectors.h"

namespace mlstack::pep {
namespace {

using nlohmann::json;
using testing::load_vectors;

const json& vectors() {
  return load_vectors("pep508_requirements.json");
}

Requirement must_parse(const std::string& text) {
  auto req = Requirement::parse(text);
  if (!req) throw std::runtime_error(render(req.error()));
  return *req;
}

VECTOR_TEST(RequirementVectors, ValidAllCases) {
  ASSERT_EQ(vectors()["valid"].size(), testing::expected_count(vectors(), "valid", 5281u));
  for (const auto& c : vectors()["valid"]) {
    std::string input = c["input"];
    SCOPED_TRACE(input);
    auto req = Requirement::parse(input);
    ASSERT_TRUE(req) << render(req.error());
    EXPECT_EQ(req->name, c["name"].get<std::string>());
    EXPECT_EQ(req->extras, c["extras"].get<std::vector<std::string>>());
    EXPECT_EQ(req->specifier.str(), c["specifier"].get<std::string>());
    EXPECT_EQ(req->url ? json(*req->url) : json(nullptr), c["url"]);
    EXPECT_EQ(req->marker ? json(req->marker->str()) : json(nullptr), c["marker"]);
    EXPECT_EQ(req->str(), c["normalized"].get<std::string>());
    EXPECT_EQ(must_parse(req->str()), *req);
  }
}

VECTOR_TEST(RequirementVectors, InvalidAllCasesWithSpans) {
  ASSERT_EQ(vectors()["invalid"].size(), testing::expected_count(vectors(), "invalid", 39u));
  for (const auto& c : vectors()["invalid"]) {
    std::string input = c["input"];
    SCOPED_TRACE(input);
    auto req = Requirement::parse(input);
    ASSERT_FALSE(req);
    EXPECT_EQ(req.error().message, c["error"].get<std::string>());
    if (!c["span"].is_null()) {
      std::size_t start = c["span"][0], end = c["span"][1];
      EXPECT_EQ(req.error().start, start);
      EXPECT_EQ(req.error().len, end - start);
    }
  }
}

VECTOR_TEST(RequirementVectors, EqualityAllCases) {
  for (const auto& c : vectors()["equality"]) {
    EXPECT_EQ(must_parse(c["left"]) == must_parse(c["right"]), c["equal"].get<bool>()) << c.dump();
  }
}

TEST(Requirement, RendersSpecifierErrorUnderTheClause) {
  auto req = Requirement::parse("torch>=2.3.*; os_name == 'nt'");
  ASSERT_FALSE(req);
  EXPECT_EQ(render(req.error()),
            ".* suffix can only be used with `==` or `!=` operators\n"
            "torch>=2.3.*; os_name == 'nt'\n"
            "     ^^^^^^");  // packaging's span: the clause and the "."
}

TEST(Requirement, UrlWithMarker) {
  Requirement req = must_parse("Pkg_A[Extra] @ https://example.com/a.whl ; python_version >= '3.9'");
  EXPECT_EQ(req.canonical_name(), "pkg-a");
  EXPECT_EQ(req.url.value(), "https://example.com/a.whl");
  EXPECT_EQ(req.str(), "Pkg_A[Extra] @ https://example.com/a.whl ; python_version >= \"3.9\"");
}

// Found by fuzz_requirement (crash-07094c27): an escaped backslash decodes to
// one backslash, which then prints unescaped.
TEST(Requirement, EscapedBackslashesDecodeOnce) {
  auto req = Requirement::parse("Package==1.0-alpha;python_version>='\\\\\\\\3.3?'");
  ASSERT_TRUE(req);
  EXPECT_EQ(req->marker->str(), "python_version >= \"\\\\3.3?\"");
  EXPECT_EQ(req->str(), "Package==1.0-alpha; python_version >= \"\\\\3.3?\"");
}

// Found by fuzz_requirement (crash-994fafec): "\\n" in a value decodes to a
// line break, which prints raw (as packaging prints it) and cannot parse back.
TEST(Requirement, EscapedLineBreakPrintsRaw) {
  auto req = Requirement::parse("pkg ; python_version >= '\\npa'");
  ASSERT_TRUE(req);
  EXPECT_EQ(req->marker->str(), "python_version >= \"\npa\"");
  EXPECT_FALSE(Requirement::parse(req->str()));
}

}  // namespace
}  // namespace mlstack::pep

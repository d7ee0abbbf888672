// SPDX-License-Identifier: MIT
// The fast path of `mlstack pep --jsonl` (src/cli/pep_batch.h) writes the
// same bytes as pep::answer() through nlohmann::json, line for line: on
// local cases that probe escapes, duplicates and every field, and on the
// packaging vectors of ../shared when they are there.
#include "cli/pep_batch.h"

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mlstack::cli {
namespace {

using pep::QueryKind;

pep::MarkerEnvironment defaults() {
  pep::MarkerEnvironment env;
  env.values = {{"implementation_name", "cpython"}, {"implementation_version", "3.11.7"}, {"os_name", "posix"},
                {"platform_machine", "x86_64"}, {"platform_release", "6.1.0"}, {"platform_system", "Linux"},
                {"platform_version", "#1 SMP"}, {"python_full_version", "3.11.7"},
                {"platform_python_implementation", "CPython"}, {"python_version", "3.11"}, {"sys_platform", "linux"}};
  return env;
}

// Both paths on one line; returns whether the fast one answered.
bool same(QueryKind kind, const std::string& line) {
  std::string fast, reference;
  answer_line(kind, line, defaults(), fast);
  answer_line_reference(kind, line, defaults(), reference);
  EXPECT_EQ(fast, reference) << line;
  std::string probe;
  return answer_line_fast(kind, line, defaults(), probe);
}

std::string object(const std::string& key, const std::string& value) {
  return nlohmann::json{{key, value}}.dump();
}

TEST(PepBatch, FastPathAnswersFlatLinesLikeTheReference) {
  EXPECT_TRUE(same(QueryKind::Version, R"({"version": "v2!1.0RC1.post2.dev3+AbC.7"})"));
  EXPECT_TRUE(same(QueryKind::Version, R"(  {"other": null, "version":"1.0-1"}  )"));
  EXPECT_TRUE(same(QueryKind::Version, R"({"version": "0.1", "version": "2.4.1+cu121"})"));  // the last duplicate counts
  EXPECT_TRUE(same(QueryKind::Compare, R"({"a": "1.0", "b": "1.0.post1"})"));
  EXPECT_TRUE(same(QueryKind::Compare, R"({"b": "1", "a": "1.0.0"})"));
  EXPECT_TRUE(same(QueryKind::Specifier, R"({"specifier": ">=1.0,<2", "version": "1.5", "prereleases": null})"));
  EXPECT_TRUE(same(QueryKind::Specifier, R"({"specifier": ">=1.0", "version": "2.0b1", "prereleases": true, "installed": false})"));
  EXPECT_TRUE(same(QueryKind::Specifier, R"({"specifier": "===foo", "version": "foo"})"));
  EXPECT_TRUE(same(QueryKind::Requirement, R"({"requirement": "Name[x,a] >=1, <2 ; os_name == \"nt\" and extra == 'x'"})"));
  EXPECT_TRUE(same(QueryKind::Requirement, R"({"requirement": "pkg @ https://e.com/p.whl ; python_version<'3.9'"})"));
  EXPECT_TRUE(same(QueryKind::Marker, R"({"marker": "python_version >= \"3.8\" and platform_system == 'Linux'"})"));
  EXPECT_TRUE(same(QueryKind::Marker, R"({"marker": "os_name == 'nt'", "environment": null})"));
}

TEST(PepBatch, EverythingElseTakesTheReferencePath) {
  const std::string_view cases[] = {
      "",                                              // invalid JSON
      "not json",
      "[1, 2]",                                        // not an object
      R"({"version": "1.0"} trailing)",
      R"({"version": "bad"})",                         // errors come from pep::answer
      R"({"version": 1})",                             // numbers
      R"({"version": "1.0\u0030"})",                   // \u escapes
      "{\"version\": \"1.0\xc3\xa9\"}",                // non-ASCII
      "{\"version\": \"1.0\xff\"}",                    // invalid UTF-8
      R"({"version": "1.0", "a": {"b": 1}})",          // nested
      R"({"version": "1.0", "pad": "\q"})",            // invalid escape
      R"({"ver\"sion": "1.0"})",                       // escaped key
      R"({"version": "1.0",})",                        // trailing comma
      R"({"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6", "g": "7", "h": "8", "version": "1"})",
  };
  for (std::string_view line : cases) EXPECT_FALSE(same(QueryKind::Version, std::string(line))) << line;
  EXPECT_FALSE(same(QueryKind::Marker, R"({"marker": "python_version < '3.9'", "environment": {"python_version": "3.8"}})"));
  EXPECT_FALSE(same(QueryKind::Marker, R"({"marker": "os_name === 'posix'"})"));
  EXPECT_FALSE(same(QueryKind::Specifier, R"({"specifier": ">=1", "version": "1", "prereleases": "yes"})"));
  EXPECT_FALSE(same(QueryKind::Requirement, R"({"requirement": "a\/b\\c"})"));
  EXPECT_FALSE(same(QueryKind::Wheel, R"({"filename": "six-1.16.0-py2.py3-none-any.whl"})"));
}

// Every valid input of packaging's own vectors, both paths.
TEST(PepBatch, PackagingVectorsGiveTheSameBytes) {
  const std::string dir = std::string(MLSTACK_SHARED_DIR) + "/testdata/packaging/";
  std::ifstream versions_file(dir + "pep440_versions.json");
  std::ifstream requirements_file(dir + "pep508_requirements.json");
  if (!versions_file || !requirements_file) GTEST_SKIP() << "../shared/testdata/packaging is not here";
  nlohmann::json versions = nlohmann::json::parse(versions_file);
  nlohmann::json requirements = nlohmann::json::parse(requirements_file);
  std::size_t fast = 0, total = 0;
  std::vector<std::string> texts;
  for (const auto& c : versions["valid"]) texts.push_back(c["input"].get<std::string>());
  for (const auto& text : versions["sort_order"]) texts.push_back(text.get<std::string>());
  for (const std::string& text : texts) {
    ++total;
    fast += same(QueryKind::Version, object("version", text));
    fast += same(QueryKind::Compare, nlohmann::json{{"a", text}, {"b", texts.front()}}.dump());
    fast += same(QueryKind::Specifier, nlohmann::json{{"specifier", ">=1.0,!=2.0.*"}, {"version", text}}.dump());
  }
  for (const auto& c : requirements["valid"]) {
    ++total;
    std::string text = c["input"].get<std::string>();
    fast += same(QueryKind::Requirement, object("requirement", text));
    if (c.contains("marker") && c["marker"].is_string())
      fast += same(QueryKind::Marker, object("marker", c["marker"].get<std::string>()));
  }
  EXPECT_GT(fast, total) << "the fast path answered too few lines";
}

}  // namespace
}  // namespace mlstack::cli

// SPDX-License-Identifier: MIT
#include "pep/query.h"

#include <gtest/gtest.h>

namespace mlstack::pep {
namespace {

using nlohmann::json;

std::string ask(QueryKind kind, const char* input, const MarkerEnvironment& defaults = {}) {
  QueryAnswer answer = pep::answer(kind, json::parse(input), defaults);
  return answer.error ? "error: " + answer.error->message : answer.result.dump();
}

TEST(Query, VersionShapeInDocumentedOrder) {
  EXPECT_EQ(ask(QueryKind::Version, R"({"version": "1.0-1"})"),
            R"({"normalized":"1.0.post1","epoch":0,"release":[1,0],"pre":null,"post":1,"dev":null,"local":null,)"
            R"("is_prerelease":false})");
  EXPECT_EQ(ask(QueryKind::Version, R"({"version": "2.0rc1+CU121"})"),
            R"({"normalized":"2.0rc1+cu121","epoch":0,"release":[2,0],"pre":["rc",1],"post":null,"dev":null,)"
            R"("local":"cu121","is_prerelease":true})");
  EXPECT_EQ(ask(QueryKind::Version, R"({"version": 1})"), R"(error: expected a string field "version")");
  EXPECT_EQ(ask(QueryKind::Version, R"([1])"), "error: expected a JSON object");
}

TEST(Query, CompareAndSpecifier) {
  EXPECT_EQ(ask(QueryKind::Compare, R"({"a": "1.0", "b": "1.0.post1"})"), R"({"cmp":-1})");
  EXPECT_EQ(ask(QueryKind::Specifier, R"({"specifier": ">=1.0", "version": "2.0b1"})"), R"({"contains":true})");
  EXPECT_EQ(ask(QueryKind::Specifier, R"({"specifier": ">=1.0", "version": "2.0b1", "prereleases": false})"),
            R"({"contains":false})");
  EXPECT_EQ(ask(QueryKind::Specifier, R"({"specifier": ">=1.0", "version": "2.0", "prereleases": "yes"})"),
            R"(error: "prereleases" must be true, false or null)");
}

TEST(Query, MarkerTakesDefaultsForMissingVariables) {
  Platform platform;
  platform.python_version = *Version::parse("3.11.7");
  MarkerEnvironment defaults = marker_environment(platform);
  EXPECT_EQ(ask(QueryKind::Marker, R"({"marker": "python_version >= '3.8'"})", defaults), R"({"result":true})");
  EXPECT_EQ(ask(QueryKind::Marker, R"({"marker": "python_version >= '3.8'", "environment": {"python_version": "3.7"}})",
                defaults),
            R"({"result":false})");
  EXPECT_EQ(ask(QueryKind::Marker, R"({"marker": "'a' in extras", "environment": {"extras": ["A"]}})", defaults),
            R"({"result":true})");
  EXPECT_EQ(ask(QueryKind::Marker, R"({"marker": "python_version >= '3.8'"})"),
            "error: UndefinedEnvironmentName: 'python_version'");
}

TEST(Query, RequirementAndWheel) {
  EXPECT_EQ(ask(QueryKind::Requirement, R"({"requirement": "name[x]>=1; os_name=='nt'"})"),
            R"({"name":"name","extras":["x"],"specifier":">=1","url":null,"marker":"os_name == \"nt\""})");
  EXPECT_EQ(ask(QueryKind::Wheel, R"({"filename": "foo-1.0-1000abc-py3-none-any.whl"})"),
            R"({"name":"foo","version":"1.0","build":[1000,"abc"],"tags":["py3-none-any"]})");
  EXPECT_EQ(ask(QueryKind::Wheel, R"({"filename": "a-1-cp312-cp312-win_amd64.whl", "target": {"python": "3.12"}})"),
            R"({"name":"a","version":"1","build":null,"tags":["cp312-cp312-win_amd64"],"compatible":false,)"
            R"("reason":"platform","detail":"wheel is built for win_amd64; the target accepts linux_x86_64, any"})");
  EXPECT_EQ(ask(QueryKind::Wheel, R"({"filename": "a.whl", "target": {"python": "x"}})"),
            "error: Invalid wheel filename (wrong number of parts): 'a'");
}

}  // namespace
}  // namespace mlstack::pep

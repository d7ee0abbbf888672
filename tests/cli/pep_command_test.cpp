// SPDX-License-Identifier: MIT
// End-to-end tests of `mlstack pep`: argument mode and the --jsonl batch
// protocol documented in docs/pep.md.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

using nlohmann::json;

json answer_of(const RunResult& r) {
  json document = json::parse(r.out);
  EXPECT_EQ(document["schema"], "mlstack/1");
  EXPECT_EQ(document["command"], "pep");
  return document["answer"];
}

TEST(PepCommand, VersionBatchAnswersEveryLineInOrder) {
  auto r = run_mlstack({"pep", "version", "--jsonl"},
                       "{\"version\": \"1.0-1\"}\n"
                       "{\"version\": \"bad\"}\n"
                       "not json\n"
                       "{\"other\": 1}\n"
                       "{\"version\": \"v2!1.0RC1.post2.dev3+AbC\"}\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"normalized\":\"1.0.post1\",\"epoch\":0,\"release\":[1,0],\"pre\":null,\"post\":1,\"dev\":null,"
            "\"local\":null,\"is_prerelease\":false}\n"
            "{\"error\":\"Invalid version: 'bad'\"}\n"
            "{\"error\":\"invalid JSON\"}\n"
            "{\"error\":\"expected a string field \\\"version\\\"\"}\n"
            "{\"normalized\":\"2!1.0rc1.post2.dev3+abc\",\"epoch\":2,\"release\":[1,0],\"pre\":[\"rc\",1],\"post\":2,"
            "\"dev\":3,\"local\":\"abc\",\"is_prerelease\":true}\n");
}

TEST(PepCommand, CompareSpecifierRequirementBatches) {
  auto compare = run_mlstack({"pep", "compare", "--jsonl"},
                             "{\"a\": \"1.0\", \"b\": \"1.0.post1\"}\n{\"a\": \"1.0.0\", \"b\": \"1\"}\n"
                             "{\"a\": \"2.0\", \"b\": \"2.0rc1\"}\n");
  EXPECT_EQ(compare.out, "{\"cmp\":-1}\n{\"cmp\":0}\n{\"cmp\":1}\n");

  auto spec = run_mlstack({"pep", "specifier", "--jsonl"},
                          "{\"specifier\": \">=1.0,<2\", \"version\": \"1.5\", \"prereleases\": null}\n"
                          "{\"specifier\": \">=2.3,<2.5\", \"version\": \"2.4.1+cu121\"}\n"
                          "{\"specifier\": \">=1.0\", \"version\": \"2.0b1\", \"prereleases\": false}\n"
                          "{\"specifier\": \">=1.0.*\", \"version\": \"1.0\"}\n");
  EXPECT_EQ(spec.out,
            "{\"contains\":true}\n{\"contains\":true}\n{\"contains\":false}\n"
            "{\"error\":\"Invalid specifier: '>=1.0.*'\"}\n");

  auto req = run_mlstack({"pep", "requirement", "--jsonl"},
                         "{\"requirement\": \"name[x]>=1; os_name=='nt'\"}\n"
                         "{\"requirement\": \"pkg @ https://e.com/p.whl\"}\n");
  EXPECT_EQ(req.out,
            "{\"name\":\"name\",\"extras\":[\"x\"],\"specifier\":\">=1\",\"url\":null,"
            "\"marker\":\"os_name == \\\"nt\\\"\"}\n"
            "{\"name\":\"pkg\",\"extras\":[],\"specifier\":\"\",\"url\":\"https://e.com/p.whl\",\"marker\":null}\n");
}

TEST(PepCommand, MarkerBatchUsesGivenEnvironmentThenMachineDefaults) {
  auto r = run_mlstack({"pep", "marker", "--jsonl"},
                       "{\"marker\": \"python_version >= '3.8'\", \"environment\": {\"python_version\": \"3.7\"}}\n"
                       "{\"marker\": \"extra == 'Foo_Bar'\", \"environment\": {\"extra\": \"foo.bar\"}}\n"
                       "{\"marker\": \"os_name == 'posix' and platform_system == 'Linux'\"}\n"
                       "{\"marker\": \"os_name === 'posix'\"}\n");
  EXPECT_EQ(r.out,
            "{\"result\":false}\n{\"result\":true}\n{\"result\":true}\n"
            "{\"error\":\"UndefinedComparison: Undefined '===' on 'posix' and 'posix'.\"}\n");
}

TEST(PepCommand, WheelWithTargetSaysWhy) {
  auto r = run_mlstack({"--format", "json", "pep", "wheel", "torch-2.4.1+cu121-cp311-cp311-manylinux_2_28_x86_64.whl",
                        "--python", "3.11.7", "--glibc", "2.17"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json answer = answer_of(r);
  EXPECT_EQ(answer["name"], "torch");
  EXPECT_EQ(answer["version"], "2.4.1+cu121");
  EXPECT_EQ(answer["compatible"], false);
  EXPECT_EQ(answer["reason"], "platform");

  auto ok = run_mlstack({"pep", "wheel", "--jsonl"},
                        "{\"filename\": \"six-1.16.0-py2.py3-none-any.whl\", \"target\": {\"python\": \"3.11\"}}\n");
  EXPECT_EQ(ok.out,
            "{\"name\":\"six\",\"version\":\"1.16.0\",\"build\":null,\"tags\":[\"py2-none-any\",\"py3-none-any\"],"
            "\"compatible\":true,\"priority\":27}\n");  // after 12 cp311 + 13 py3x-linux + cp311/py311-none-any
}

TEST(PepCommand, ArgumentModeJsonAndText) {
  auto json_run = run_mlstack({"--format", "json", "pep", "specifier", ">=2.3,<2.5", "2.4.1+cu121"});
  EXPECT_EQ(json_run.exit_code, 0);
  EXPECT_EQ(answer_of(json_run), json::parse("{\"contains\": true}"));
  auto text = run_mlstack({"pep", "version", "1.0-1"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("1.0.post1"), std::string::npos) << text.out;
  auto marker = run_mlstack({"--format", "json", "pep", "marker", "python_version < '3.9'", "--env", "python_version=3.8"});
  EXPECT_EQ(answer_of(marker)["result"], true);
}

TEST(PepCommand, InvalidArgumentIsUsageErrorWithCaret) {
  auto r = run_mlstack({"pep", "requirement", "torch>=2.3.*"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(r.err, "error: .* suffix can only be used with `==` or `!=` operators\ntorch>=2.3.*\n     ^^^^^^\n");
  auto missing = run_mlstack({"pep", "compare", "1.0"});
  EXPECT_EQ(missing.exit_code, 2);
  auto both = run_mlstack({"pep", "version", "--jsonl", "1.0"}, "{}\n");
  EXPECT_EQ(both.exit_code, 2);
}

}  // namespace
}  // namespace mlstack::testing

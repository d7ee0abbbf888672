// SPDX-License-Identifier: MIT
// `mlstack scan` end to end: the code part (imports, flags, entry graphs,
// documented commands) on the bundled example.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

const std::string k_example = MLSTACK_SOURCE_DIR "/examples/tinyquant";

TEST(ScanCodeTest, JsonHasImportsEntriesCallSitesAndCommands) {
  auto r = run_mlstack({"scan", k_example, "--format", "json"});
  ASSERT_NE(r.exit_code, 2) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  const auto& code = doc["code"];
  bool tqdm = false;
  for (const auto& i : code["imports"]) tqdm |= i["import"] == "tqdm" && i["how"] == "at import";
  EXPECT_TRUE(tqdm);
  ASSERT_EQ(code["entries"].size(), 1u);
  EXPECT_EQ(code["entries"][0]["entry"], "tinyquant/entry.py");
  EXPECT_EQ(code["extension_calls"][0]["extension"], "tinyquant_kernels");
  EXPECT_EQ(code["extension_calls"][0]["functions"][0], "gemm_w4a16_pack");
  std::vector<std::string> rules;
  for (const auto& f : doc["findings"]) rules.push_back(f["rule"]);
  for (const char* rule : {"scan.undeclared-import", "scan.optional-import-unguarded", "scan.doc-undefined-flag",
                           "scan.doc-abbreviated-flag", "scan.unused-dependency"}) {
    EXPECT_NE(std::find(rules.begin(), rules.end(), rule), rules.end()) << rule;
  }
  // scan.doc-undefined-flag is an error: the README command fails as written.
  EXPECT_EQ(r.exit_code, 1);
}

TEST(ScanCodeTest, DotGraphOfAnEntry) {
  auto r = run_mlstack({"scan", k_example, "--entry", "tinyquant/entry.py", "--format", "dot"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("digraph")) << r.out;
  EXPECT_NE(r.out.find("tinyquant/quantize.py"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tqdm"), std::string::npos) << r.out;
}

TEST(ScanCodeTest, NoCodeLeavesTheSourcesAlone) {
  auto r = run_mlstack({"scan", k_example, "--no-code", "--format", "json"});
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_FALSE(doc.contains("code"));
}

}  // namespace
}  // namespace mlstack::testing

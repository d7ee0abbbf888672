// SPDX-License-Identifier: MIT
// End-to-end tests of `mlstack scan`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

const std::string k_projects = std::string(MLSTACK_SOURCE_DIR) + "/tests/data/projects";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(ScanCommandTest, TextShowsSourcesDeclaredDriftAndSuggestions) {
  auto r = run_mlstack({"scan", k_projects + "/llm-demo"}, {}, {"COLUMNS=400"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"Declared dependencies", "Build-time dependencies", "Install commands in scripts and docs",
                           "Index configuration", "Disagreements between sources", "Reproducibility",
                           "torch is pinned to different versions: ==2.3.0 in pyproject.toml:13:5, ==2.3.1+cu121 in "
                           "install.sh:10:13",
                           "https://flashattn.github.io/whl/cu121/torch2.3/"}) {
    EXPECT_TRUE(contains(r.out, part)) << part;
  }
}

TEST(ScanCommandTest, MarkdownReadsLikeTheSeedTables) {
  auto r = run_mlstack({"scan", k_projects + "/llm-demo", "--format", "markdown"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "| accelerate | `==0.34.2` |")) << r.out;
  EXPECT_TRUE(contains(r.out, "| sentencepiece | `unpinned` |")) << r.out;
}

TEST(ScanCommandTest, JsonCarriesEveryDeclarationWithItsOrigin) {
  auto r = run_mlstack({"scan", k_projects + "/golden-setup", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["schema"], "mlstack/1");
  EXPECT_EQ(json["command"], "scan");
  bool torch = false;
  for (const auto& q : json["requirements"]) {
    if (q["text"] == "torch==2.8.0+cu128") {
      torch = true;
      EXPECT_EQ(q["origin"]["path"], "golden_dynamic_setup_auto.sh");
      EXPECT_EQ(q["origin"]["line"], 13);
      EXPECT_EQ(q["pin"], "exact");
      EXPECT_EQ(q["installer"], "pip");
    }
  }
  EXPECT_TRUE(torch);
  EXPECT_FALSE(json["disagreements"].empty());
}

TEST(ScanCommandTest, InputErrorsExitTwoAndTheRestIsStillReported) {
  auto r = run_mlstack({"scan", k_projects + "/bad-inputs"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out, "input.toml-syntax")) << r.out;
  EXPECT_TRUE(contains(r.out, "pyproject.toml:6:5")) << r.out;
  EXPECT_TRUE(contains(r.out, "scipy")) << r.out;
}

TEST(ScanCommandTest, WarningsFailOnlyWhenAsked) {
  // llm-demo has warnings and no errors (golden-setup's only warning was a
  // comparison of its root script with the phase1a/ sub-project, no longer made).
  auto r = run_mlstack({"scan", k_projects + "/llm-demo", "--fail-on", "warning"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(run_mlstack({"scan", k_projects + "/llm-demo"}).exit_code, 0);
}

TEST(ScanCommandTest, MissingPathIsUsageError) {
  auto r = run_mlstack({"scan", "/nonexistent/mlstack-project"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "cannot read `/nonexistent/mlstack-project`")) << r.err;
}

}  // namespace
}  // namespace mlstack::testing

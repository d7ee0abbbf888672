// SPDX-License-Identifier: MIT
// `mlstack scan` end to end: the code part (imports, flags, entry graphs,
// documented commands) on the bundled example.
#include <unistd.h>
#include <gtest/gtest.h>
#include <algorithm>
#include <cstdio>
#include <filesystem>
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

const std::string k_transitive = MLSTACK_SOURCE_DIR "/tests/data/projects/transitive";

std::vector<std::string> rules_of(const nlohmann::json& doc) {
  std::vector<std::string> rules;
  for (const auto& f : doc["findings"]) rules.push_back(f["rule"]);
  return rules;
}

TEST(ScanCodeTest, WithoutAnEnvironmentOptionNoEnvironmentIsRead) {
  // Not even $VIRTUAL_ENV: a project scan does not change with the shell it runs in.
  auto r = run_mlstack({"scan", k_transitive, "--format", "json"}, {}, {"VIRTUAL_ENV=" + k_transitive + "/site-packages"});
  ASSERT_NE(r.exit_code, 2) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc["code"]["environment"].is_null());
  auto rules = rules_of(doc);
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "scan.transitive-only"), 0);
}

TEST(ScanCodeTest, SiteFolderTellsTransitiveImportsApart) {
  auto r = run_mlstack({"scan", k_transitive, "--site", k_transitive + "/site-packages", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;  // warnings only
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["code"]["environment"], k_transitive + "/site-packages (--site)");
  std::vector<std::string> transitive;
  for (const auto& f : doc["findings"])
    if (f["rule"] == "scan.transitive-only") transitive.push_back(f["message"]);
  ASSERT_EQ(transitive.size(), 3u) << r.out;
  bool numpy = false;
  for (const auto& m : transitive) numpy |= m.find("numpy ← torch 2.3.0 (Requires-Dist: numpy)") != std::string::npos;
  EXPECT_TRUE(numpy);
  for (const auto& i : doc["code"]["imports"])
    if (i["import"] == "cv2") {
      EXPECT_EQ(i["distribution"], "opencv-python-headless");
      EXPECT_EQ(i["evidence"], "RECORD of opencv-python-headless 4.9.0.80");
    }
}

TEST(ScanCodeTest, TransitiveOnlyInText) {
  // Wide enough that the summary's Environment line (an absolute path) does not wrap.
  auto r = run_mlstack({"scan", k_transitive, "--site", k_transitive + "/site-packages"}, {}, {"COLUMNS=400"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("scan.transitive-only"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  Environment  " + k_transitive + "/site-packages (--site)"), std::string::npos) << r.out;
}

TEST(ScanCodeTest, MissingSiteFolderIsBadInput) {
  auto r = run_mlstack({"scan", k_transitive, "--site", k_transitive + "/no-such-site", "--format", "json"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  auto rules = rules_of(nlohmann::json::parse(r.out));
  EXPECT_NE(std::find(rules.begin(), rules.end(), "input.site-dir-missing"), rules.end());
}

TEST(ScanCodeTest, EnvironmentOptionsExcludeEachOtherAndNoCode) {
  EXPECT_EQ(run_mlstack({"scan", k_transitive, "--site", "/x", "--python", "python3"}).exit_code, 2);
  EXPECT_EQ(run_mlstack({"scan", k_transitive, "--env", "--no-code"}).exit_code, 2);
}

TEST(ScanCodeTest, EnvFlagFindsTheEnvironmentAsEnvDoes) {
  // $VIRTUAL_ENV names a prefix; the fixture site folder is not one, so point
  // at a fixture venv of the env tests that has a lib/python3.X/site-packages.
  auto r = run_mlstack({"scan", k_transitive, "--env", "--format", "json"}, {},
                       {"VIRTUAL_ENV=" MLSTACK_SOURCE_DIR "/tests/data/env/venv-basic", "CONDA_PREFIX="});
  ASSERT_NE(r.exit_code, 2) << r.out << r.err;
  auto doc = nlohmann::json::parse(r.out);
  std::string environment = doc["code"]["environment"];
  EXPECT_NE(environment.find("($VIRTUAL_ENV)"), std::string::npos) << environment;
}

TEST(ScanCodeTest, SavedEnvironment) {
  auto saved = run_mlstack({"env", "--site", k_transitive + "/site-packages", "--no-tools", "--format", "json"});
  ASSERT_NE(saved.exit_code, 2) << saved.err;
  std::string path = ::testing::TempDir() + "/mlstack-transitive-env-" + std::to_string(::getpid()) + ".json";
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fwrite(saved.out.data(), 1, saved.out.size(), f);
    std::fclose(f);
  }
  auto r = run_mlstack({"scan", k_transitive, "--env-file", path, "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto rules = rules_of(nlohmann::json::parse(r.out));
  EXPECT_EQ(std::count(rules.begin(), rules.end(), "scan.transitive-only"), 3);
  std::remove(path.c_str());
}

// A real environment: Debian's python3 packages, whose astunparse requires six.
TEST(ScanCodeTest, DebianDistPackagesChain) {
  const std::string site = "/usr/lib/python3/dist-packages";
  if (!std::filesystem::exists(site + "/astunparse-1.6.3.dist-info/METADATA") ||
      !std::filesystem::exists(site + "/six-1.16.0.egg-info"))
    GTEST_SKIP() << "needs Debian's python3-astunparse and python3-six in " << site;
  std::filesystem::path project = std::filesystem::path(::testing::TempDir()) / ("mlstack-debian-chain-" + std::to_string(::getpid()));
  std::filesystem::remove_all(project);
  std::filesystem::create_directories(project / "demo");
  auto write = [](const std::filesystem::path& path, const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  };
  write(project / "pyproject.toml", "[project]\nname = \"demo\"\nversion = \"0\"\ndependencies = [\"astunparse\"]\n");
  write(project / "demo" / "__init__.py", "import astunparse\nimport six\n");
  auto r = run_mlstack({"scan", project.string(), "--site", site, "--format", "json"});
  ASSERT_NE(r.exit_code, 2) << r.out << r.err;
  auto doc = nlohmann::json::parse(r.out);
  std::string message;
  for (const auto& f : doc["findings"])
    if (f["rule"] == "scan.transitive-only") message = f["message"];
  EXPECT_NE(message.find("six ← astunparse 1.6.3 (Requires-Dist: six (<2.0,>=1.6.1)) ← astunparse (pyproject.toml:4)"),
            std::string::npos)
      << r.out;
  std::filesystem::remove_all(project);
}

}  // namespace
}  // namespace mlstack::testing

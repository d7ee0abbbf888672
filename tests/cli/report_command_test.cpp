// SPDX-License-Identifier: MIT
// `mlstack report` end to end: every format on the bundled example, on a
// saved environment and a target, and on each real tree of ../shared/trees;
// the findings are exactly those `mlstack scan` and `mlstack check` report,
// and the SARIF of report, scan and check passes the official 2.1.0 schema
// (tests/data/sarif, checked with Debian's python3-jsonschema).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

namespace fs = std::filesystem;

const std::string k_example = MLSTACK_SOURCE_DIR "/examples/tinyquant";
const std::string k_env_file = MLSTACK_SOURCE_DIR "/tests/data/env/saved/h100-torch-cu121.json";
const std::string k_schema = MLSTACK_SOURCE_DIR "/tests/data/sarif/sarif-schema-2.1.0.json";
const std::string k_validator = MLSTACK_SOURCE_DIR "/tests/data/sarif/validate_sarif.py";

// The section titles of the report, in order (seed 000's order).
const std::vector<std::string> k_sections = {
    "## Scope and sources",       "## Declared dependencies", "## Build-time dependencies",
    "## Optional features",       "## Imports against declarations", "## Entry points and the files each needs",
    "## Version coupling",        "## Environment and machine", "## Findings",
    "## Pinning policy"};

// A finding as one comparable string: rule, severity, message, origins, fix.
std::set<std::string> finding_set(const nlohmann::json& doc) {
  std::set<std::string> out;
  const nlohmann::json& findings = doc["findings"];
  for (const auto& f : findings) {
    nlohmann::json key = {{"rule", f["rule"]}, {"severity", f["severity"]}, {"message", f["message"]},
                          {"origins", f["origins"]}, {"fix", f["fix"]}};
    out.insert(key.dump());
  }
  return out;
}

std::string temp_file(const std::string& name, const std::string& text) {
  fs::path dir = fs::temp_directory_path() / ("mlstack-report-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

// Runs the official schema over a SARIF log; returns the validator's complaints ("" when valid).
std::string sarif_errors(const std::string& sarif, const std::string& name) {
  std::string log = temp_file(name + ".sarif", sarif);
  std::string out = temp_file(name + ".validator.txt", "");
  std::string command = "/usr/bin/python3 " + k_validator + " " + k_schema + " " + log + " > " + out + " 2>&1";
  int status = std::system(command.c_str());
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return status == 0 ? std::string() : (text.empty() ? "validator failed to run: " + command : text);
}

// "1 error, 8 warnings, 11 notes", as the scope section writes it.
std::string fmt_count(const nlohmann::json& report) {
  std::size_t e = 0, w = 0, n = 0;
  const nlohmann::json& findings = report["findings"];
  for (const auto& f : findings) {
    if (f["severity"] == "error") ++e;
    else if (f["severity"] == "warning") ++w;
    else ++n;
  }
  auto plural = [](std::size_t count, const char* word) {
    return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
  };
  return plural(e, "error") + ", " + plural(w, "warning") + ", " + plural(n, "note");
}

// Sections present, in order, in a Markdown report.
void expect_sections(const std::string& markdown) {
  std::size_t at = 0;
  for (const auto& title : k_sections) {
    std::size_t found = markdown.find("\n" + title + "\n", at);
    ASSERT_NE(found, std::string::npos) << "missing or out of order: " << title;
    at = found + 1;
  }
}

// Every format of one project's report, checked against scan and check of the same project.
void check_all_formats(const std::string& path, const std::string& name) {
  SCOPED_TRACE(path);
  auto scan = run_mlstack({"scan", path, "--format", "json"});
  auto check = run_mlstack({"check", path, "--no-env", "--format", "json"});
  auto json = run_mlstack({"report", path, "--format", "json"});
  ASSERT_TRUE(json.exit_code >= 0 && json.exit_code <= 2) << json.err;
  // The report's exit status is check's and scan's: the worse of the two.
  EXPECT_EQ(json.exit_code, std::max(scan.exit_code, check.exit_code)) << json.err;
  auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["command"], "report");
  auto expected = finding_set(nlohmann::json::parse(scan.out));
  auto from_check = finding_set(nlohmann::json::parse(check.out));
  expected.insert(from_check.begin(), from_check.end());
  EXPECT_EQ(finding_set(report), expected) << "the report's findings are scan's and check's, each once";
  EXPECT_EQ(report["findings"].size(), expected.size());
  const nlohmann::json& sections = report["sections"];
  ASSERT_EQ(sections.size(), k_sections.size());
  EXPECT_EQ(report["scan"]["requirements"].size(), nlohmann::json::parse(scan.out)["requirements"].size());

  auto markdown = run_mlstack({"report", path});  // Markdown is the default
  EXPECT_EQ(markdown.exit_code, json.exit_code);
  expect_sections(markdown.out);
  EXPECT_NE(markdown.out.find(fmt_count(report)), std::string::npos) << "the scope states the finding counts";

  auto sarif = run_mlstack({"report", path, "--format", "sarif"});
  EXPECT_EQ(sarif.exit_code, json.exit_code);
  EXPECT_EQ(sarif_errors(sarif.out, name), "");
  auto log = nlohmann::json::parse(sarif.out);
  const nlohmann::json& results = log["runs"][0]["results"];
  EXPECT_EQ(results.size(), report["findings"].size());

  auto html = run_mlstack({"report", path, "--format", "html"});
  EXPECT_EQ(html.exit_code, json.exit_code);
  EXPECT_EQ(html.out.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.out.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.out.find(" src="), std::string::npos) << "nothing is loaded from elsewhere";
  EXPECT_EQ(html.out.find("<link"), std::string::npos);
  EXPECT_EQ(html.out.find("@import"), std::string::npos);
  std::size_t cards = 0;
  for (std::size_t at = html.out.find("<li id=\"finding-"); at != std::string::npos; at = html.out.find("<li id=\"finding-", at + 1)) ++cards;
  EXPECT_EQ(cards, report["findings"].size());
}

TEST(ReportCommandTest, ExampleInEveryFormat) { check_all_formats(k_example, "tinyquant"); }

TEST(ReportCommandTest, ExampleMarkdownReadsLikeTheSeeds) {
  auto r = run_mlstack({"report", k_example, "--format", "markdown"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out.rfind("# mlstack report: ", 0), 0u);
  // Seed 000's tables: the constraint as written, with its file and line.
  EXPECT_NE(r.out.find("| torch | `==2.3.0` | exact pin | pyproject.toml:12:5 |"), std::string::npos) << r.out;
  // The CUDA extension with its archs and flags (seed 000 section 2).
  EXPECT_NE(r.out.find("| tinyquant_kernels | CUDAExtension | setup.py:30 |"), std::string::npos);
  EXPECT_NE(r.out.find("sm_80, sm_86, sm_90"), std::string::npos);
  // The flag and the optional import it switches on (seed 000 section 3).
  EXPECT_NE(r.out.find("| --flash_attn | flash_attn | flash-attn | tinyquant/entry.py:27 |"), std::string::npos);
  // Seed 003's minimal file set of the entry point.
  EXPECT_NE(r.out.find("Minimal file set (4 files):"), std::string::npos);
  // The kb coupling with its verdict and fact (seed 000 section 4).
  EXPECT_NE(r.out.find("| torchvision 0.18.0 | `torch==2.3.0` | holds | torch 2.3.0 | kb:torch:2.3.0"), std::string::npos);
  // The pinning policy keeps the pins and adds what the pins need (seed 000 section 7).
  EXPECT_NE(r.out.find("huggingface-hub<1.0\n"), std::string::npos);
  EXPECT_NE(r.out.find("torch==2.3.0\n"), std::string::npos);
}

TEST(ReportCommandTest, SavedEnvironmentAndTargetFillTheEnvironmentSection) {
  auto r = run_mlstack({"report", k_example, "--env-file", k_env_file, "--target", "python=3.10,cuda=12.1,sm=90,abi=0",
                        "--format", "json"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_TRUE(doc["environment"].is_object());
  EXPECT_EQ(doc["environment"]["source"], "--env-file " + k_env_file);
  EXPECT_FALSE(doc["installed"].empty());
  bool torch_row = false;
  for (const auto& row : doc["installed"]) {
    if (row["name"] == "torch") {
      torch_row = true;
      EXPECT_EQ(row["installed"], "2.3.0+cu121");
      EXPECT_EQ(row["verdict"], "holds");
    }
  }
  EXPECT_TRUE(torch_row);
  auto check = run_mlstack({"check", k_example, "--env-file", k_env_file, "--target", "python=3.10,cuda=12.1,sm=90,abi=0",
                            "--format", "json"});
  auto scan = run_mlstack({"scan", k_example, "--env-file", k_env_file, "--format", "json"});
  auto expected = finding_set(nlohmann::json::parse(scan.out));
  auto from_check = finding_set(nlohmann::json::parse(check.out));
  expected.insert(from_check.begin(), from_check.end());
  EXPECT_EQ(finding_set(doc), expected);

  auto md = run_mlstack({"report", k_example, "--env-file", k_env_file, "--target", "python=3.10,cuda=12.1,sm=90,abi=0"});
  EXPECT_NE(md.out.find("### Target machine"), std::string::npos);
  EXPECT_NE(md.out.find("### Declared against installed"), std::string::npos);
  EXPECT_NE(md.out.find("| torch | `torch==2.3.0` | pyproject.toml:12:5 | `2.3.0+cu121` | holds |"), std::string::npos) << md.out;
}

TEST(ReportCommandTest, ScanAndCheckWriteValidSarif) {
  auto scan = run_mlstack({"scan", k_example, "--format", "sarif"});
  EXPECT_EQ(sarif_errors(scan.out, "scan"), "");
  auto check = run_mlstack({"check", k_example, "--no-env", "--target", "python=3.10,cuda=11.8,sm=75,abi=0", "--format", "sarif"});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_EQ(sarif_errors(check.out, "check"), "");
  auto log = nlohmann::json::parse(check.out);
  const nlohmann::json& run = log["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file://" + fs::canonical(k_example).string() + "/");
  std::set<std::string> ids;
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    EXPECT_TRUE(ids.insert(rule["id"].get<std::string>()).second) << "one rule per id";
    EXPECT_NE(rule["helpUri"].get<std::string>().find("docs/"), std::string::npos);
  }
  bool located = false;
  for (const auto& result : run["results"]) {
    EXPECT_TRUE(ids.count(result["ruleId"].get<std::string>()));
    EXPECT_EQ(run["tool"]["driver"]["rules"][result["ruleIndex"].get<std::size_t>()]["id"], result["ruleId"]);
    if (result["ruleId"] == "ext.cxx11-abi") {
      const nlohmann::json& where = result["locations"][0]["physicalLocation"];
      EXPECT_EQ(where["artifactLocation"]["uri"], "scripts/install.sh");
      EXPECT_EQ(where["artifactLocation"]["uriBaseId"], "%SRCROOT%");
      EXPECT_EQ(where["region"]["startLine"], 9);
      EXPECT_EQ(where["region"]["startColumn"], 13);
      EXPECT_NE(result["properties"]["fix"].get<std::string>().find("cxx11abiFALSE"), std::string::npos);
      located = true;
    }
  }
  EXPECT_TRUE(located);
  // A broken log is rejected: the validator is real.
  log["runs"][0]["results"][0]["level"] = "fatal";
  EXPECT_NE(sarif_errors(log.dump(), "broken"), "");
}

TEST(ReportCommandTest, RejectsDotAndBadTarget) {
  auto dot = run_mlstack({"report", k_example, "--format", "dot"});
  EXPECT_EQ(dot.exit_code, 2);
  auto bad = run_mlstack({"report", k_example, "--target", "cuda=banana"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--target"), std::string::npos) << bad.err;
}

// The five real repositories of ../shared/trees, every format; one test per
// tree so that ctest runs them side by side.
class ReportTreeTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ReportTreeTest, EveryFormat) {
  fs::path tree = fs::path(MLSTACK_SHARED_DIR "/trees") / GetParam();
  std::error_code ec;
  if (!fs::is_directory(tree, ec)) GTEST_SKIP() << tree.string() << " is not here: the real-tree report tests need ../shared";
  check_all_formats(tree.string(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(SharedTrees, ReportTreeTest,
                         ::testing::Values("OpenGVLab__InternVL", "THUDM__ChatGLM-6B", "Vision-CAIR__MiniGPT-4",
                                           "artidoro__qlora", "mit-han-lab__streaming-llm"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

}  // namespace
}  // namespace mlstack::testing

// SPDX-License-Identifier: MIT
// `mlstack check`, `diff`, `scan` and `kb driver` end to end on the measured
// cases of the issue "check on real projects" (tests/data/check) and on the
// stacks of seeds 000 and 001.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

const std::string k_data = MLSTACK_SOURCE_DIR "/tests/data/check/";
const std::string k_seeds = MLSTACK_SOURCE_DIR "/tests/data/seeds/";

struct Checked {
  int exit_code = -1;
  nlohmann::json doc;
  std::string err;
};

Checked check(std::vector<std::string> args) {
  args.insert(args.begin(), "check");
  args.push_back("--format");
  args.push_back("json");
  RunResult r = run_mlstack(args);
  Checked out{r.exit_code, nlohmann::json::object(), r.err};
  if (!r.out.empty()) out.doc = nlohmann::json::parse(r.out);
  return out;
}

std::vector<nlohmann::json> findings(const Checked& c, const std::string& rule) {
  std::vector<nlohmann::json> out;
  const nlohmann::json& all = c.doc["findings"];
  for (const auto& f : all)
    if (f["rule"] == rule) out.push_back(f);
  return out;
}

// Findings that are about the project and the machine (not the scan's own
// reproducibility advice) at error or warning severity.
std::vector<std::string> judged(const Checked& c) {
  std::vector<std::string> out;
  const nlohmann::json& all = c.doc["findings"];
  for (const auto& f : all) {
    std::string rule = f["rule"];
    if (rule.starts_with("scan.") || f["severity"] == "info") continue;
    out.push_back(rule + ": " + f["message"].get<std::string>());
  }
  return out;
}

TEST(CheckPrecisionTest, UnpinnedNumpyBesideTorch212IsAWarningWithTheBound) {
  auto c = check({k_data + "numpy-unpinned", "--no-env"});
  EXPECT_EQ(c.exit_code, 0) << c.err;
  auto found = findings(c, "coupling.violated");
  ASSERT_EQ(found.size(), 1u) << c.doc.dump(1);
  EXPECT_EQ(found[0]["severity"], "warning");
  EXPECT_EQ(found[0]["fix"], "add the bound: declare numpy<2 in requirements.txt instead of numpy");
}

TEST(CheckPrecisionTest, PinsUnderExclusiveMarkersAreNoConflict) {
  auto c = check({k_data + "exclusive-markers", "--no-env"});
  EXPECT_TRUE(findings(c, "coupling.violated").empty()) << c.doc.dump(1);
  EXPECT_EQ(c.exit_code, 0);
  // Two cases of one file.
  ASSERT_EQ(c.doc["declared_stacks"].size(), 2u);
  EXPECT_EQ(c.doc["declared_stacks"][0]["condition"], "Python 3.6 to 3.9");
  c = check({k_data + "exclusive-markers", "--no-env", "--target", "python=3.10"});
  EXPECT_TRUE(findings(c, "coupling.violated").empty()) << c.doc.dump(1);
  ASSERT_EQ(c.doc["declared_stacks"].size(), 1u);
  EXPECT_EQ(c.doc["declared_stacks"][0]["packages"].size(), 1u);
}

TEST(CheckPrecisionTest, TargetDriverGivesItsCudaAsWrittenAndJudgesTorchsBuild) {
  auto c = check({k_data + "flash-attn-source-build", "--no-env", "--target", "driver=535.183.01,python=3.10"});
  EXPECT_EQ(c.doc["target"]["driver_version"], "535.183.01");
  EXPECT_EQ(c.doc["target"]["driver_cuda"], "12.2");
  auto found = findings(c, "cuda.minor-version-compat");
  ASSERT_EQ(found.size(), 1u) << c.doc.dump(1);
  EXPECT_NE(found[0]["message"].get<std::string>().find("535.183.01"), std::string::npos);
  EXPECT_TRUE(findings(c, "cuda.driver-too-old").empty());
  RunResult text = run_mlstack({"check", k_data + "flash-attn-source-build", "--no-env", "--target", "driver=535.183.01"});
  EXPECT_NE(text.out.find("NVIDIA driver               535.183.01"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Highest CUDA of the driver  12.2 (kb:cuda:12.2)"), std::string::npos) << text.out;
}

TEST(CheckPrecisionTest, KbDriver535Is122) {
  RunResult r = run_mlstack({"kb", "driver", "535"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("12.2"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("12.1"), std::string::npos) << r.out;
}

TEST(CheckPrecisionTest, FlashAttnWithoutAWheelForTorch28IsASourceBuild) {
  auto c = check({k_data + "flash-attn-source-build", "--no-env", "--target", "python=3.10"});
  auto found = findings(c, "wheel.source-build");
  ASSERT_EQ(found.size(), 1u) << c.doc.dump(1);
  EXPECT_EQ(found[0]["severity"], "warning");
  EXPECT_NE(found[0]["message"].get<std::string>().find("no prebuilt wheel for torch 2.8 (CUDA 12"), std::string::npos)
      << found[0]["message"];
  EXPECT_NE(found[0]["detail"].get<std::string>().find("nvcc >= 11.7 of CUDA 12"), std::string::npos) << found[0]["detail"];
  // With nvcc of another major the build fails: an error.
  c = check({k_data + "flash-attn-source-build", "--no-env", "--target", "python=3.10,toolkit=13.0"});
  found = findings(c, "wheel.source-build");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["severity"], "error");
}

TEST(CheckPrecisionTest, TheExactFlashAttnWheelIsNamedAndPython38IsRefused) {
  auto c = check({k_data + "flash-attn-wheel", "--no-env", "--target", "python=3.10"});
  ASSERT_EQ(c.doc["wheels"].size(), 1u) << c.doc.dump(1);
  EXPECT_EQ(c.doc["wheels"][0]["wheel"], "flash_attn-2.7.4.post1+cu12torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl");
  EXPECT_EQ(c.doc["wheels"][0]["url"],
            "https://github.com/Dao-AILab/flash-attention/releases/download/v2.7.4.post1/"
            "flash_attn-2.7.4.post1+cu12torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl");
  EXPECT_TRUE(findings(c, "wheel.source-build").empty());
  c = check({k_data + "flash-attn-wheel", "--no-env", "--target", "python=3.8"});
  EXPECT_EQ(c.exit_code, 1);
  bool refused = false;
  for (const auto& f : findings(c, "wheel.python"))
    refused |= f["message"].get<std::string>().find("flash-attn 2.7.4.post1 needs __python>=3.9") != std::string::npos;
  EXPECT_TRUE(refused) << c.doc.dump(1);
  EXPECT_TRUE(findings(c, "wheel.source-build").empty()) << "pip refuses it: nothing is built";
}

TEST(CheckPrecisionTest, WildcardPinsOfDifferentReleasesAreAnError) {
  auto c = check({k_data + "wildcard-pins", "--no-env"});
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_EQ(findings(c, "torch.companion-mismatch").size(), 1u) << c.doc.dump(1);
}

TEST(CheckPrecisionTest, TorchvisionForAnotherTorchIsOneFindingWhoseFixKeepsTheProjectsTorch) {
  auto c = check({k_data + "companion-env", "--site", k_data + "companion-env/site-packages", "--no-binaries"});
  auto found = findings(c, "torch.companion-mismatch");
  ASSERT_EQ(found.size(), 1u) << c.doc.dump(1);
  EXPECT_EQ(found[0]["fix"], "pip install \"torchvision==0.18.0\"");
  EXPECT_TRUE(findings(c, "env.conflicting-dependency").empty()) << "folded into the companion finding";
  ASSERT_TRUE(found[0].contains("notes"));
  EXPECT_NE(found[0]["notes"][0].get<std::string>().find("env.conflicting-dependency"), std::string::npos);
}

TEST(CheckPrecisionTest, FlashAttnFromAWheelForAnotherTorchIsFlaggedWithoutItsSharedObjects) {
  auto c = check({k_data + "flash-attn-direct-url", "--site", k_data + "flash-attn-direct-url/site-packages", "--no-binaries"});
  auto found = findings(c, "ext.torch-mismatch");
  ASSERT_EQ(found.size(), 1u) << c.doc.dump(1);
  EXPECT_NE(found[0]["message"].get<std::string>().find("flash_attn 2.6.3+cu123torch2.4cxx11abifalse needs torch==2.4.*"),
            std::string::npos)
      << found[0]["message"];
}

TEST(CheckPrecisionTest, ARequirementsLinePipRefusesIsAProjectFindingNotABadInput) {
  RunResult r = run_mlstack({"check", k_data + "pip-refuses", "--no-env", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  auto doc = nlohmann::json::parse(r.out);
  std::size_t refusals = 0;
  for (const auto& f : doc["findings"]) {
    if (f["rule"] != "project.pip-refuses") continue;
    ++refusals;
    EXPECT_NE(f["message"].get<std::string>().find("`pip install -r requirements.txt` stops there"), std::string::npos);
  }
  EXPECT_EQ(refusals, 2u) << r.out;
  // mlstack's own bad input stays exit 2.
  EXPECT_EQ(run_mlstack({"check", k_data + "no-such-folder"}).exit_code, 2);
}

TEST(ScanSuggestionTest, TokenizersBoundKeepsWhatTransformersNeeds) {
  RunResult r = run_mlstack({"scan", MLSTACK_SOURCE_DIR "/examples/tinyquant", "--format", "json", "--no-code"});
  auto doc = nlohmann::json::parse(r.out);
  bool seen = false;
  for (const auto& s : doc["suggestions"]) {
    if (s["package"] != "tokenizers") continue;
    seen = true;
    EXPECT_EQ(s["suggested"], "tokenizers<0.21,>=0.20") << s.dump();
    EXPECT_NE(s["reason"].get<std::string>().find("transformers==4.46.0"), std::string::npos) << s.dump();
  }
  EXPECT_TRUE(seen) << r.out.substr(0, 2000);
}

TEST(DiffRangesTest, RangesAreComparedAsRangesAndSameRowsCarryNoNotes) {
  RunResult r = run_mlstack({"diff", MLSTACK_SOURCE_DIR "/tests/data/projects/llm-demo/docs/serving.md",
                             MLSTACK_SOURCE_DIR "/tests/data/projects/llm-demo/install.sh", "--format", "json"});
  ASSERT_NE(r.exit_code, 2) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  // serving.md is read although it is no README: its rows are there.
  const nlohmann::json& rows = doc["rows"];
  bool gradio = false;
  for (const auto& row : rows) {
    if (row["status"] == "same") {
      EXPECT_TRUE(row["notes"].empty()) << row.dump();
    }
    gradio |= row["name"] == "gradio";
  }
  EXPECT_TRUE(gradio) << r.out;
}

TEST(DiffRangesTest, CompatibleDiffersAndSame) {
  RunResult r = run_mlstack({"diff", k_data + "diff-ranges/requirements-a.txt", k_data + "diff-ranges/requirements-b.txt",
                             "--format", "json"});
  ASSERT_NE(r.exit_code, 2) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> status;
  const nlohmann::json& rows = doc["rows"];
  for (const auto& row : rows) {
    status[row["name"]] = row["status"];
    if (row["status"] == "same") {
      EXPECT_TRUE(row["notes"].empty()) << row.dump();
    }
  }
  EXPECT_EQ(status["torch"], "compatible");  // torch>=2.1 holds 2.3.0
  EXPECT_EQ(status["numpy"], "same");
  EXPECT_EQ(status["tokenizers"], "differs");  // <0.20 and >=0.21 never meet
}

TEST(SeedStacksTest, Seed000ProjectAndEnvironmentHaveNoErrors) {
  auto c = check({k_seeds + "000", "--site", k_seeds + "000/venv/lib/python3.10/site-packages", "--no-binaries",
                  "--target", "python=3.10,driver=535.104.05,sm=80"});
  // The environment runs on this machine, whose nvcc the probe reads: a
  // toolkit of another major is this machine's fact, not the seed's.
  for (const auto& line : judged(c))
    if (!line.starts_with("torch.toolkit-mismatch")) ADD_FAILURE() << line;
  EXPECT_EQ(c.exit_code, 0) << c.doc.dump(1);
  // flash-attn was installed from the torch 2.3 cxx11abiFALSE cp310 wheel: nothing to say of it but that
  // the project's manifest does not declare it.
  for (const auto& f : findings(c, "project.extra")) EXPECT_NE(f["message"].get<std::string>().find("flash-attn"), std::string::npos);
}

TEST(SeedStacksTest, Seed001GoldenSetupAgainstPhase1a) {
  const std::string target = "python=3.10,driver=535.104.05,sm=90";
  auto c = check({k_seeds + "001/golden_dynamic_setup_auto.sh", "--no-env", "--target", target});
  // torchvision 0.15.2 belongs to torch 2.0.1, not the script's 2.8.0; torchaudio 2.8.2 does not exist.
  EXPECT_EQ(findings(c, "torch.companion-mismatch").size(), 1u) << c.doc.dump(1);
  EXPECT_EQ(findings(c, "release.unknown-version").size(), 1u) << c.doc.dump(1);
  // Three +cu128 builds on a CUDA 12.2 driver: one cause, one finding.
  auto limited = findings(c, "cuda.minor-version-compat");
  ASSERT_EQ(limited.size(), 1u) << c.doc.dump(1);
  EXPECT_EQ(limited[0]["notes"].size(), 2u) << limited[0].dump(1);
  // Seed 001's own claim that torch 2.8.0 does not exist is wrong: no such finding.
  for (const auto& f : findings(c, "release.unknown-version"))
    EXPECT_EQ(f["message"].get<std::string>().find("torch 2.8.0"), std::string::npos);
  auto p = check({k_seeds + "001/phase1a_requirements.txt", "--no-env", "--target", target});
  for (const auto& line : judged(p)) ADD_FAILURE() << line;
  ASSERT_EQ(p.doc["wheels"].size(), 1u) << p.doc.dump(1);
  EXPECT_EQ(p.doc["wheels"][0]["wheel"], "flash_attn-2.5.8+cu122torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl");
}

}  // namespace
}  // namespace mlstack::testing

// SPDX-License-Identifier: MIT
// `mlstack report --target` and `--model`: the install plan and the model's
// fit exactly as `mlstack plan` and `mlstack fit` compute them, as the last
// sections of every format; when there is none, the section says why in one
// line and the rest of the report is what it is without them. Plans read the
// test index as file:// (tests/data/index, as tests/cli/plan_command_test.cpp
// does), models the folders of tests/data/model.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

namespace fs = std::filesystem;

const std::string k_data = MLSTACK_SOURCE_DIR "/tests/data/";
const std::string k_index = "file://" MLSTACK_SOURCE_DIR "/tests/data/index/";
const std::string k_example = MLSTACK_SOURCE_DIR "/examples/tinyquant";
const std::string k_models = MLSTACK_SOURCE_DIR "/tests/data/model";
const std::string k_seed001 = k_data + "plan/seeds/001-phase1a";
const std::string k_h100 = "gpu=H100,driver=550.54.15,python=3.10,glibc=2.35";

// The plan tests' package sources: PyPI's subset, what it depends on, the
// PyTorch variant indexes; no cache.
std::vector<std::string> with_sources(std::vector<std::string> args) {
  for (const char* s : {"--index-url", "pypi/simple/", "--extra-index-url", "plan-deps/simple/", "--pytorch-index",
                        "pytorch/whl", "--cache-dir", "none"}) {
    std::string arg = s;
    args.push_back(arg.starts_with("--") || arg == "none" ? arg : k_index + arg);
  }
  return args;
}

// The plan reads file:// indexes, which offline (the tests' default) forbids.
RunResult run_online(const std::vector<std::string>& args) { return run_mlstack(with_sources(args), {}, {"MLSTACK_OFFLINE=0"}); }

// The "## " headings of a Markdown document, in order.
std::vector<std::string> headings(const std::string& markdown) {
  std::vector<std::string> out;
  for (std::size_t at = markdown.find("\n## "); at != std::string::npos; at = markdown.find("\n## ", at + 1))
    out.push_back(markdown.substr(at + 4, markdown.find('\n', at + 1) - at - 4));
  return out;
}

std::string section_text(const std::string& markdown, const std::string& title) {
  std::size_t at = markdown.find("\n## " + title + "\n");
  if (at == std::string::npos) return "";
  std::size_t end = markdown.find("\n## ", at + 1);
  return markdown.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

TEST(ReportExtrasTest, TargetAddsThePlanThatPlanMakesAndModelTheFitOfItsGpu) {
  auto plan = run_online({"plan", k_seed001, "--target", k_h100, "--format", "json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  auto fit = run_mlstack({"fit", k_models + "/tiny-llama", "--gpu", "NVIDIA H100", "--dtype", "int4", "--format", "json"});
  ASSERT_EQ(fit.exit_code, 0) << fit.err;
  auto json = run_online({"report", k_seed001, "--target", k_h100, "--model", k_models + "/tiny-llama",
                          "--dtype", "int4", "--format", "json"});
  ASSERT_TRUE(json.exit_code == 0 || json.exit_code == 1) << json.err;
  auto r = nlohmann::json::parse(json.out);
  auto p = nlohmann::json::parse(plan.out);
  auto f = nlohmann::json::parse(fit.out);
  const nlohmann::json& planned = r["install_plan"];
  ASSERT_TRUE(planned.is_object()) << r.dump();
  EXPECT_TRUE(planned["solved"].get<bool>());
  EXPECT_EQ(planned["packages"], p["packages"]);
  EXPECT_EQ(planned["target"], p["target"]);
  EXPECT_EQ(planned["virtual_packages"], p["virtual_packages"]);
  EXPECT_EQ(planned["findings"], p["findings"]);
  // The fit is judged on the target's GPU, gpu=H100 (the kb's "NVIDIA H100").
  const nlohmann::json& fitted = r["model_fit"];
  ASSERT_TRUE(fitted.is_object());
  EXPECT_EQ(fitted["model"], f["model"]);
  EXPECT_EQ(fitted["kv_cache"], f["kv_cache"]);
  EXPECT_EQ(fitted["gpus"], f["gpus"]);
  const nlohmann::json& sections = r["sections"];
  ASSERT_GE(sections.size(), 2u);
  EXPECT_EQ(sections[sections.size() - 2]["id"], "model-fit");
  EXPECT_EQ(sections.back()["id"], "install-plan");

  auto md = run_online({"report", k_seed001, "--target", k_h100, "--model", k_models + "/tiny-llama",
                        "--dtype", "int4"});
  EXPECT_EQ(md.exit_code, json.exit_code) << md.err;
  auto titles = headings(md.out);
  ASSERT_GE(titles.size(), 2u);
  EXPECT_EQ(titles[titles.size() - 2], "Model fit");
  EXPECT_EQ(titles.back(), "Install plan");
  std::string section = section_text(md.out, "Install plan");
  for (const char* part : {"NVIDIA H100", "driver 550.54.15", "| flash-attn | `2.5.8+cu122torch2.3cxx11abifalse` |",
                           "### Install, in this order", "pip install"})
    EXPECT_NE(section.find(part), std::string::npos) << part << "\n" << section;
  std::string model = section_text(md.out, "Model fit");
  for (const char* part : {"LlamaForCausalLM", "KV cache", "H100", "fits", "at int4"})
    EXPECT_NE(model.find(part), std::string::npos) << part << "\n" << model;
  // check judged the pins on the same machine: gpu=H100 reached it as sm_90,
  // the 550 driver as CUDA 12.4 (the kb's rows, as the plan's target says).
  std::string machine = section_text(md.out, "Environment and machine");
  for (const char* part : {"### Target machine", "GPUs: sm_90", "NVIDIA driver: 550.54.15", "Highest CUDA of the driver: 12.4"})
    EXPECT_NE(machine.find(part), std::string::npos) << part << "\n" << machine;
}

TEST(ReportExtrasTest, NoPlanSaysWhyInOneLineAndTheReportStands) {
  auto scan = run_mlstack({"scan", k_example, "--format", "json"});
  auto check = run_mlstack({"check", k_example, "--no-env", "--target", "python=3.10,cuda=12.1,sm=90,abi=0", "--format", "json"});
  // Offline (the tests' environment) with no cache: no index can answer. The
  // report is what it is without the plan: the exit status is scan's and check's.
  auto offline = run_mlstack({"report", k_example, "--target", "python=3.10,cuda=12.1,sm=90,abi=0", "--cache-dir", "none",
                              "--pytorch-index", "none"});
  ASSERT_TRUE(offline.exit_code == 0 || offline.exit_code == 1) << offline.err;
  EXPECT_EQ(offline.exit_code, std::max(scan.exit_code, check.exit_code)) << "the exit status is scan's and check's";
  auto titles = headings(offline.out);
  ASSERT_FALSE(titles.empty());
  EXPECT_EQ(titles.back(), "Install plan");
  std::string section = section_text(offline.out, "Install plan");
  EXPECT_NE(section.find("No plan"), std::string::npos) << section;
  EXPECT_NE(section.find("torch"), std::string::npos) << "names what could not be had:\n" << section;

  // A requirement no index has: the solver's explanation.
  fs::path dir = fs::temp_directory_path() / ("mlstack-report-extras-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "requirements.txt") << "numpy==1.26.4\nno-such-package-mlstack==1.0\n";
  auto unsolved = run_online({"report", dir.string(), "--target", "python=3.10", "--format", "json"});
  ASSERT_TRUE(unsolved.exit_code == 0 || unsolved.exit_code == 1) << unsolved.err;
  auto doc = nlohmann::json::parse(unsolved.out);
  EXPECT_FALSE(doc["install_plan"]["solved"].get<bool>()) << doc["install_plan"].dump();
  EXPECT_FALSE(doc["install_plan"]["explanation"].empty());
  auto md = run_online({"report", dir.string(), "--target", "python=3.10"});
  std::string why = section_text(md.out, "Install plan");
  std::size_t line = why.find("No plan: ");
  ASSERT_NE(line, std::string::npos) << why;
  EXPECT_NE(why.substr(line, why.find('\n', line) - line).find("no-such-package-mlstack"), std::string::npos) << why;
  EXPECT_NE(why.find("### Why there is no plan"), std::string::npos) << why;
  fs::remove_all(dir);
}

// A plan's target reaches check as what it names and what the kb derives
// from it, never as the plan's assumptions (glibc 2.17 when none is given);
// a GPU the kb does not know is mlstack's own bad input, as for `plan`.
TEST(ReportExtrasTest, PlanTargetReachesCheckWithoutAssumptions) {
  auto r = run_mlstack({"report", k_example, "--target", "gpu=A100,driver=535.104.05,python=3.10,abi=1", "--cache-dir",
                        "none", "--pytorch-index", "none"});
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  std::string machine = section_text(r.out, "Environment and machine");
  for (const char* part : {"glibc unknown", "GPUs: sm_80", "Highest CUDA of the driver: 12.2", "torch C++11 ABI: yes"})
    EXPECT_NE(machine.find(part), std::string::npos) << part << "\n" << machine;
  auto unknown = run_mlstack({"report", k_example, "--target", "gpu=A10000,driver=535.104.05"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("nearest: NVIDIA T1000, NVIDIA A100"), std::string::npos) << unknown.err;
}

TEST(ReportExtrasTest, ModelWithoutGpuOrWithoutFilesIsSaidInTheSection) {
  auto named = run_mlstack({"report", k_example, "--model", k_models + "/tiny-pipeline"});
  ASSERT_TRUE(named.exit_code == 0 || named.exit_code == 1) << named.err;
  std::string section = section_text(named.out, "Model fit");
  EXPECT_NE(section.find("diffusers pipeline"), std::string::npos) << section;
  EXPECT_NE(section.find("No GPU to judge against: none was named"), std::string::npos) << section;
  EXPECT_EQ(headings(named.out).back(), "Model fit");

  auto missing = run_mlstack({"report", k_example, "--model", k_models + "/no-such-model", "--format", "json"});
  EXPECT_EQ(missing.exit_code, named.exit_code) << missing.err;
  auto doc = nlohmann::json::parse(missing.out);
  EXPECT_NE(doc["model_fit"]["unavailable"].get<std::string>().find("no-such-model"), std::string::npos);
  EXPECT_NE(missing.err.find("no model fit in the report"), std::string::npos) << missing.err;

  auto bad = run_mlstack({"report", k_example, "--model", k_models + "/tiny-llama", "--dtype", "fp3"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--dtype `fp3`"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace mlstack::testing

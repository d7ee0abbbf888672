// SPDX-License-Identifier: MIT
// End-to-end tests of `mlstack env`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

const std::string k_data = std::string(MLSTACK_SOURCE_DIR) + "/tests/data/env";
const std::string k_site = k_data + "/venv-basic/lib/python3.11/site-packages";
// A two-H100 node's /proc and nvidia-smi, replayed.
const std::vector<std::string> k_h100 = {"MLSTACK_PROC_ROOT=" + k_data + "/proc-h100",
                                         "MLSTACK_NVIDIA_SMI=" + k_data + "/nvidia/nvidia-smi"};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(EnvCommandTest, TextShowsMachinePythonTorchDistributionsAndProblems) {
  auto r = run_mlstack({"env", "--site", k_site}, {}, k_h100);
  EXPECT_EQ(r.exit_code, 2) << r.err;  // badreq's unparsable Requires-Dist is an input error
  for (const char* part : {"Machine", "535.104.05", "NVIDIA H100 80GB HBM3", "81559 MiB", "12.2", "Torch build", "2.3.0+cu121",
                           "_GLIBCXX_USE_CXX11_ABI", "Distributions", "nvidia-cudnn-cu12", "8.9.2.26",
                           "requests 2.31.0 requires certifi, which is not installed.",
                           "requires requests[socks], whose extra needs pysocks", "env.duplicate-distribution"})
    EXPECT_TRUE(contains(r.out, part)) << part << "\n" << r.out;
}

TEST(EnvCommandTest, JsonIsTheSavedEnvironmentFormat) {
  auto r = run_mlstack({"env", "--site", k_site, "--format", "json"}, {}, k_h100);
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["schema"], "mlstack/1");
  EXPECT_EQ(json["command"], "env");
  EXPECT_EQ(json["env_schema"], 1);
  EXPECT_EQ(json["machine"]["gpus"].size(), 2u);
  EXPECT_EQ(json["machine"]["gpus"][0]["compute_capability"], "9.0");
  EXPECT_EQ(json["platform"]["gpu_compute_capabilities"], nlohmann::json::array({90}));
  EXPECT_EQ(json["platform"]["torch_cxx11_abi"], false);
  EXPECT_EQ(json["environment"]["torch"]["cuda"], "12.1");
  bool missing_certifi = false;
  for (const auto& problem : json["problems"]) missing_certifi |= problem["kind"] == "missing" && problem["dependency"] == "certifi";
  EXPECT_TRUE(missing_certifi);
  bool rule = false;
  for (const auto& finding : json["findings"]) rule |= finding["rule"] == "env.missing-dependency";
  EXPECT_TRUE(rule);
}

TEST(EnvCommandTest, MarkdownHasTheSeedsPackageTable) {
  auto r = run_mlstack({"env", "--site", k_site, "--format", "markdown"}, {}, k_h100);
  EXPECT_TRUE(contains(r.out, "| Package | Installed version |")) << r.out;
  EXPECT_TRUE(contains(r.out, "| torch | `2.3.0+cu121` |")) << r.out;
}

TEST(EnvCommandTest, NoGpuIsANormalAnswer) {
  auto r = run_mlstack({"env", "--site", k_data + "/venv-broken/lib/python3.11/site-packages", "--format", "json"}, {},
                       {"MLSTACK_PROC_ROOT=/nonexistent"});
  auto json = nlohmann::json::parse(r.out);
  EXPECT_TRUE(json["machine"]["driver"].is_null());
  EXPECT_TRUE(json["machine"]["gpus"].empty());
  bool note = false;
  for (const auto& finding : json["findings"]) note |= finding["rule"] == "env.no-nvidia-driver" && finding["severity"] == "info";
  EXPECT_TRUE(note);
}

TEST(EnvCommandTest, BrokenDistributionsAreFindingsNotACrash) {
  auto r = run_mlstack({"env", "--site", k_data + "/venv-broken/lib/python3.11/site-packages"}, {}, {"MLSTACK_PROC_ROOT=/nonexistent"});
  EXPECT_EQ(r.exit_code, 2);
  for (const char* part : {"input.dist-metadata-missing", "input.dist-metadata-binary", "env.record-outside-environment", "idna"})
    EXPECT_TRUE(contains(r.out, part)) << part << "\n" << r.out;
}

TEST(EnvCommandTest, CleanEnvironmentExitsZero) {
  auto r = run_mlstack({"env", "--site", k_data + "/site-clean", "--no-tools"}, {}, {"MLSTACK_PROC_ROOT=/nonexistent"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "No broken requirements found.")) << r.out;
}

TEST(EnvCommandTest, MissingInterpreterIsUsageError) {
  auto r = run_mlstack({"env", "--python", "/nonexistent/bin/python3"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.out + r.err, "no interpreter at /nonexistent/bin/python3")) << r.out << r.err;
}

TEST(EnvCommandTest, SiteAndPythonExcludeEachOther) {
  auto r = run_mlstack({"env", "--site", k_site, "--python", "python3"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace mlstack::testing

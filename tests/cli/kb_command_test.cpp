// SPDX-License-Identifier: MIT
// End-to-end tests of `mlstack kb`.
#include <unistd.h>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(KbCommandTest, ListShowsTablesAndRowCounts) {
  auto r = run_mlstack({"kb", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* table : {"torch", "cuda", "gpu", "flash-attn-build", "coupling", "packages"})
    EXPECT_TRUE(contains(r.out, table)) << table;
  auto bare = run_mlstack({"kb"});
  EXPECT_EQ(bare.exit_code, 0);
  EXPECT_EQ(bare.out, r.out);
}

TEST(KbCommandTest, ListJsonCountsEveryTable) {
  auto r = run_mlstack({"kb", "list", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["schema"], "mlstack/1");
  EXPECT_EQ(json["command"], "kb");
  std::size_t total = 0;
  for (const auto& table : json["tables"]) total += table["rows"].get<std::size_t>();
  EXPECT_EQ(total, json["rows"].get<std::size_t>());
  EXPECT_TRUE(json["findings"].empty());
}

TEST(KbCommandTest, TorchLookupShowsCompanionsAndDriver) {
  auto r = run_mlstack({"kb", "torch", "2.3.0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "0.18.0")) << r.out;
  EXPECT_TRUE(contains(r.out, "cu121"));
  EXPECT_TRUE(contains(r.out, "530.30.02"));
  auto json = nlohmann::json::parse(run_mlstack({"kb", "torch", "2.3.0", "--format", "json"}).out);
  EXPECT_EQ(json["torch"]["torchvision"], "0.18.0");
  EXPECT_EQ(json["torch"]["triton"], "2.3.0");
  EXPECT_EQ(json["torch"]["fact"]["id"], "torch:2.3.0");
}

TEST(KbCommandTest, PtxIsaLookupGivesCudaAndDriver) {
  auto json = nlohmann::json::parse(run_mlstack({"kb", "ptx", "8.7", "--format", "json"}).out);
  EXPECT_EQ(json["ptx"]["min_cuda"], "12.8");
  EXPECT_EQ(json["ptx"]["min_driver_linux"], "570.26");
  EXPECT_EQ(json["ptx"]["fact"]["id"], "ptx:8.7");
  auto isa86 = nlohmann::json::parse(run_mlstack({"kb", "ptx", "8.6", "--format", "json"}).out);
  EXPECT_EQ(isa86["ptx"]["min_cuda"], "12.7");
  EXPECT_EQ(isa86["ptx"]["driver_linux_of_cuda"], "12.8");  // no 12.7 toolkit: the next one's driver
  auto text = run_mlstack({"kb", "ptx", "9.0"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(contains(text.out, "580.65.06")) << text.out;
  EXPECT_TRUE(contains(text.out, "NVIDIA/cuda-python")) << text.out;
  auto unknown = run_mlstack({"kb", "ptx", "9.9", "--fail-on", "warning"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(contains(unknown.out, "not in the knowledge base")) << unknown.out;
  auto all = nlohmann::json::parse(run_mlstack({"kb", "ptx", "--format", "json"}).out);
  EXPECT_EQ(all["ptx"].size(), 43u);
  auto shown = run_mlstack({"kb", "show", "ptx", "--filter", "ptx=8.8"});
  EXPECT_TRUE(contains(shown.out, "12.9")) << shown.out;
}

TEST(KbCommandTest, UnknownTorchIsAWarningNotACrash) {
  auto r = run_mlstack({"kb", "torch", "9.9.9"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains(r.out, "not in the knowledge base")) << r.out;
  auto strict = run_mlstack({"kb", "torch", "9.9.9", "--fail-on", "warning"});
  EXPECT_EQ(strict.exit_code, 1);
}

TEST(KbCommandTest, BadVersionIsUsageError) {
  auto r = run_mlstack({"kb", "torch", "two.three"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "`two.three` is not a valid version")) << r.err;
}

TEST(KbCommandTest, GpuByNameAndByComputeCapability) {
  auto r = run_mlstack({"kb", "gpu", "RTX 4090", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["gpu"]["architecture"], "Ada Lovelace");
  EXPECT_EQ(json["gpu"]["features"]["flash-attn-2"], true);
  auto sm = run_mlstack({"kb", "gpu", "sm_86"});
  EXPECT_TRUE(contains(sm.out, "Ampere")) << sm.out;
  auto t4 = nlohmann::json::parse(run_mlstack({"kb", "gpu", "Tesla T4", "--format", "json"}).out);
  EXPECT_EQ(t4["gpu"]["features"]["flash-attn-2"], false);
}

TEST(KbCommandTest, ShowFiltersByColumn) {
  auto r = run_mlstack({"kb", "show", "flash-attn-build", "--filter", "version=2.5.8", "--filter", "torch=2.3",
                        "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["rows"].size(), 2u);  // cu118 and cu122
  EXPECT_EQ(json["rows"][0]["cuda_tag"], "cu118");
  EXPECT_EQ(json["rows"][1]["cuda_tag"], "cu122");
  EXPECT_FALSE(json["rows"][0]["fact"]["source"].get<std::string>().empty());
  auto text = run_mlstack({"kb", "show", "gpu", "--filter", "ada"});
  EXPECT_TRUE(contains(text.out, "RTX 4090")) << text.out;
  EXPECT_FALSE(contains(text.out, "A100"));
}

TEST(KbCommandTest, ShowRejectsUnknownTableAndColumn) {
  auto table = run_mlstack({"kb", "show", "nope"});
  EXPECT_EQ(table.exit_code, 2);
  auto column = run_mlstack({"kb", "show", "torch", "--filter", "colour=red"});
  EXPECT_EQ(column.exit_code, 2);
  EXPECT_TRUE(contains(column.err, "table `torch` has no column `colour`")) << column.err;
}

TEST(KbCommandTest, PackageExistenceAndDate) {
  auto json = nlohmann::json::parse(run_mlstack({"kb", "package", "torch", "2.8.0", "--format", "json"}).out);
  EXPECT_EQ(json["known"], true);
  EXPECT_EQ(json["date"], "2025-08-06");
}

TEST(KbCommandTest, ConstraintsOfAFlashAttnWheel) {
  auto r = run_mlstack({"kb", "constraints", "flash-attn", "2.5.8+cu122torch2.3cxx11abiFALSE", "--tag",
                        "cp310-cp310-linux_x86_64", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  std::vector<std::string> requirements;
  for (const auto& row : json["constraints"]) requirements.push_back(row["requirement"]);
  EXPECT_NE(std::find(requirements.begin(), requirements.end(), "torch==2.3.*"), requirements.end());
  EXPECT_NE(std::find(requirements.begin(), requirements.end(), "__torch-cxx11abi==0"), requirements.end());
  EXPECT_NE(std::find(requirements.begin(), requirements.end(), "__python==3.10.*"), requirements.end());
}

TEST(KbCommandTest, ConstraintsAcceptCompressedTagSetsAndRejectBadTags) {
  auto r = run_mlstack({"kb", "constraints", "torch", "2.7.1", "--tag",
                        "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "__cuda>=12.6")) << r.out;
  auto bad = run_mlstack({"kb", "constraints", "torch", "2.7.1", "--tag", "cp311"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "--tag `cp311` is not a wheel tag")) << bad.err;
}

TEST(KbCommandTest, MalformedKbFileIsReportedWithFileAndLine) {
  auto dir = std::filesystem::temp_directory_path() / ("mlstack-kb-cli-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "coupling.toml") << "[[rule]]\nid = \"x\"\nif = \"transformers<5\"\nthen = \"huggingface-hub<1.0\"\n";
  auto r = run_mlstack({"kb", "--kb", dir.string(), "show", "coupling", "--format", "json"});
  EXPECT_EQ(r.exit_code, 2);
  auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json["findings"].size(), 1u);
  EXPECT_EQ(json["findings"][0]["rule"], "input.kb-row");
  EXPECT_EQ(json["findings"][0]["origins"][0]["path"], (dir / "coupling.toml").string());
  EXPECT_EQ(json["findings"][0]["origins"][0]["line"], 1);
  EXPECT_TRUE(json["rows"].empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mlstack::testing

// SPDX-License-Identifier: MIT
#include "kb/loader.h"

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <functional>

#include <gtest/gtest.h>

namespace mlstack::kb {
namespace {

const LoadResult& embedded() {
  static const LoadResult result = load_embedded();
  return result;
}

// Calls `visit` with every row's fact.
void for_each_fact(const KnowledgeBase& kb, const std::function<void(const Fact&)>& visit) {
  for (const auto& row : kb.torch_releases) visit(row.fact);
  for (const auto& row : kb.torch_abi_rules) visit(row.fact);
  for (const auto& row : kb.torch_arch_lists) visit(row.fact);
  for (const auto& row : kb.torch_extension_checks) visit(row.fact);
  for (const auto& row : kb.cuda_toolkits) visit(row.fact);
  for (const auto& row : kb.cuda_families) visit(row.fact);
  for (const auto& row : kb.ptx_isas) visit(row.fact);
  for (const auto& row : kb.gpu_archs) visit(row.fact);
  for (const auto& row : kb.gpu_features) visit(row.fact);
  for (const auto& row : kb.cuda_targets) visit(row.fact);
  for (const auto& row : kb.gpu_memories) visit(row.fact);
  for (const auto& row : kb.gpu_overheads) visit(row.fact);
  for (const auto& row : kb.flash_attn_releases) visit(row.fact);
  for (const auto& row : kb.flash_attn_builds) visit(row.fact);
  for (const auto& row : kb.flash_attn_observed) visit(row.fact);
  for (const auto& row : kb.coupling_rules) visit(row.fact);
  for (const auto& row : kb.package_releases) visit(row.fact);
  for (const auto& row : kb.numpy_abi_rules) visit(row.fact);
}

LoadResult load_text(const std::string& name, const std::string& text) {
  KbFile file{name, "/tmp/kb/" + name, text};
  return load(std::span<const KbFile>(&file, 1));
}

TEST(LoaderTest, BuiltInKnowledgeBaseLoadsWithoutFindings) {
  const LoadResult& result = embedded();
  for (const Finding& finding : result.findings) ADD_FAILURE() << finding.message;
  EXPECT_EQ(result.files.size(), 8u);
  EXPECT_GT(result.kb.torch_releases.size(), 25u);
  EXPECT_GT(result.kb.cuda_toolkits.size(), 50u);
  EXPECT_GT(result.kb.gpu_archs.size(), 20u);
  EXPECT_EQ(result.kb.ptx_isas.size(), 43u);
  EXPECT_GT(result.kb.flash_attn_builds.size(), 400u);
  EXPECT_GT(result.kb.coupling_rules.size(), 40u);
  EXPECT_GT(result.kb.package_releases.size(), 500u);
  EXPECT_EQ(result.kb.torch_extension_checks.size(), 1u);
  EXPECT_EQ(result.kb.numpy_abi_rules.size(), 1u);
}

TEST(LoaderTest, EveryRowHasASourceAndAFileLine) {
  std::size_t rows = 0;
  for_each_fact(embedded().kb, [&](const Fact& fact) {
    ++rows;
    EXPECT_FALSE(fact.id.empty());
    EXPECT_NE(fact.source.find_first_not_of(' '), std::string::npos) << fact.id << " has no source";
    EXPECT_FALSE(fact.file.empty()) << fact.id;
    EXPECT_GT(fact.line, 0u) << fact.id;
  });
  EXPECT_EQ(rows, embedded().kb.row_count());
}

TEST(LoaderTest, EveryRowOfEveryKbFileIsLoaded) {
  // A row the loader silently dropped would hide a fact: count [[ headers.
  std::size_t headers = 0;
  for (const std::string_view name : known_files()) {
    std::ifstream in(std::filesystem::path(MLSTACK_SOURCE_DIR) / "kb" / std::string(name));
    for (std::string line; std::getline(in, line);)
      if (line.starts_with("[[")) ++headers;
  }
  EXPECT_EQ(headers, embedded().kb.row_count());
}

TEST(LoaderTest, SyntaxErrorNamesFileLineAndColumn) {
  LoadResult result = load_text("torch.toml", "[[release]]\nversion = \"2.3.0\"\npython = [\"3.10\"\n");
  ASSERT_EQ(result.findings.size(), 1u);
  const Finding& finding = result.findings[0];
  EXPECT_EQ(finding.rule, "input.kb-syntax");
  EXPECT_EQ(finding.severity, Severity::Error);
  EXPECT_TRUE(finding.message.starts_with("/tmp/kb/torch.toml:3:18: invalid TOML: ")) << finding.message;
  ASSERT_EQ(finding.origins.size(), 1u);
  EXPECT_EQ(finding.origins[0].path, "/tmp/kb/torch.toml");
  EXPECT_EQ(finding.origins[0].line, 3u);
  EXPECT_EQ(finding.origins[0].column, 18u);
}

TEST(LoaderTest, RowWithoutSourceIsDroppedWithFileLine) {
  LoadResult result = load_text("coupling.toml",
                                "# rules\n\n[[rule]]\nid = \"a\"\nif = \"transformers<5\"\nthen = \"huggingface-hub<1.0\"\n"
                                "source = \"x\"\n\n[[rule]]\nid = \"b\"\nif = \"numpy>=2\"\nthen = \"torch>=2.3\"\n");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule, "input.kb-row");
  EXPECT_EQ(result.findings[0].message, "/tmp/kb/coupling.toml:9: [[rule]] has no `source`");
  EXPECT_EQ(result.findings[0].origins[0].line, 9u);
  ASSERT_EQ(result.kb.coupling_rules.size(), 1u);
  EXPECT_EQ(result.kb.coupling_rules[0].fact.id, "coupling:a");
  EXPECT_EQ(result.kb.coupling_rules[0].fact.line, 3u);
}

TEST(LoaderTest, BadVersionIsReportedAtItsLine) {
  LoadResult result = load_text("packages.toml",
                                "[[release]]\nname = \"torch\"\nversion = \"2.x\"\nsource = \"s\"\n");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_TRUE(result.findings[0].message.starts_with(
      "/tmp/kb/packages.toml:3: [[release]] `version` = \"2.x\" is not a valid version"))
      << result.findings[0].message;
  EXPECT_TRUE(result.kb.package_releases.empty());
}

TEST(LoaderTest, BadRequirementIsReported) {
  LoadResult result = load_text("coupling.toml",
                                "[[rule]]\nid = \"x\"\nif = \"transformers<<5\"\nthen = \"a\"\nsource = \"s\"\n");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_TRUE(result.findings[0].message.starts_with(
      "/tmp/kb/coupling.toml:3: [[rule]] `if` = \"transformers<<5\" is not a valid PEP 508 requirement"))
      << result.findings[0].message;
}

TEST(LoaderTest, EmptySourceIsAnError) {
  LoadResult result = load_text("packages.toml",
                                "[[release]]\nname = \"torch\"\nversion = \"2.3.0\"\nsource = \"  \"\n");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].message, "/tmp/kb/packages.toml:4: [[release]] `source` is empty");
}

TEST(LoaderTest, DuplicateFactIsAnError) {
  std::string row = "[[release]]\nname = \"torch\"\nversion = \"2.3.0\"\nsource = \"s\"\n";
  LoadResult result = load_text("packages.toml", row + "\n" + row);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].message,
            "/tmp/kb/packages.toml:6: duplicate fact `package:torch==2.3.0` (first at line 1)");
}

TEST(LoaderTest, MisspeltFieldIsAWarning) {
  LoadResult result = load_text("packages.toml",
                                "[[release]]\nname = \"torch\"\nversion = \"2.3.0\"\ndaet = \"2024-04-24\"\nsource = \"s\"\n");
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule, "input.kb-field");
  EXPECT_EQ(result.findings[0].severity, Severity::Warning);
  EXPECT_EQ(result.findings[0].message, "/tmp/kb/packages.toml:4: [[release]] unknown field `daet` (ignored)");
  EXPECT_EQ(result.kb.package_releases.size(), 1u);
}

TEST(LoaderTest, UnknownTableAndFileAreWarnings) {
  LoadResult table = load_text("gpu.toml", "[[gpus]]\ncc = \"8.6\"\n");
  ASSERT_EQ(table.findings.size(), 1u);
  EXPECT_EQ(table.findings[0].rule, "input.kb-unknown-table");
  EXPECT_EQ(table.findings[0].severity, Severity::Warning);
  LoadResult file = load_text("gpus.toml", "");
  ASSERT_EQ(file.findings.size(), 1u);
  EXPECT_EQ(file.findings[0].rule, "input.kb-unknown-file");
}

TEST(LoaderTest, OverrideDirectoryReplacesOneFileAndKeepsTheRest) {
  auto dir = std::filesystem::temp_directory_path() / ("mlstack-kb-loader-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "packages.toml") << "[[release]]\nname = \"torch\"\nversion = \"9.9.9\"\nsource = \"test\"\n";
  LoadResult result = load_with_overrides(dir);
  EXPECT_TRUE(result.findings.empty());
  ASSERT_EQ(result.kb.package_releases.size(), 1u);
  EXPECT_EQ(result.kb.package_releases[0].fact.file, (dir / "packages.toml").string());
  EXPECT_EQ(result.kb.torch_releases.size(), embedded().kb.torch_releases.size());
  std::filesystem::remove_all(dir);
}

TEST(LoaderTest, MissingOverrideDirectoryIsAnInputError) {
  LoadResult result = load_with_overrides("/nonexistent/mlstack-kb");
  ASSERT_FALSE(result.findings.empty());
  EXPECT_EQ(result.findings[0].rule, "input.kb-dir");
  EXPECT_EQ(result.kb.row_count(), embedded().kb.row_count());
}

}  // namespace
}  // namespace mlstack::kb

// SPDX-License-Identifier: MIT
#include "project/code_scan.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace mlstack::project {
namespace {

const std::string k_example = MLSTACK_SOURCE_DIR "/examples/tinyquant";

std::vector<const Finding*> with_rule(const CodeScan& scan, std::string_view rule) {
  std::vector<const Finding*> out;
  for (const auto& f : scan.findings) {
    if (f.rule == rule) out.push_back(&f);
  }
  return out;
}

class ExampleCodeScan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto manifests = scan_project(k_example);
    ASSERT_TRUE(manifests);
    s_scan = new CodeScan(scan_code(k_example, *manifests));
  }
  static void TearDownTestSuite() { delete s_scan; }
  static CodeScan* s_scan;
};
CodeScan* ExampleCodeScan::s_scan = nullptr;

TEST_F(ExampleCodeScan, FindsTheDocumentedCommands) {
  ASSERT_EQ(s_scan->commands.size(), 4u);
  EXPECT_EQ(s_scan->commands[0].command, "python setup.py install");
  EXPECT_EQ(s_scan->commands[1].file, "README.md");
  EXPECT_EQ(s_scan->commands[1].line, 22u);
  EXPECT_TRUE(s_scan->commands[1].command.starts_with("python -m tinyquant.entry --model_path"));
  // The backslash continuation is joined: the dump flag on the next line belongs to it.
  EXPECT_NE(s_scan->commands[1].command.find("--dump_quant"), std::string::npos);
}

TEST_F(ExampleCodeScan, UndeclaredImport) {
  auto found = with_rule(*s_scan, "scan.undeclared-import");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("`tqdm`"), std::string::npos) << found[0]->message;
  EXPECT_EQ(found[0]->origins[0].path, "tinyquant/quantize.py");
  EXPECT_EQ(found[0]->origins[0].line, 4u);
}

TEST_F(ExampleCodeScan, OptionalDependencyImportedUnconditionally) {
  auto found = with_rule(*s_scan, "scan.optional-import-unguarded");
  std::vector<std::string> messages;
  for (const auto* f : found) messages.push_back(f->message);
  // datasets is only in the `eval` extra but tinyquant/utils.py imports it at module level;
  // gradio, fastapi, uvicorn and pydantic likewise in serve/app.py (extra `serve`).
  EXPECT_TRUE(std::any_of(messages.begin(), messages.end(), [](auto& m) { return m.starts_with("datasets is declared only as optional"); }));
  // flash_attn sits behind `if args.flash_attn:` and only scripts install it: not this rule.
  // setuptools is imported by setup.py, a build-time file declared by build-system requires.
  EXPECT_FALSE(std::any_of(messages.begin(), messages.end(), [](auto& m) { return m.starts_with("setuptools"); }));
  EXPECT_FALSE(std::any_of(messages.begin(), messages.end(), [](auto& m) { return m.find("flash") != std::string::npos; }));
}

TEST_F(ExampleCodeScan, DocumentedFlagThatTheCodeDoesNotDefine) {
  auto undefined = with_rule(*s_scan, "scan.doc-undefined-flag");
  ASSERT_EQ(undefined.size(), 1u);
  EXPECT_NE(undefined[0]->message.find("`--use_cache`"), std::string::npos) << undefined[0]->message;
  EXPECT_EQ(undefined[0]->origins[0].path, "README.md");
  auto abbreviated = with_rule(*s_scan, "scan.doc-abbreviated-flag");
  ASSERT_EQ(abbreviated.size(), 1u);
  EXPECT_NE(abbreviated[0]->message.find("`--flash`"), std::string::npos);
  EXPECT_NE(abbreviated[0]->message.find("--flash_attn"), std::string::npos);
}

TEST_F(ExampleCodeScan, DeclaredButNeverImported) {
  auto unused = with_rule(*s_scan, "scan.unused-dependency");
  std::vector<std::string> messages;
  for (const auto* f : unused) messages.push_back(f->message);
  auto has = [&](std::string_view prefix) {
    return std::any_of(messages.begin(), messages.end(), [&](auto& m) { return m.starts_with(prefix); });
  };
  EXPECT_TRUE(has("texttable is declared"));
  EXPECT_TRUE(has("accelerate is declared"));
  EXPECT_FALSE(has("torch is declared"));
  EXPECT_FALSE(has("transformers is declared"));
}

TEST(CodeScanTest, SingleManifestHasNoCode) {
  auto manifests = scan_project(k_example + "/pyproject.toml");
  ASSERT_TRUE(manifests);
  CodeScan scan = scan_code(k_example + "/pyproject.toml", *manifests);
  EXPECT_TRUE(scan.findings.empty());
}

}  // namespace
}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
#include "project/code_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

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

// The analysis keeps what the views read; the per-file records it was made
// from are released, and the entries' file lists (views of the layout's
// paths) stay readable.
TEST_F(ExampleCodeScan, KeepsTheAnalysisAndReleasesThePerFileRecords) {
  EXPECT_TRUE(s_scan->analysis.scan.imports.empty());
  EXPECT_TRUE(s_scan->analysis.scan.attributes.names.empty());
  EXPECT_FALSE(s_scan->analysis.scan.layout.files().empty());
  EXPECT_FALSE(s_scan->analysis.third_party.empty());
  ASSERT_FALSE(s_scan->analysis.entries.empty());
  CodeScan moved = std::move(*s_scan);
  *s_scan = std::move(moved);
  for (const auto& entry : s_scan->analysis.entries) {
    ASSERT_FALSE(entry.files.empty());
    EXPECT_EQ(entry.files.front(), entry.entry);
    EXPECT_NE(s_scan->analysis.scan.layout.find_path(entry.files.back()), nullptr);
  }
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

// The environment of tests/data/projects/transitive/site-packages, as
// env::installed_packages would give it (the env layer's own test reads it).
python::InstalledPackages fixture_environment() {
  using D = python::InstalledDistribution;
  using R = python::InstalledRequirement;
  std::vector<D> dists;
  dists.push_back(D{"torch", "torch", "2.3.0", "site-packages/torch-2.3.0.dist-info",
                    {R{"filelock", {}, "filelock", ""}, R{"sympy", {}, "sympy", ""}, R{"numpy", {}, "numpy", ""},
                     R{"opt-einsum", {}, "opt-einsum>=3.3 ; extra == \"opt-einsum\"", "opt-einsum"},
                     R{"tensorboard", {}, "tensorboard ; extra == \"board\"", "board"}},
                    {"functorch", "torch", "torchgen"}, "RECORD"});
  dists.push_back(D{"numpy", "numpy", "1.26.4", "site-packages/numpy-1.26.4.dist-info", {}, {"numpy"}, "RECORD"});
  dists.push_back(D{"sympy", "sympy", "1.12", "site-packages/sympy-1.12.dist-info", {R{"mpmath", {}, "mpmath>=0.19", ""}},
                    {"sympy"}, "RECORD"});
  dists.push_back(D{"mpmath", "mpmath", "1.3.0", "m", {}, {"mpmath"}, "RECORD"});
  dists.push_back(D{"filelock", "filelock", "3.13.1", "f", {}, {"filelock"}, "RECORD"});
  dists.push_back(D{"opt-einsum", "opt-einsum", "3.3.0", "o", {}, {"opt_einsum"}, "RECORD"});
  dists.push_back(D{"tensorboard", "tensorboard", "2.16.2", "t", {}, {"tensorboard"}, "RECORD"});
  dists.push_back(D{"colorama", "colorama", "0.4.6", "c", {}, {"colorama"}, "RECORD"});
  dists.push_back(D{"PyYAML", "pyyaml", "6.0.1", "y", {}, {"_yaml", "yaml"}, "RECORD"});
  dists.push_back(D{"opencv-python-headless", "opencv-python-headless", "4.9.0.80", "cv", {}, {"cv2"}, "RECORD"});
  dists.push_back(D{"protobuf", "protobuf", "4.25.3", "p", {}, {"google._upb", "google.protobuf"}, "RECORD"});
  return python::InstalledPackages("site-packages (--site)", std::move(dists));
}

const std::string k_transitive = MLSTACK_SOURCE_DIR "/tests/data/projects/transitive";

std::vector<std::string> messages_of(const CodeScan& scan, std::string_view rule) {
  std::vector<std::string> out;
  for (const Finding* f : with_rule(scan, rule)) out.push_back(f->message);
  return out;
}

bool any_starts_with(const std::vector<std::string>& messages, std::string_view prefix) {
  return std::any_of(messages.begin(), messages.end(), [&](const std::string& m) { return m.starts_with(prefix); });
}

TEST(CodeScanTransitive, WithoutAnEnvironmentEveryUndeclaredImportIsUndeclared) {
  auto manifests = scan_project(k_transitive);
  ASSERT_TRUE(manifests);
  CodeScan scan = scan_code(k_transitive, *manifests);
  EXPECT_TRUE(scan.environment.empty());
  EXPECT_TRUE(with_rule(scan, "scan.transitive-only").empty());
  auto undeclared = messages_of(scan, "scan.undeclared-import");
  for (const char* prefix : {"`numpy`", "`mpmath`", "`opt_einsum`", "`yaml`", "`colorama`", "`tensorboard`"})
    EXPECT_TRUE(any_starts_with(undeclared, prefix)) << prefix;
  // The built-in table says cv2 is opencv-python; the declared opencv-python-headless is
  // a build of it (a variant name), so cv2 is declared.
  EXPECT_FALSE(any_starts_with(undeclared, "`cv2`"));
  EXPECT_FALSE(any_starts_with(undeclared, "`scipy`"));  // try/except ImportError: optional by design
}

TEST(CodeScanTransitive, ImportsThatADeclaredPackagePullsIn) {
  auto manifests = scan_project(k_transitive);
  ASSERT_TRUE(manifests);
  python::InstalledPackages installed = fixture_environment();
  CodeScanOptions options;
  options.installed = &installed;
  CodeScan scan = scan_code(k_transitive, *manifests, options);
  EXPECT_EQ(scan.environment, "site-packages (--site)");

  auto transitive = with_rule(scan, "scan.transitive-only");
  ASSERT_EQ(transitive.size(), 3u);
  std::map<std::string, const Finding*> by_import;
  for (const Finding* f : transitive) by_import[f->message.substr(0, f->message.find(' '))] = f;

  const Finding* numpy = by_import["`numpy`"];
  ASSERT_NE(numpy, nullptr);
  EXPECT_EQ(numpy->severity, Severity::Warning);
  EXPECT_NE(numpy->message.find("numpy ← torch 2.3.0 (Requires-Dist: numpy) ← torch[opt-einsum]>=2.1 (pyproject.toml:6)"),
            std::string::npos)
      << numpy->message;
  EXPECT_EQ(numpy->fix, "declare it: add \"numpy>=1.26\" to the project's dependencies (numpy 1.26.4 is installed)");
  ASSERT_EQ(numpy->origins.size(), 3u);
  EXPECT_EQ(numpy->origins[0].path, "transitive_demo/train.py");
  EXPECT_EQ(numpy->origins[0].line, 3u);
  EXPECT_EQ(numpy->origins[1].kind, Origin::Kind::Dist);
  EXPECT_EQ(numpy->origins[1].path, "site-packages/torch-2.3.0.dist-info");
  EXPECT_EQ(numpy->origins[2].path, "pyproject.toml");

  // Two steps: mpmath comes with sympy, which comes with torch.
  const Finding* mpmath = by_import["`mpmath`"];
  ASSERT_NE(mpmath, nullptr);
  EXPECT_NE(mpmath->message.find("mpmath ← sympy 1.12 (Requires-Dist: mpmath>=0.19) ← torch 2.3.0 (Requires-Dist: sympy)"),
            std::string::npos)
      << mpmath->message;
  EXPECT_NE(mpmath->message.find("only as a dependency of sympy"), std::string::npos) << mpmath->message;

  // Through the extra the project asks for: torch[opt-einsum].
  const Finding* einsum = by_import["`opt_einsum`"];
  ASSERT_NE(einsum, nullptr);
  EXPECT_NE(einsum->message.find("opt-einsum ← torch 2.3.0 [opt-einsum] (Requires-Dist: opt-einsum>=3.3 ; extra == \"opt-einsum\")"),
            std::string::npos)
      << einsum->message;

  auto undeclared = messages_of(scan, "scan.undeclared-import");
  // Installed, but torch asks for tensorboard only with [board], and colorama only on Windows
  // (markers are the env layer's: the fixture leaves that edge out).
  EXPECT_TRUE(any_starts_with(undeclared, "`tensorboard`"));
  EXPECT_TRUE(any_starts_with(undeclared, "`yaml` is imported unconditionally (transitive_demo/train.py:11) but PyYAML is declared nowhere; "
                                          "PyYAML 6.0.1 is installed, but nothing the project declares requires it"))
      << ::testing::PrintToString(undeclared);
  // The environment says who installs cv2: the declared opencv-python-headless.
  EXPECT_FALSE(any_starts_with(undeclared, "`cv2`"));
  EXPECT_FALSE(any_starts_with(undeclared, "`numpy`"));
  EXPECT_FALSE(any_starts_with(undeclared, "`google"));
}

TEST(CodeScanTransitive, EnvironmentNamesTheDistributionBeforeTheTable) {
  auto manifests = scan_project(k_transitive);
  ASSERT_TRUE(manifests);
  python::InstalledPackages installed = fixture_environment();
  CodeScan scan = scan_code(k_transitive, *manifests, CodeScanOptions{{}, &installed});
  std::map<std::string, const python::ThirdPartyImport*> by_name;
  for (const auto& tp : scan.analysis.third_party) by_name[tp.import_name] = &tp;
  ASSERT_TRUE(by_name.count("cv2"));
  EXPECT_EQ(by_name["cv2"]->distribution.distribution, "opencv-python-headless");
  EXPECT_EQ(by_name["cv2"]->distribution.evidence, "RECORD of opencv-python-headless 4.9.0.80");
  ASSERT_TRUE(by_name.count("google.protobuf"));
  EXPECT_EQ(by_name["google.protobuf"]->distribution.distribution, "protobuf");
  ASSERT_TRUE(by_name.count("scipy"));  // not installed: the name as imported
  EXPECT_TRUE(by_name["scipy"]->distribution.installed.empty());
}

TEST(CodeScanTransitive, InstalledPackagesLookups) {
  python::InstalledPackages installed = fixture_environment();
  EXPECT_NE(installed.find("pyyaml"), nullptr);
  EXPECT_EQ(installed.find("PyYAML"), nullptr);  // canonical names only
  auto p = installed.providers("google.protobuf.message");
  EXPECT_EQ(p.import_name, "google.protobuf");
  ASSERT_EQ(p.distributions.size(), 1u);
  EXPECT_EQ(p.distributions[0]->name, "protobuf");
  EXPECT_TRUE(installed.providers("google.cloud.storage").distributions.empty());
  EXPECT_TRUE(installed.providers("").distributions.empty());
  EXPECT_TRUE(python::InstalledPackages().providers("numpy").distributions.empty());
}

// Documented commands of a click group and of HfArgumentParser scripts.
TEST(CodeScanTest, DocDriftForClickAndHfArgumentParser) {
  const std::string root = MLSTACK_SOURCE_DIR "/tests/data/python/projects/cli-styles";
  auto manifests = scan_project(root);
  ASSERT_TRUE(manifests);
  CodeScan scan = scan_code(root, *manifests);
  ASSERT_EQ(scan.commands.size(), 3u);
  auto undefined = messages_of(scan, "scan.doc-undefined-flag");
  ASSERT_EQ(undefined.size(), 1u) << ::testing::PrintToString(undefined);
  EXPECT_EQ(undefined[0], "`--w-bit` in `clitool.cli` is not defined by clitool/cli.py: click will exit with an error");
  EXPECT_EQ(with_rule(scan, "scan.doc-undefined-flag")[0]->fix, "use --w_bit");
  auto abbreviated = messages_of(scan, "scan.doc-abbreviated-flag");
  ASSERT_EQ(abbreviated.size(), 1u) << ::testing::PrintToString(abbreviated);
  EXPECT_NE(abbreviated[0].find("`--lora_r`"), std::string::npos);
  EXPECT_NE(abbreviated[0].find("--lora_rank"), std::string::npos);
  // finetune.py takes TrainingArguments too: --output_dir and --bf16 cannot be judged.
  EXPECT_TRUE(with_rule(scan, "scan.unread-flag").empty());
}

}  // namespace
}  // namespace mlstack::project

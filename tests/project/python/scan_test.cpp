// SPDX-License-Identifier: MIT
#include "project/python/scan.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace mlstack::project::python {
namespace {

const std::filesystem::path k_awqlike = std::filesystem::path(MLSTACK_SOURCE_DIR) / "tests/data/python/projects/awqlike";

PythonScan scan_awqlike() {
  ScanOptions options;
  options.extensions = {"awq_inference_engine", "ft_attention"};
  options.threads = 2;
  return scan_python_project(k_awqlike, options);
}

const FileImports& imports_of(const PythonScan& scan, std::string_view path) {
  for (std::size_t i = 0; i < scan.layout.files().size(); ++i)
    if (scan.layout.files()[i].path == path) return scan.imports[i];
  static FileImports none;
  ADD_FAILURE() << "no file " << path;
  return none;
}

TEST(PythonScan, FindsEveryPythonFileOfTheFixture) {
  PythonScan scan = scan_awqlike();
  EXPECT_EQ(scan.layout.files().size(), 20u);
  EXPECT_TRUE(scan.findings.empty());
  EXPECT_GT(scan.bytes, 5000u);
}

TEST(PythonScan, ThirdPartyImportsWithDistributions) {
  PythonScan scan = scan_awqlike();
  PythonVersion v{3, 11};
  std::vector<std::string> names;
  for (const auto& t : third_party_imports(scan, &v)) names.push_back(t.import_name + "=" + t.distribution.distribution);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "PIL=pillow", "accelerate=accelerate", "cv2=opencv-python", "datasets=datasets",
                       "fastapi=fastapi", "flash_attn=flash-attn", "gradio=gradio", "lm_eval=lm_eval",
                       "packaging=packaging", "safetensors=safetensors", "setuptools=setuptools", "tomli=tomli",
                       "torch=torch", "tqdm=tqdm", "transformers=transformers", "uvicorn=uvicorn", "yaml=PyYAML"}));
}

TEST(PythonScan, OptionalLazyAndGuardedSites) {
  PythonScan scan = scan_awqlike();
  PythonVersion v{3, 11};
  for (const auto& t : third_party_imports(scan, &v)) {
    if (t.import_name == "datasets") {
      ASSERT_EQ(t.sites.size(), 1u);
      EXPECT_TRUE(t.sites[0].record.lazy);
      EXPECT_FALSE(t.required_at_import());
    }
    if (t.import_name == "tomli") {
      EXPECT_TRUE(t.only_optional());
    }
    if (t.import_name == "flash_attn") {
      ASSERT_EQ(t.sites.size(), 2u);
      EXPECT_EQ(t.sites[0].file, "tinychat/demo.py");
      EXPECT_EQ(t.sites[0].record.guards(), std::vector<std::string>{"flash_attn"});
    }
    if (t.import_name == "torch") {
      EXPECT_TRUE(t.required_at_import());
    }
  }
}

TEST(PythonScan, ResolvesFirstPartyScriptLocalAndExtensions) {
  PythonScan scan = scan_awqlike();
  const auto& layout = scan.layout;
  const PythonFile* convert = layout.find_path("tools/convert.py");
  ASSERT_NE(convert, nullptr);
  const FileImports& imports = imports_of(scan, "tools/convert.py");
  ResolvedImport helper = resolve_import(layout, *convert, imports.imports[2]);
  EXPECT_EQ(helper.kind, ImportKind::ScriptLocal);
  ASSERT_NE(helper.target, nullptr);
  EXPECT_EQ(helper.target->path, "tools/helper.py");

  const PythonFile* pre = layout.find_path("awq/quantize/pre_quant.py");
  const FileImports& pre_imports = imports_of(scan, "awq/quantize/pre_quant.py");
  const ImportRecord* from_calib = nullptr;
  for (const auto& r : pre_imports.imports)
    if (r.module == "utils.calib_data") from_calib = &r;
  ASSERT_NE(from_calib, nullptr);
  EXPECT_EQ(from_calib->level, 2u);
  ResolvedImport calib = resolve_import(layout, *pre, *from_calib);
  EXPECT_EQ(calib.kind, ImportKind::FirstParty);
  EXPECT_EQ(calib.module, "awq.utils.calib_data");
  ASSERT_NE(calib.target, nullptr);
  EXPECT_EQ(calib.target->path, "awq/utils/calib_data.py");

  const PythonFile* qmodule = layout.find_path("awq/quantize/qmodule.py");
  ResolvedImport ext = resolve_import(layout, *qmodule, imports_of(scan, "awq/quantize/qmodule.py").imports[3]);
  EXPECT_EQ(ext.kind, ImportKind::ProjectExtension);
}

TEST(PythonScan, StdlibMissingOnOlderPython) {
  PythonScan scan = scan_awqlike();
  auto problems = stdlib_problems(scan, {3, 10});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].site.record.module, "tomllib");
  EXPECT_EQ(problems[0].site.file, "tinychat/demo.py");
  EXPECT_TRUE(problems[0].site.record.optional);
  EXPECT_EQ(problems[0].status, StdlibStatus::NotYet);
  EXPECT_EQ(problems[0].version_code, 311);
  EXPECT_TRUE(stdlib_problems(scan, {3, 11}).empty());
}

TEST(PythonScan, ExtensionsComeFromTheProjectsSetupPyFiles) {
  PythonScan scan = scan_python_project(k_awqlike);  // no extensions given
  ASSERT_EQ(scan.setup_py.size(), 2u);
  EXPECT_EQ(scan.setup_py[0].path, "awq/kernels/csrc/attention/setup.py");
  EXPECT_EQ(scan.setup_py[1].path, "awq/kernels/setup.py");
  EXPECT_EQ(scan.layout.extensions(), (std::set<std::string, std::less<>>{"awq_inference_engine", "ft_attention"}));
  for (const auto& t : third_party_imports(scan)) EXPECT_NE(t.import_name, "awq_inference_engine");
}

TEST(PythonScan, SkipsVirtualEnvironmentsAndReportsMissingRoot) {
  std::vector<Finding> findings;
  auto files = find_python_files(k_awqlike / "does-not-exist", findings);
  EXPECT_TRUE(files.empty());
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "input.python-unreadable");
}

}  // namespace
}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
// The findings of `scan` on tests/data/python/projects/precision, a small
// project written for the cases real trees showed to be noise: each is
// either not a finding, or the one true finding with its exact wording.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "project/code_scan.h"
#include "project/scan.h"

namespace mlstack::project {
namespace {

const std::string k_root = std::string(MLSTACK_SOURCE_DIR) + "/tests/data/python/projects/precision";

class Precision : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto manifests = scan_project(k_root);
    ASSERT_TRUE(manifests);
    s_manifests = new ScanResult(std::move(*manifests));
    s_scan = new CodeScan(scan_code(k_root, *s_manifests));
  }
  static void TearDownTestSuite() {
    delete s_scan;
    delete s_manifests;
  }
  static std::vector<const Finding*> rule(std::string_view id) {
    std::vector<const Finding*> out;
    for (const Finding& f : s_scan->findings)
      if (f.rule == id) out.push_back(&f);
    return out;
  }
  static const Finding* about(std::string_view id, std::string_view import) {
    for (const Finding* f : rule(id))
      if (f->message.starts_with("`" + std::string(import) + "`")) return f;
    return nullptr;
  }
  static ScanResult* s_manifests;
  static CodeScan* s_scan;
};
ScanResult* Precision::s_manifests = nullptr;
CodeScan* Precision::s_scan = nullptr;

TEST_F(Precision, OnlyTheUnknownHardImportIsUndeclared) {
  auto undeclared = rule("scan.undeclared-import");
  ASSERT_EQ(undeclared.size(), 1u);
  const Finding& quack = *undeclared[0];
  EXPECT_EQ(quack.severity, Severity::Warning);
  EXPECT_TRUE(quack.message.starts_with("`quack` is imported unconditionally (precise/train.py:8)")) << quack.message;
  // No source says which distribution provides `quack`: no PyPI name is guessed.
  EXPECT_TRUE(quack.fix.starts_with("declare the distribution that provides `quack`")) << quack.fix;
}

TEST_F(Precision, OptionalImportsNameTheirGuard) {
  const Finding* apex = about("scan.optional-import-undeclared", "apex");
  ASSERT_NE(apex, nullptr);
  EXPECT_EQ(apex->severity, Severity::Info);
  EXPECT_NE(apex->message.find("under `if is_apex_available()`"), std::string::npos) << apex->message;
  EXPECT_NE(apex->message.find("(not on PyPI)"), std::string::npos) << apex->message;
  const Finding* xformers = about("scan.optional-import-undeclared", "xformers");
  ASSERT_NE(xformers, nullptr);
  // kernels.py is imported only inside build(): its own `import triton` is optional too.
  const Finding* triton = about("scan.optional-import-undeclared", "triton");
  ASSERT_NE(triton, nullptr);
  EXPECT_NE(triton->message.find("which the project loads only when needed (imported inside a function at "
                                 "precise/train.py:38)"),
            std::string::npos)
      << triton->message;
}

TEST_F(Precision, FirstPartyAndVariantDistributionsAreNotUndeclared) {
  // vendored_lib: sys.path.insert of third_party/; app: the subproj/ sub-project; helpers:
  // scripts/run.sh puts extras/ on PYTHONPATH.
  for (const char* name : {"vendored_lib", "app", "helpers", "mmcv", "cv2", "numpy", "tomllib"}) {
    EXPECT_EQ(about("scan.undeclared-import", name), nullptr) << name;
    EXPECT_EQ(about("scan.optional-import-undeclared", name), nullptr) << name;
  }
  for (const Finding* f : rule("scan.unused-dependency")) ADD_FAILURE() << f->message;
}

TEST_F(Precision, StdlibOnceForTheUnguardedModule) {
  auto stdlib = rule("scan.stdlib-missing");
  ASSERT_EQ(stdlib.size(), 1u);
  EXPECT_EQ(stdlib[0]->severity, Severity::Warning);
  EXPECT_EQ(stdlib[0]->message,
            "`dataclasses` is in the standard library only from Python 3.7, but pyproject.toml:4 (`>=3.6`) admits 3.6; "
            "imported unconditionally at precise/train.py:4");
}

TEST_F(Precision, DocumentedCommandsRunWhereTheDocumentSays) {
  auto missing = rule("scan.doc-missing-target");
  ASSERT_EQ(missing.size(), 1u) << missing[0]->message;
  EXPECT_TRUE(missing[0]->message.starts_with("`python tools/missing.py` runs tools/missing.py")) << missing[0]->message;
  std::vector<std::string> checked;
  for (const auto& c : s_scan->analysis.commands)
    checked.push_back(c.check.command + " @" + c.source.working_dir + (c.check.target_exists ? " ok" : " missing"));
  // `cd precise` in an earlier block of the section; `python -mpip` and `python -` are not project
  // scripts; after `cd $HOME/data` nothing is judged; run.sh cds to its folder's parent.
  EXPECT_EQ(checked, (std::vector<std::string>{"python kernels.py @precise ok", "python prepare.py @ missing",
                                               "python tools/missing.py @ missing", "python precise/train.py @ ok"}));
}

}  // namespace
}  // namespace mlstack::project

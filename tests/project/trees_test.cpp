// SPDX-License-Identifier: MIT
// `scan` end to end on the five real repositories of ../shared/trees: the
// errors and warnings it reports on each are exactly the ones
// tests/data/trees/EXPECTED.md lists, each with the verdict that it is true.
// A clone without ../shared skips this suite and says so.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "project/code_scan.h"
#include "project/scan.h"

namespace mlstack::project {
namespace {

namespace fs = std::filesystem;

const fs::path k_trees = fs::path(MLSTACK_SOURCE_DIR) / ".." / "shared" / "trees";

// "error scan.doc-missing-target" -> count, for every error and warning.
std::map<std::string, int> counts(const std::string& tree) {
  std::map<std::string, int> out;
  auto manifests = scan_project((k_trees / tree).string());
  if (!manifests) {
    out["cannot scan: " + manifests.error()] = 1;
    return out;
  }
  CodeScan code = scan_code((k_trees / tree).string(), *manifests);
  auto add = [&](const std::vector<Finding>& findings) {
    for (const Finding& f : findings)
      if (f.severity != Severity::Info) out[std::string(to_string(f.severity)) + " " + f.rule] += 1;
  };
  add(manifests->findings);
  add(code.findings);
  return out;
}

class ScanTrees : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(k_trees)) GTEST_SKIP() << k_trees << " is missing: the real-repository suite needs ../shared/trees";
  }
};

using Counts = std::map<std::string, int>;

TEST_F(ScanTrees, InternVL) {
  EXPECT_EQ(counts("OpenGVLab__InternVL"), (Counts{}));
}

TEST_F(ScanTrees, ChatGLM6B) {
  EXPECT_EQ(counts("THUDM__ChatGLM-6B"), (Counts{}));
}

TEST_F(ScanTrees, MiniGPT4) {
  EXPECT_EQ(counts("Vision-CAIR__MiniGPT-4"), (Counts{}));
}

TEST_F(ScanTrees, Qlora) {
  EXPECT_EQ(counts("artidoro__qlora"), (Counts{}));
}

TEST_F(ScanTrees, StreamingLlm) {
  EXPECT_EQ(counts("mit-han-lab__streaming-llm"), (Counts{}));
}

}  // namespace
}  // namespace mlstack::project

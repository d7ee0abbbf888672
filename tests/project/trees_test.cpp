// SPDX-License-Identifier: MIT
// `scan` end to end on the five real repositories of ../shared/trees: the
// errors and warnings it reports on each are exactly the ones
// tests/data/trees/EXPECTED.md lists, each with the verdict that it is true.
// A clone without ../shared skips this suite and says so.
#include <gtest/gtest.h>

#include <filesystem>
#include <algorithm>
#include <vector>
#include <string>

#include "project/code_scan.h"
#include "project/scan.h"

namespace mlstack::project {
namespace {

namespace fs = std::filesystem;

const fs::path k_trees = fs::path(MLSTACK_SOURCE_DIR) / ".." / "shared" / "trees";

// Every error and warning as "severity rule subject": the subject is the
// first `quoted` word of the message (the import, the command), else the
// message up to its first colon.
std::vector<std::string> findings(const std::string& tree) {
  std::vector<std::string> out;
  auto manifests = scan_project((k_trees / tree).string());
  if (!manifests) return {"cannot scan: " + manifests.error()};
  CodeScan code = scan_code((k_trees / tree).string(), *manifests);
  auto add = [&](const std::vector<Finding>& list) {
    for (const Finding& f : list) {
      if (f.severity == Severity::Info) continue;
      std::string subject;
      auto open = f.message.find('`');
      if (open != std::string::npos) subject = f.message.substr(open, f.message.find('`', open + 1) - open + 1);
      else subject = f.message.substr(0, f.message.find(':'));
      out.push_back(std::string(to_string(f.severity)) + " " + f.rule + " " + subject);
    }
  };
  add(manifests->findings);
  add(code.findings);
  std::sort(out.begin(), out.end());
  return out;
}

class ScanTrees : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(k_trees)) GTEST_SKIP() << k_trees << " is missing: the real-repository suite needs ../shared/trees";
  }
};

using V = std::vector<std::string>;

TEST_F(ScanTrees, InternVL) {
  EXPECT_EQ(findings("OpenGVLab__InternVL"), (V{"warning scan.undeclared-import `Levenshtein`",
               "warning scan.undeclared-import `av`",
               "warning scan.undeclared-import `diffusers`",
               "warning scan.undeclared-import `fire`",
               "warning scan.undeclared-import `ray`",
               "warning scan.undeclared-import `word2number`"}));
}

TEST_F(ScanTrees, ChatGLM6B) {
  EXPECT_EQ(findings("THUDM__ChatGLM-6B"), (V{"warning scan.undeclared-import `huggingface_hub`",
               "warning scan.undeclared-import `numpy`",
               "warning scan.undeclared-import `packaging`",
               "warning scan.undeclared-import `streamlit_chat`",
               "warning scan.undeclared-import `streamlit`",
               "warning scan.undeclared-import `tqdm`"}));
}

TEST_F(ScanTrees, MiniGPT4) {
  EXPECT_EQ(findings("Vision-CAIR__MiniGPT-4"), (V{"warning scan.undeclared-import `PIL`",
               "warning scan.undeclared-import `datasets`",
               "warning scan.undeclared-import `nltk`",
               "warning scan.undeclared-import `numpy`",
               "warning scan.undeclared-import `pandas`",
               "warning scan.undeclared-import `scipy`"}));
}

TEST_F(ScanTrees, Qlora) {
  EXPECT_EQ(findings("artidoro__qlora"), (V{"error scan.doc-missing-target `python qa_baseline_gpt35.py --question prompts/oa_questions.jsonl --output generations/answer_gpt35.jsonl`",
               "warning scan.undeclared-import `datasets`",
               "warning scan.undeclared-import `numpy`",
               "warning scan.undeclared-import `packaging`",
               "warning scan.undeclared-import `pandas`",
               "warning scan.undeclared-import `torch`",
               "warning scan.undeclared-import `tqdm`"}));
}

TEST_F(ScanTrees, StreamingLlm) {
  EXPECT_EQ(findings("mit-han-lab__streaming-llm"), (V{"warning scan.undeclared-import `tqdm`"}));
}

}  // namespace
}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
#include "project/python/analysis.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlstack::project::python {
namespace {

const std::filesystem::path k_awqlike = std::filesystem::path(MLSTACK_SOURCE_DIR) / "tests/data/python/projects/awqlike";

using V = std::vector<std::string>;

TEST(PythonAnalysis, DefaultEntriesAreMainModulesAndMainGuards) {
  AnalysisOptions options;
  options.target_pythons.push_back(ProjectPython{"", PythonVersion{3, 10}, "pyproject.toml:5"});
  options.commands.push_back(DocCommand{"python -m awq.entry --vis_image", "README.md", 12, ""});
  options.commands.push_back(DocCommand{"pip install -e .", "README.md", 8, ""});
  PythonAnalysis a = analyze_python_project(k_awqlike, options);
  V entries;
  for (const auto& e : a.entries) entries.push_back(e.entry);
  EXPECT_EQ(entries, (V{"awq/entry.py", "tinychat/demo.py"}));
  ASSERT_EQ(a.stdlib_problems.size(), 1u);
  EXPECT_EQ(a.stdlib_problems[0].site.record.module, "tomllib");
  EXPECT_EQ(a.stdlib_problems[0].declared, "pyproject.toml:5");
  V unread;
  for (const auto& u : a.unread_options) unread.push_back(u.file + " " + u.flag);
  EXPECT_EQ(unread, (V{"awq/entry.py --unused_flag", "tinychat/serve/gradio_server.py --share"}));
  EXPECT_EQ(a.flag_guards.size(), 4u);
  EXPECT_EQ(a.extension_calls.size(), 2u);
  ASSERT_EQ(a.commands.size(), 1u);  // pip is not project Python
  EXPECT_EQ(a.commands[0].source.line, 12u);
  ASSERT_EQ(a.commands[0].check.flags.size(), 1u);
  EXPECT_EQ(a.commands[0].check.flags[0].suggestion, "--vis-image");
}

TEST(PythonAnalysis, EntrySpecs) {
  AnalysisOptions options;
  options.entries = {"-m awq.entry", "awq.quantize.quantizer:real_quantize_model_weight", "tools/convert.py",
                     "missing.py"};
  PythonAnalysis a = analyze_python_project(k_awqlike, options);
  V entries;
  for (const auto& e : a.entries) entries.push_back(e.entry);
  EXPECT_EQ(entries, (V{"awq/entry.py", "awq/quantize/quantizer.py", "tools/convert.py"}));
  EXPECT_EQ(a.missing_entries, (V{"missing.py"}));
  EXPECT_EQ(V(a.entries[2].files.begin(), a.entries[2].files.end()), (V{"tools/convert.py", "tools/helper.py"}));
}

}  // namespace
}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
#include "project/python/doc_drift.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlstack::project::python {
namespace {

const std::filesystem::path k_awqlike = std::filesystem::path(MLSTACK_SOURCE_DIR) / "tests/data/python/projects/awqlike";

class PythonDocDrift : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_scan = new PythonScan(scan_python_project(k_awqlike));
    s_parsers = new std::vector<FileArgparse>(read_project_argparse(*s_scan));
  }
  static void TearDownTestSuite() {
    delete s_parsers;
    delete s_scan;
  }
  static std::optional<CommandCheck> check(std::string_view command, std::string_view dir = "") {
    return check_command(command, *s_scan, *s_parsers, dir);
  }
  static std::vector<std::string> flags(const CommandCheck& c) {
    std::vector<std::string> out;
    for (const auto& f : c.flags) {
      std::string s = f.flag + ":" + to_string(f.status);
      for (const auto& m : f.matches) s += " " + m;
      if (!f.suggestion.empty()) s += " ->" + f.suggestion;
      out.push_back(s);
    }
    return out;
  }
  static PythonScan* s_scan;
  static std::vector<FileArgparse>* s_parsers;
};
PythonScan* PythonDocDrift::s_scan = nullptr;
std::vector<FileArgparse>* PythonDocDrift::s_parsers = nullptr;

using V = std::vector<std::string>;

TEST_F(PythonDocDrift, UnderscoreForHyphenIsAnError) {
  auto c = check("python -m awq.entry --model_path $MODEL --w_bit 4 --q_group_size=128 --vis_image");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->kind, CommandCheck::TargetKind::Module);
  EXPECT_TRUE(c->target_exists);
  EXPECT_EQ(c->target_file, "awq/entry.py");
  EXPECT_EQ(flags(*c), (V{"--model_path:exact", "--w_bit:exact", "--q_group_size:exact",
                          "--vis_image:undefined ->--vis-image"}));
}

TEST_F(PythonDocDrift, UnambiguousPrefixIsAnAbbreviation) {
  auto c = check("python tinychat/demo.py --flash --precision W4A16 --model");
  ASSERT_TRUE(c);
  EXPECT_EQ(flags(*c), (V{"--flash:abbreviation --flash_attn", "--precision:exact",
                          "--model:ambiguous --model_path --model_type"}));
}

TEST_F(PythonDocDrift, NoAbbreviationWhenDisabled) {
  auto c = check("python tinychat/serve/gradio_server.py --sha --port 8000");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->allow_abbrev);
  EXPECT_EQ(flags(*c), (V{"--sha:undefined ->--share", "--port:exact"}));
}

TEST_F(PythonDocDrift, ScriptRunFromItsFolder) {
  auto c = check("python demo.py --max_seq 512", "tinychat");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->target_file, "tinychat/demo.py");
  EXPECT_EQ(flags(*c), (V{"--max_seq:abbreviation --max_seq_len"}));
}

TEST_F(PythonDocDrift, MissingModuleAndScript) {
  auto m = check("python -m awq.entryy --w_bit 4");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->target_exists);
  auto s = check("python3 tools/quantize.py");
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->target_exists);
}

TEST_F(PythonDocDrift, LaunchersAndEnvironment) {
  auto c = check("CUDA_VISIBLE_DEVICES=0,1 torchrun --nproc_per_node 2 tools/convert.py -i a.pt -o out --output_dir x");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->target_file, "tools/convert.py");
  EXPECT_EQ(flags(*c), (V{"-i:exact", "-o:exact", "--output_dir:undefined ->--output-dir"}));
  auto d = check("python -m torch.distributed.launch --nproc_per_node=8 awq/entry.py --w_bit 4 2>&1 | tee log");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->target_file, "awq/entry.py");
  EXPECT_EQ(flags(*d), (V{"--w_bit:exact"}));
}

TEST_F(PythonDocDrift, NotProjectPython) {
  EXPECT_FALSE(check("pip install -e ."));
  EXPECT_FALSE(check("python -c 'import torch; print(torch.__version__)'"));
  EXPECT_FALSE(check("python -m pip install flash-attn --no-build-isolation"));
}

TEST_F(PythonDocDrift, ShellWords) {
  EXPECT_EQ(shell_words("python \"a b\" 'c' d\\ e \\\n --x && rm -rf /"), (V{"python", "a b", "c", "d e", "--x"}));
  EXPECT_EQ(shell_words("python x.py # comment"), (V{"python", "x.py"}));
}

}  // namespace
}  // namespace mlstack::project::python

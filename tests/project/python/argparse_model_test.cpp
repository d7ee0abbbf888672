// SPDX-License-Identifier: MIT
#include "project/python/argparse_model.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "project/python/scan.h"

namespace mlstack::project::python {
namespace {

const std::filesystem::path k_awqlike = std::filesystem::path(MLSTACK_SOURCE_DIR) / "tests/data/python/projects/awqlike";

using V = std::vector<std::string>;

TEST(PythonArgparse, OptionsDestsAndDefaults) {
  ArgparseModel model = read_argparse(
      "import argparse\n"
      "parser = argparse.ArgumentParser(description='x')\n"
      "parser.add_argument('--vis-image', action='store_true', help='show')\n"
      "parser.add_argument('-o', '--output-dir', dest='out', default=\"runs\", type=str)\n"
      "parser.add_argument('-v', default=[1, 2])\n"
      "parser.add_argument('model')\n"
      "args = parser.parse_args()\n");
  ASSERT_EQ(model.parsers.size(), 1u);
  const ArgParser& p = model.parsers[0];
  EXPECT_EQ(p.variable, "parser");
  EXPECT_TRUE(p.allow_abbrev);
  EXPECT_EQ(p.namespace_variable, "args");
  ASSERT_EQ(p.options.size(), 4u);
  EXPECT_EQ(p.options[0].dest, "vis_image");
  EXPECT_EQ(p.options[0].action, "store_true");
  EXPECT_EQ(p.options[0].help, "show");
  EXPECT_EQ(p.options[1].flags, (V{"-o", "--output-dir"}));
  EXPECT_EQ(p.options[1].dest, "out");
  EXPECT_EQ(p.options[1].default_value, "\"runs\"");
  EXPECT_EQ(p.options[1].type, "str");
  EXPECT_EQ(p.options[2].dest, "v");
  EXPECT_EQ(p.options[2].default_value, "[1, 2]");
  EXPECT_EQ(p.options[3].positional, "model");
  EXPECT_EQ(p.options[3].dest, "model");
  EXPECT_EQ(p.options[3].at.line, 6u);
}

TEST(PythonArgparse, AllowAbbrevFalse) {
  ArgparseModel model = read_argparse("from argparse import ArgumentParser\np = ArgumentParser(allow_abbrev=False)\n"
                                      "p.add_argument('--port')\n");
  ASSERT_EQ(model.parsers.size(), 1u);
  EXPECT_FALSE(model.parsers[0].allow_abbrev);
}

TEST(PythonArgparse, GroupsSubparsersAndHelpers) {
  ArgparseModel model = read_argparse(
      "def add_model_args(parser):\n"
      "    parser.add_argument('--hidden', type=int)\n"
      "main = argparse.ArgumentParser()\n"
      "g = main.add_argument_group('vision')\n"
      "g.add_argument('--vis-image')\n"
      "x = main.add_mutually_exclusive_group()\n"
      "x.add_argument('--fp16')\n"
      "sub = main.add_subparsers(dest='cmd')\n"
      "train = sub.add_parser('train')\n"
      "train.add_argument('--lr')\n");
  ASSERT_EQ(model.parsers.size(), 3u);
  EXPECT_TRUE(model.parsers[0].implicit);
  EXPECT_EQ(model.parsers[0].options[0].dest, "hidden");
  EXPECT_EQ(model.parsers[1].variable, "main");
  ASSERT_EQ(model.parsers[1].options.size(), 2u);
  EXPECT_EQ(model.parsers[1].options[0].group, "vision");
  EXPECT_EQ(model.parsers[2].subcommand, "train");
  EXPECT_EQ(model.parsers[2].parent, "main");
  EXPECT_EQ(model.parsers[2].options[0].dest, "lr");
}

TEST(PythonArgparse, AttributeReads) {
  AttributeReads reads = read_attributes("print(args.lr)\nx = getattr(args, 'fp16', False)\n# args.nope\n's.nope2'\n");
  EXPECT_TRUE(reads.names.count("lr"));
  EXPECT_TRUE(reads.names.count("fp16"));
  EXPECT_FALSE(reads.names.count("nope"));
  EXPECT_FALSE(reads.names.count("nope2"));
  EXPECT_FALSE(reads.reads_all);
  EXPECT_TRUE(read_attributes("run(**vars(args))\n").reads_all);
}

TEST(PythonArgparse, ProjectParsersUnreadFlagsAndGuards) {
  ScanOptions options;
  options.extensions = {"awq_inference_engine"};
  PythonScan scan = scan_python_project(k_awqlike, options);
  auto parsers = read_project_argparse(scan);
  V files;
  for (const auto& f : parsers) files.push_back(f.file);
  EXPECT_EQ(files, (V{"awq/entry.py", "tinychat/demo.py", "tinychat/serve/gradio_server.py", "tools/convert.py"}));

  AttributeReads reads = project_attribute_reads(scan);
  V unread;
  for (const auto& f : parsers)
    for (const auto& p : f.model.parsers)
      for (const ArgOption* o : unread_options(p, reads)) unread.push_back(f.file + ":" + o->flags[0]);
  EXPECT_EQ(unread, (V{"awq/entry.py:--unused_flag", "tinychat/serve/gradio_server.py:--share"}));

  const ArgParser& demo = parsers[1].model.parsers[0];
  ASSERT_NE(demo.find_flag("--vis-image"), nullptr);
  EXPECT_EQ(demo.find_flag("--vis-image")->group, "vision");
  EXPECT_FALSE(parsers[2].model.parsers[0].allow_abbrev);

  V guards;
  for (const auto& g : flag_guarded_imports(parsers, scan))
    guards.push_back(g.flag + " -> " + g.import.module + " (" + g.file + ":" + std::to_string(g.import.line) + ")");
  EXPECT_EQ(guards, (V{"--tasks -> lm_eval (awq/entry.py:35)", "--flash_attn -> flash_attn (tinychat/demo.py:29)",
                       "--flash_attn -> flash_attn.layers.rotary (tinychat/demo.py:30)",
                       "--precision -> awq_inference_engine (tinychat/demo.py:33)"}));
}

// `if not args.use_apex: import torch.optim` runs when --use_apex is off: only
// the else branch (apex) is guarded by the flag.
TEST(PythonArgparseProject, NegatedConditionIsNoFlagGuard) {
  PythonScan scan = scan_python_project(MLSTACK_SOURCE_DIR "/tests/data/python/projects/negated-flags");
  auto parsers = read_project_argparse(scan);
  V guards;
  for (const auto& g : flag_guarded_imports(parsers, scan))
    guards.push_back(g.flag + " -> " + g.import.module + " (" + g.file + ":" + std::to_string(g.import.line) + ")");
  EXPECT_EQ(guards, (V{"--use_apex -> apex.optimizers (train.py:12)", "--cpu -> numpy (train.py:15)"}));
}

}  // namespace
}  // namespace mlstack::project::python

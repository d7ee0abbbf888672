// SPDX-License-Identifier: MIT
// click commands and HfArgumentParser dataclasses read into the argparse
// model, and documented commands judged against them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "project/python/argparse_model.h"
#include "project/python/doc_drift.h"
#include "project/python/scan.h"

namespace mlstack::project::python {
namespace {

const std::filesystem::path k_cli_styles =
    std::filesystem::path(MLSTACK_SOURCE_DIR) / "tests/data/python/projects/cli-styles";

using V = std::vector<std::string>;

V flags_of(const ArgParser& p) {
  V out;
  for (const ArgOption& o : p.options) {
    std::string s = o.flags.empty() ? "<" + o.positional + ">" : "";
    for (const std::string& f : o.flags) s += (s.empty() ? "" : " ") + f;
    out.push_back(s + " => " + o.dest + (o.action.empty() ? "" : " " + o.action));
  }
  return out;
}

TEST(PythonClick, OptionsArgumentsAndSubcommands) {
  ArgparseModel model = read_argparse(
      "import click\n"
      "@click.group()\ndef cli():\n    pass\n"
      "@cli.command('quantize')\n"
      "@click.option('--model-path', '-m', required=True, help='Model')\n"
      "@click.option('-n', '--num-samples', type=int, default=128)\n"
      "@click.option('--fast/--no-fast', default=False)\n"
      "@click.option(' /-S', 'shout')\n"
      "@click.option('--out', 'output_dir')\n"
      "@click.option('--verbose', '-v', count=True)\n"
      "@click.argument('config-file')\n"
      "def quantize_cmd(**kw):\n    pass\n"
      "@cli.command()\n@click.option('--port')\ndef serve_model(port):\n    pass\n"
      "@click.option('--orphan')\ndef not_a_command(orphan):\n    pass\n");
  ASSERT_EQ(model.parsers.size(), 3u);
  const ArgParser& group = model.parsers[0];
  EXPECT_EQ(group.kind, ArgParser::Kind::Click);
  EXPECT_EQ(group.variable, "cli");
  EXPECT_TRUE(group.subcommand.empty());
  const ArgParser& quantize = model.parsers[1];
  EXPECT_EQ(quantize.parent, "cli");
  EXPECT_EQ(quantize.subcommand, "quantize");
  EXPECT_FALSE(quantize.allow_abbrev);  // click matches long options exactly
  EXPECT_EQ(flags_of(quantize), (V{"--model-path -m => model_path", "-n --num-samples => num_samples",
                                   "--fast --no-fast => fast store_true", "-S => shout store_true",
                                   "--out => output_dir", "--verbose -v => verbose count", "<config-file> => config_file"}));
  EXPECT_EQ(quantize.options[0].help, "Model");
  EXPECT_EQ(quantize.options[1].default_value, "128");
  // click names a command after its function, underscores as dashes.
  EXPECT_EQ(model.parsers[2].subcommand, "serve-model");
}

TEST(PythonClick, BareDecoratorsImportedFromClick) {
  ArgparseModel model = read_argparse(
      "from click import command, option, version_option\n"
      "@command()\n@option('--dry-run', is_flag=True)\n@version_option()\ndef main(dry_run):\n    pass\n");
  ASSERT_EQ(model.parsers.size(), 1u);
  EXPECT_EQ(flags_of(model.parsers[0]), (V{"--dry-run => dry_run store_true", "--version => version version"}));
}

TEST(PythonDataclasses, FieldsDefaultsAndMetadata) {
  std::vector<Dataclass> classes = read_dataclasses(
      "from dataclasses import dataclass, field\n"
      "@dataclass\nclass A:\n    x: int = 1\n    y: Optional[bool] = field(default=True, metadata={'help': 'why', 'aliases': '-y'})\n"
      "    z: list = field(default_factory=list)\n    hidden: int = field(default=0, init=False)\n"
      "    k: ClassVar[int] = 3\n    _argument_group_name = 'grp'\n    def f(self):\n        inner: int = 2\n"
      "class NotData:\n    a: int = 1\n"
      "@dataclasses.dataclass(frozen=True)\nclass B(A, metaclass=M):\n    w: str\n");
  ASSERT_EQ(classes.size(), 2u);
  const Dataclass& a = classes[0];
  EXPECT_EQ(a.name, "A");
  EXPECT_EQ(a.group, "grp");
  ASSERT_EQ(a.fields.size(), 3u);
  EXPECT_EQ(a.fields[0].name, "x");
  EXPECT_EQ(a.fields[0].default_value, "1");
  EXPECT_EQ(a.fields[1].type, "Optional[bool]");
  EXPECT_EQ(a.fields[1].default_value, "True");
  EXPECT_EQ(a.fields[1].help, "why");
  EXPECT_EQ(a.fields[1].aliases, V{"-y"});
  EXPECT_EQ(a.fields[2].default_value, "factory list");
  EXPECT_EQ(classes[1].name, "B");
  EXPECT_EQ(classes[1].bases, V{"A"});
  EXPECT_FALSE(classes[1].fields[0].default_value.has_value());
}

// hf_argparser.py: --name, --name-with-dashes, aliases, --no_x / --no-x for a bool defaulting to True.
TEST(PythonHfArgumentParser, DataclassFieldsBecomeOptions) {
  ArgparseModel model = read_argparse(
      "from dataclasses import dataclass, field\nfrom transformers import HfArgumentParser\n"
      "@dataclass\nclass Args:\n    model_name: str = 'gpt2'\n    fp16: bool = False\n"
      "    use_cache: bool = True\n    rank: int = field(default=8, metadata={'aliases': ['--r', '-r']})\n"
      "parser = HfArgumentParser(Args, allow_abbrev=False)\nargs, = parser.parse_args_into_dataclasses()\n");
  ASSERT_EQ(model.parsers.size(), 1u);
  const ArgParser& p = model.parsers[0];
  EXPECT_EQ(p.kind, ArgParser::Kind::HfArgumentParser);
  EXPECT_TRUE(p.complete);
  EXPECT_FALSE(p.allow_abbrev);
  EXPECT_EQ(flags_of(p), (V{"--model_name --model-name => model_name", "--fp16 => fp16 store_true",
                            "--use_cache --use-cache => use_cache store_true",
                            "--no_use_cache --no-use-cache => use_cache store_false", "--rank --r -r => rank"}));
  EXPECT_EQ(p.options[0].field, "Args.model_name");
}

class PythonCliStylesProject : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_scan = new PythonScan(scan_python_project(k_cli_styles));
    s_parsers = new std::vector<FileArgparse>(read_project_argparse(*s_scan));
  }
  static void TearDownTestSuite() {
    delete s_parsers;
    delete s_scan;
  }
  static const ArgParser* parser_of(std::string_view file, std::size_t index = 0) {
    for (const FileArgparse& f : *s_parsers)
      if (f.file == file && index < f.model.parsers.size()) return &f.model.parsers[index];
    return nullptr;
  }
  static V check(std::string_view command) {
    auto c = check_command(command, *s_scan, *s_parsers);
    V out;
    if (!c) return out;
    for (const auto& f : c->flags) {
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
PythonScan* PythonCliStylesProject::s_scan = nullptr;
std::vector<FileArgparse>* PythonCliStylesProject::s_parsers = nullptr;

TEST_F(PythonCliStylesProject, ReadsEveryStyle) {
  V files;
  for (const auto& f : *s_parsers) files.push_back(f.file);
  EXPECT_EQ(files, (V{"clitool/cli.py", "clitool/finetune.py", "clitool/train.py"}));
  // Dataclasses from another file, with their dataclass bases first; init=False and ClassVar are no options.
  const ArgParser* train = parser_of("clitool/train.py");
  ASSERT_NE(train, nullptr);
  EXPECT_TRUE(train->complete);
  EXPECT_EQ(flags_of(*train),
            (V{"--model_name_or_path --model-name-or-path => model_name_or_path",
               "--use_fast_tokenizer --use-fast-tokenizer => use_fast_tokenizer store_true",
               "--no_use_fast_tokenizer --no-use-fast-tokenizer => use_fast_tokenizer store_false",
               "--lora => lora store_true", "--lora_rank --lora-rank --rank -r => lora_rank",
               "--cache_dir --cache-dir => cache_dir", "--seeds => seeds", "--dataset_name --dataset-name => dataset_name",
               "--max_seq_length --max-seq-length => max_seq_length", "--streaming => streaming store_true"}));
  EXPECT_EQ(train->options[0].group, "model");
  // TrainingArguments is transformers': its options are not known.
  const ArgParser* finetune = parser_of("clitool/finetune.py");
  ASSERT_NE(finetune, nullptr);
  EXPECT_FALSE(finetune->complete);
  EXPECT_EQ(finetune->unknown_classes, V{"TrainingArguments"});
}

TEST_F(PythonCliStylesProject, NoUnreadFlagsFromClickOrDataclasses) {
  AttributeReads reads = project_attribute_reads(*s_scan);
  for (const FileArgparse& f : *s_parsers)
    for (const ArgParser& p : f.model.parsers) EXPECT_TRUE(unread_options(p, reads).empty()) << f.file;
}

TEST_F(PythonCliStylesProject, DocumentedClickCommand) {
  // click has no abbreviations and keeps underscores as written.
  EXPECT_EQ(check("python -m clitool.cli quantize cfg.yaml --model-path m -v --w-bit 4 --fast --no-fast --out x --mod y "
                  "--port 1 --help"),
            (V{"--model-path:exact", "-v:exact", "--w-bit:undefined ->--w_bit", "--fast:exact", "--no-fast:exact",
               "--out:exact", "--mod:undefined ->-m", "--port:exact", "--help:exact"}));
}

TEST_F(PythonCliStylesProject, DocumentedHfArgumentParserCommand) {
  EXPECT_EQ(check("python clitool/train.py --model-name-or-path gpt2 --no_use_fast_tokenizer --lora --rank 4 "
                  "--dataset_name wiki --max_seq 128 --computed 1 --output_dir out"),
            (V{"--model-name-or-path:exact", "--no_use_fast_tokenizer:exact", "--lora:exact", "--rank:exact",
               "--dataset_name:exact", "--max_seq:abbreviation --max_seq_length", "--computed:undefined",
               "--output_dir:undefined"}));
  // With TrainingArguments in the parser, flags the project does not define cannot be judged.
  EXPECT_EQ(check("python clitool/finetune.py --model_name_or_path gpt2 --output_dir out --bf16"),
            (V{"--model_name_or_path:exact", "--output_dir:unknown", "--bf16:unknown"}));
}

}  // namespace
}  // namespace mlstack::project::python

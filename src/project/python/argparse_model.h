// SPDX-License-Identifier: MIT
// The command-line options a file defines with argparse, read statically:
//
//   parser = argparse.ArgumentParser(allow_abbrev=False)
//   parser.add_argument("--flash_attn", action="store_true", help="...")
//   group = parser.add_argument_group("vision"); group.add_argument("--vis-image")
//   sub = parser.add_subparsers(); train = sub.add_parser("train")
//   args = parser.parse_args()
//
// Options keep argparse's own rules: dest from the first long option with
// `-` turned into `_` (`--vis-image` -> vis_image) unless `dest=` says
// otherwise, and allow_abbrev (default True) accepting any unambiguous prefix
// of a long option. `add_argument` on a name that no parser creation binds in
// the file (a helper `def add_args(parser): ...`) makes an implicit parser
// for that name, so such options are not lost.
//
// Two other ways of defining options are read into the same model:
//
//   click (pallets/click src/click/core.py, Option._parse_decls and
//   _OptionParser._match_long_opt):
//     @click.command() / @click.group() / @cli.command("train")
//     @click.option("--flash/--no-flash", "-f", is_flag=True)   -> --flash, --no-flash, -f; dest "flash"
//     @click.argument("input_path")                           -> positional "input_path"
//   A "/" splits an option into its on and off spellings; the dest is the
//   longest-prefixed name with `-` -> `_`, lower-cased, unless a bare
//   identifier names it. click matches long options exactly (no
//   abbreviations): allow_abbrev is false. Values reach the function as
//   parameters, so "never read" is not judged for click options.
//
//   transformers.HfArgumentParser((ModelArguments, TrainingArguments)):
//   each field of each dataclass becomes an option. As hf_argparser.py does
//   (huggingface/transformers src/transformers/hf_argparser.py at
//   002496228f0c, HfArgumentParser._parse_dataclass_field): `--field_name`,
//   and also `--field-name` when the name has an underscore; the aliases of
//   field(metadata={"aliases": [...]}) / HfArg(aliases=...); a bool field
//   takes an optional value (`--fp16`, `--fp16 false`), and one defaulting to
//   True also gets `--no_field_name` and `--no-field-name` (store_false); a
//   class's `_argument_group_name` is its group; `field(init=False)` is no
//   option. Dataclasses are found in any project file (read_dataclasses), with
//   their dataclass bases; one the project does not define
//   (transformers.TrainingArguments) leaves the parser incomplete: its
//   options are unknown, so flags it does not list cannot be judged.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "project/python/imports.h"
#include "project/python/setup_py.h"

namespace mlstack::project::python {

struct PythonScan;

struct ArgOption {
  std::vector<std::string> flags;  // "--flash_attn", "-f"; empty for a positional
  std::string positional;          // a positional's name
  std::string dest;                // attribute on the parsed namespace
  std::string action;              // "store_true", "append", ...; empty for store
  std::optional<std::string> default_value;  // source text: "128", "None", "\"cuda\""
  std::string type;                // source text of type=: "int"
  std::string help;
  std::string group;  // title of its argument group, if any
  std::string field;  // HfArgumentParser: the dataclass field it comes from ("ModelArguments.lora")
  SourceSpot at;
};

struct ArgParser {
  enum class Kind : std::uint8_t { Argparse, Click, HfArgumentParser };
  Kind kind = Kind::Argparse;
  std::string variable;  // "parser"; for click, the command's function
  SourceSpot at;
  bool allow_abbrev = true;
  // False when some options come from classes the project does not define
  // (HfArgumentParser((..., TrainingArguments))): those named in `unknown_classes`.
  bool complete = true;
  std::vector<std::string> unknown_classes;
  bool implicit = false;     // made for add_argument on an unbound name
  std::string subcommand;    // for sub.add_parser("train"): "train"
  std::string parent;        // variable of the parser owning the subcommand
  std::string namespace_variable;  // "args" in `args = parser.parse_args()`
  std::vector<ArgOption> options;

  // The option with this exact option string, or nullptr.
  const ArgOption* find_flag(std::string_view flag) const;
};

struct ArgparseModel {
  std::vector<ArgParser> parsers;
};

// A @dataclass (or @dataclasses.dataclass(...)) class and its fields, in order.
struct DataclassField {
  std::string name;
  std::string type;                          // annotation source text: "bool", "Optional[str]"
  std::optional<std::string> default_value;  // "True", "\"gpt2\"", "factory list"
  std::string help;                          // metadata help / HfArg(help=...)
  std::vector<std::string> aliases;          // metadata aliases / HfArg(aliases=...)
  SourceSpot at;
};

struct Dataclass {
  std::string name;
  std::string file;                // relative path, when read through a project scan
  std::vector<std::string> bases;  // last component of each base class name
  std::string group;               // _argument_group_name
  std::vector<DataclassField> fields;
  SourceSpot at;
};

// The dataclasses of one file.
std::vector<Dataclass> read_dataclasses(std::string_view source);

// Dataclasses by class name (the first definition of a name wins).
using DataclassIndex = std::map<std::string, Dataclass, std::less<>>;

// Reads the parsers of one file: argparse, click commands and
// HfArgumentParser. `dataclasses` resolves the classes HfArgumentParser is
// given; the file's own dataclasses are used as well.
ArgparseModel read_argparse(std::string_view source, const DataclassIndex* dataclasses = nullptr);

struct FileArgparse {
  std::string file;  // relative path
  ArgparseModel model;
};

// Parsers of every file of a scan that mentions add_argument, click or
// HfArgumentParser, with the dataclasses of the whole project. They are read
// in the scan's single pass over the files (PythonScan::parsers); this
// returns them.
std::vector<FileArgparse> read_project_argparse(const PythonScan& scan);

// What the scan's pass asks of a file's text before running a reader on it
// (plain substring tests, far cheaper than the readers):
bool may_define_parser(std::string_view source);     // add_argument, click decorators, HfArgumentParser
bool may_define_dataclass(std::string_view source);  // worth read_dataclasses
// HfArgumentParser takes dataclasses from any file of the project: such a
// file is read after every file's dataclasses are known.
bool needs_project_dataclasses(std::string_view source);
// Such a file's parsers, with the dataclasses of the whole project.
ArgparseModel read_argparse_in_project(std::string_view source, const DataclassIndex& project);

// Attribute names read anywhere in the scanned files (`args.flash_attn`,
// `getattr(args, "flash_attn")`). `reads_all` is set when a namespace is read
// wholesale (`vars(args)`, `args.__dict__`), which makes "never read" unknowable.
struct AttributeReads {
  std::set<std::string, std::less<>> names;
  bool reads_all = false;
};
AttributeReads read_attributes(std::string_view source, AttributeReads into = {});

// The same gathered over the tokens of statements (the scan's pass feeds it
// the statements find_imports reads, so each file is tokenized once), into a
// hash set: a large tree has millions of attribute reads, and a sorted set's
// string compares cost as much as the tokenizing.
struct AttributeReadsAccumulator {
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> names;
  bool reads_all = false;

  void add(std::span<const Token> statement);
  // Moves what was gathered into `into` (sorted).
  void merge_into(AttributeReads& into);
};
// Every file's, gathered in the scan's pass (PythonScan::attributes).
const AttributeReads& project_attribute_reads(const PythonScan& scan);

// Options of a parser whose dest no file reads. Click options (function
// parameters) and dataclass fields (often passed on whole: asdict(args),
// Trainer(args=training_args)) are never reported.
std::vector<const ArgOption*> unread_options(const ArgParser& parser, const AttributeReads& reads);

// An optional import guarded by a flag: `if args.flash_attn: import flash_attn`.
struct FlagGuard {
  std::string flag;  // "--flash_attn"
  std::string dest;  // "flash_attn"
  std::string file;  // where the import is
  ImportRecord import;
};

// For each option of `parsers`, the imports whose enclosing conditions test
// its dest, across the scan.
std::vector<FlagGuard> flag_guarded_imports(const std::vector<FileArgparse>& parsers, const PythonScan& scan);

}  // namespace mlstack::project::python

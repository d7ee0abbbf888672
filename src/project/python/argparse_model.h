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
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
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
  SourceSpot at;
};

struct ArgParser {
  std::string variable;  // "parser"
  SourceSpot at;
  bool allow_abbrev = true;
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

// Reads the argparse parsers of one file.
ArgparseModel read_argparse(std::string_view source);

struct FileArgparse {
  std::string file;  // relative path
  ArgparseModel model;
};

// Parsers of every file of a scan that mentions add_argument (files are
// read again from disk; the scan keeps no text).
std::vector<FileArgparse> read_project_argparse(const PythonScan& scan);

// Attribute names read anywhere in the scanned files (`args.flash_attn`,
// `getattr(args, "flash_attn")`). `reads_all` is set when a namespace is read
// wholesale (`vars(args)`, `args.__dict__`), which makes "never read" unknowable.
struct AttributeReads {
  std::set<std::string, std::less<>> names;
  bool reads_all = false;
};
AttributeReads read_attributes(std::string_view source, AttributeReads into = {});
AttributeReads project_attribute_reads(const PythonScan& scan);

// Options of a parser whose dest no file reads.
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

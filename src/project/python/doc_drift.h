// SPDX-License-Identifier: MIT
// Doc drift: does a command line from a README or a shell script still match
// the code? `python -m awq.entry --w_bit 4`, `python tools/convert.py -i x`,
// `torchrun --nproc_per_node 8 train.py --lr 1e-4`: the module or script must
// exist, and each option must be one its argparse parsers define.
//
// Parsers made with click (no abbreviations) and HfArgumentParser (dataclass
// fields) are judged by the same rules with their own settings
// (argparse_model.h).
//
// Options are judged as argparse itself would: with allow_abbrev (the
// default), `--flash` for `--flash_attn` is accepted when no other option
// starts with `--flash` (an informational note: it relies on abbreviation);
// `--vis_image` where the parser defines `--vis-image` is undefined, and the
// script will exit with "unrecognized arguments" (the suggestion names the
// real one).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "project/python/argparse_model.h"
#include "project/python/scan.h"

namespace mlstack::project::python {

enum class FlagStatus : std::uint8_t {
  Exact,         // the parser defines it
  Abbreviation,  // an unambiguous prefix of one option (allow_abbrev)
  Ambiguous,     // a prefix of several options: argparse errors out
  Undefined,     // no option matches: argparse errors out
  Unknown,       // not among the known options of a parser that also takes options from
                 // classes outside the project (HfArgumentParser((..., TrainingArguments)))
};

const char* to_string(FlagStatus status);

struct FlagCheck {
  std::string flag;                  // as written, without `=value`
  FlagStatus status = FlagStatus::Exact;
  std::vector<std::string> matches;  // the option(s) it abbreviates
  std::string suggestion;            // closest defined option, for Undefined
};

struct CommandCheck {
  enum class TargetKind : std::uint8_t { Module, Script };
  std::string command;  // the command line as given, on one line
  TargetKind kind = TargetKind::Script;
  std::string target;        // "awq.entry" or "tools/convert.py" as written
  bool target_exists = false;
  std::string target_file;   // the file that runs, relative to the project root
  // For a script not found from any working folder tried: a project file
  // whose path ends with the one written ("scripts/x.py" is
  // "sub/scripts/x.py"), run from a folder the command does not show.
  std::string found_elsewhere;
  bool parsers_found = false;          // false: options could not be checked (no argparse)
  std::vector<std::string> parser_files;  // files whose parsers define the options
  bool allow_abbrev = true;
  bool options_complete = true;  // false: some parser's options are not all known (ArgParser::complete)
  std::string parser_library = "argparse";  // "click", "HfArgumentParser": what rejects a bad flag
  std::vector<FlagCheck> flags;
};

// Checks one command line. Returns nullopt when it does not run the
// project's Python (pip, `python -c`, `python -` reading stdin, a
// third-party `-m` module with no project script after it). `working_dirs`
// are the folders it may run from, relative to the project root, most likely
// first (a README in tinychat/ runs `python demo.py` from tinychat/); the
// root is tried as well.
std::optional<CommandCheck> check_command(std::string_view command, const PythonScan& scan,
                                          const std::vector<FileArgparse>& parsers,
                                          const std::vector<std::string>& working_dirs);
std::optional<CommandCheck> check_command(std::string_view command, const PythonScan& scan,
                                          const std::vector<FileArgparse>& parsers,
                                          std::string_view working_dir = "");

// Splits a shell command into words (quotes, backslash escapes, line
// continuations), stopping at the first operator (`|`, `&&`, `;`, `>`, `#`).
std::vector<std::string> shell_words(std::string_view command);

}  // namespace mlstack::project::python

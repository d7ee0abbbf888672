// SPDX-License-Identifier: MIT
// Everything the scanner learns about a project's Python code in one call,
// for `mlstack scan`: the scan itself, third-party imports grouped by
// distribution, standard-library modules the target Python lacks, argparse
// options (unread ones, the flag -> optional import map), native extension
// call sites, entry graphs and doc-drift checks of the commands the caller
// found in READMEs and scripts. Plain data; judging it (undeclared, unused,
// severity) is the check layer's work.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "project/python/argparse_model.h"
#include "project/python/doc_drift.h"
#include "project/python/entry_graph.h"
#include "project/python/scan.h"

namespace mlstack::project::python {

// A command line found in a README code block or a shell script.
struct DocCommand {
  std::string command;      // `python -m awq.entry --w_bit 4`
  std::string file;         // where it was found, relative to the root
  std::uint32_t line = 0;
  std::string working_dir;  // folder it runs from, relative to the root ("" = root)
};

struct DocCommandCheck {
  DocCommand source;
  CommandCheck check;
};

struct UnreadOption {
  std::string file;  // the file defining the parser
  std::string flag;  // "--unused_flag"
  std::string dest;
  SourceSpot at;
};

struct AnalysisOptions {
  ScanOptions scan;
  std::optional<PythonVersion> target_python;  // for stdlib_problems; none: skip them
  // Entry files (relative paths), console scripts ("pkg.cli:main") or modules
  // ("-m pkg.mod"). Empty: every __main__.py and every file with a
  // module-level `if __name__ == "__main__":`.
  std::vector<std::string> entries;
  std::vector<DocCommand> commands;
  EntryOptions entry_options;
  // An installed environment's import names, consulted before the built-in
  // table (third_party_key); not owned, may be null.
  const InstalledPackages* installed = nullptr;
};

struct PythonAnalysis {
  PythonScan scan;
  std::vector<ThirdPartyImport> third_party;
  std::vector<StdlibProblem> stdlib_problems;
  std::vector<FileArgparse> parsers;
  std::vector<UnreadOption> unread_options;
  bool options_read_wholesale = false;  // vars(args) somewhere: unread_options is empty by necessity
  std::vector<FlagGuard> flag_guards;
  std::vector<ExtensionCallSite> extension_calls;
  std::vector<EntryGraph> entries;
  std::vector<std::string> missing_entries;  // entries asked for that name no project file
  std::vector<DocCommandCheck> commands;
};

PythonAnalysis analyze_python_project(const std::filesystem::path& root, const AnalysisOptions& options = {});

// The file behind an entry spec: "tools/x.py", "-m pkg.mod", "pkg.cli:main"; nullptr if none.
const PythonFile* entry_file(const ProjectLayout& layout, std::string_view spec);

}  // namespace mlstack::project::python

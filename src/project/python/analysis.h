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
#include <map>
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
  // False when a `cd` to a folder the project does not fix ($HOME, a
  // variable, a folder above the root) came before it: where the command
  // runs is not known, so a missing script cannot be judged.
  bool working_dir_known = true;
  // A script's commands run from wherever the script is started: then
  // `working_dir` is relative to any folder from the script's own up to the
  // root (`cd data` in shell/run.sh is <that folder>/data).
  bool from_any_ancestor = false;
  // Folders a PYTHONPATH assignment puts on the import path (relative to the
  // root); such an assignment comes as a DocCommand with no command.
  std::vector<std::string> python_path = {};
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

// The lowest Python a (sub-)project supports, from its requires-python.
struct ProjectPython {
  std::string folder;      // the project's folder, relative to the root ("" = the root)
  PythonVersion version;   // the lowest version requires-python admits
  std::string declared;    // where it is said: "clip_benchmark/setup.py:25"
};

struct AnalysisOptions {
  ScanOptions scan;
  // For stdlib_problems: each file is judged against the deepest project
  // holding it; files of no listed project are not judged.
  std::vector<ProjectPython> target_pythons;
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
  // Files the project loads only optionally, with how (load_graph.h): their
  // module-level imports are optional too.
  std::map<std::string, std::string> optionally_loaded;
};

PythonAnalysis analyze_python_project(const std::filesystem::path& root, const AnalysisOptions& options = {});

// The file behind an entry spec: "tools/x.py", "-m pkg.mod", "pkg.cli:main"; nullptr if none.
const PythonFile* entry_file(const ProjectLayout& layout, std::string_view spec);

}  // namespace mlstack::project::python

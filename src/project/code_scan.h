// SPDX-License-Identifier: MIT
// What the code says against what the manifests say: the Python sources'
// imports, argparse flags and documented commands (project/python) joined
// with the declarations of the manifest scan (project/scan.h). Findings
// (code_findings.h says when each is one):
//   scan.undeclared-import          imported unconditionally, declared nowhere
//   scan.optional-import-undeclared imported only under a guard / in a function, declared nowhere (info)
//   scan.transitive-only            imported, not declared, installed only as a dependency of
//                                   something declared (needs an environment: CodeScanOptions::installed)
//   scan.optional-import-unguarded  declared only in an extra or group, imported unconditionally
//   scan.unused-dependency          declared, never imported (build tools and servers stated as such)
//   scan.doc-missing-target         a documented `python -m x` / `python x.py` names no project file
//   scan.doc-undefined-flag         a documented flag the parser does not define (argparse exits 2)
//   scan.doc-abbreviated-flag       a documented flag accepted only as an abbreviation
//   scan.stdlib-missing             a standard-library module the lowest Python of the file's project lacks
//   scan.unread-flag                a parser option that the code never reads
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "project/python/analysis.h"
#include "project/scan.h"

namespace mlstack::project {

struct CodeScanOptions {
  std::vector<std::string> entries;  // --entry; empty: console scripts and __main__ modules
  // An installed environment (filled by env::installed_packages): import
  // names from its RECORD / top_level.txt before the built-in table, and its
  // Requires-Dist graph for scan.transitive-only. Not owned; null: none.
  const python::InstalledPackages* installed = nullptr;
  // Keep each entry graph's edges and every third-party site (a DOT graph
  // draws them); without, entries keep their files and first sites only.
  bool entry_details = true;
  unsigned threads = 0;  // workers reading and resolving (0: one per core); the result is the same for any
};

struct CodeScan {
  std::string environment;  // the installed environment used, as described; empty: none
  python::PythonAnalysis analysis;  // analysis.scan.imports and .attributes are released (empty): views read the analysis
  std::vector<python::DocCommand> commands;  // the documented commands that were checked
  std::vector<Finding> findings;
};

CodeScan scan_code(const std::string& root, const ScanResult& manifests, const CodeScanOptions& options = {});

// Command lines that run Python in README / docs code blocks and shell
// scripts: `python -m pkg.mod ...`, `python3 tools/x.py ...`, with `\`
// continuations joined. Exposed for tests.
std::vector<python::DocCommand> documented_commands(const std::string& root);

}  // namespace mlstack::project

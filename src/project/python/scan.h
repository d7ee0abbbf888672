// SPDX-License-Identifier: MIT
// Scanning a project's Python sources: find every .py file (without
// following directory symlinks, and skipping virtual environments, VCS and
// build folders), read each one through a memory map on a pool of threads,
// and keep its imports. Then classify every import as standard library,
// first-party, project-built extension, or third-party (with the distribution
// that provides it).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/finding.h"
#include "project/python/import_names.h"
#include "project/python/imports.h"
#include "project/python/installed_packages.h"
#include "project/python/layout.h"
#include "project/python/setup_py.h"
#include "project/python/stdlib_modules.h"

namespace mlstack::project::python {

struct ScanOptions {
  unsigned threads = 0;                     // 0: one per hardware thread
  std::vector<std::string> source_roots;    // extra roots besides "" and "src"
  std::vector<std::string> extensions;      // project-built extension modules
  // Read every file named setup.py statically and add the extensions its
  // ext_modules declare to the layout (they are first-party, not missing).
  bool read_setup_py = true;
  std::uint64_t max_file_bytes = 16u << 20; // larger .py files are reported, not read
};

struct SetupPyFile {
  std::string path;  // relative: "awq/kernels/setup.py"
  SetupPy setup;
};

struct PythonScan {
  std::filesystem::path root;
  std::vector<SetupPyFile> setup_py;  // every setup.py of the tree, read statically
  ProjectLayout layout;
  std::vector<FileImports> imports;  // parallel to layout.files()
  std::uint64_t bytes = 0;           // bytes of Python read
  // input.python-* findings: unreadable files, files over the size limit,
  // files that are not valid Python (with the count of bad tokens).
  std::vector<Finding> findings;
};

// Relative paths of the .py files under root, sorted.
std::vector<std::string> find_python_files(const std::filesystem::path& root, std::vector<Finding>& findings);

PythonScan scan_python_project(const std::filesystem::path& root, const ScanOptions& options = {});

// The folders of the tree that the code adds to sys.path (sys_path.h), as
// root-relative paths of folders holding Python files.
std::vector<std::string> sys_path_roots(const PythonScan& scan);

enum class ImportKind : std::uint8_t {
  Future,            // from __future__ import ...
  Stdlib,            // in the standard library of the version asked about (or of any 3.8-3.14)
  FirstParty,        // a module or package of the project
  ScriptLocal,       // a sibling of a script outside any regular package (tools/helper.py)
  ProjectExtension,  // a native extension the project builds (setup.py ext_modules)
  ThirdParty,        // anything else: a dependency
  Unresolved,        // a relative import that climbs above the top-level package
};

const char* to_string(ImportKind kind);

struct ResolvedImport {
  ImportKind kind = ImportKind::ThirdParty;
  std::string module;                  // absolute dotted name
  const PythonFile* target = nullptr;  // first-party file it loads, when one does
};

// Classifies one import of `from`. Standard-library membership uses
// `version` when given, else any version 3.8-3.14.
ResolvedImport resolve_import(const ProjectLayout& layout, const PythonFile& from, const ImportRecord& import,
                              const PythonVersion* version = nullptr);

struct ImportSite {
  std::string file;  // relative path
  ImportRecord record;
};

struct ThirdPartyImport {
  std::string import_name;    // top-level name, or the table's dotted name ("google.protobuf")
  DistributionGuess distribution;
  std::vector<ImportSite> sites;

  // True when some site runs unconditionally at import time (not lazy,
  // optional, fallback, typing-only, conditional or dead).
  bool required_at_import() const;
  // True when every site is optional / fallback / typing-only / dead.
  bool only_optional() const;
};

// The group a third-party import belongs to and the distribution behind it:
// the installed environment's RECORD / top_level.txt when `installed` has a
// distribution installing the module (or a parent package of it), else the
// built-in table (import_names.h), whichever names the longer module; else
// the top-level name itself. `from google import protobuf` is google.protobuf.
struct ThirdPartyKey {
  std::string import_name;
  DistributionGuess distribution;
};
ThirdPartyKey third_party_key(const ResolvedImport& resolved, const ImportRecord& import,
                              const InstalledPackages* installed = nullptr);

// Third-party imports grouped by import name, sorted by name.
std::vector<ThirdPartyImport> third_party_imports(const PythonScan& scan, const PythonVersion* version = nullptr,
                                                  const InstalledPackages* installed = nullptr);

struct StdlibProblem {
  ImportSite site;
  StdlibStatus status = StdlibStatus::NotYet;  // NotYet or Removed
  int version_code = 0;                        // added in / removed in
  PythonVersion version;                       // the version judged against
  std::string folder;                          // the project folder whose requires-python gave it
  std::string declared;                        // where that requires-python is
};

// Standard-library imports that the given version does not have (tomllib on
// 3.10, distutils on 3.12), in the files under `folder` ("" = all) but not
// under any of `excluded`. Sites under version checks or optional are kept
// with their flags; the caller chooses severity.
std::vector<StdlibProblem> stdlib_problems(const PythonScan& scan, PythonVersion version, std::string_view folder = "",
                                           const std::vector<std::string>& excluded = {});

}  // namespace mlstack::project::python

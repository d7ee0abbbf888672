// SPDX-License-Identifier: MIT
// The project's own modules: which dotted names its Python files define, and
// so which imports are first-party rather than dependencies.
//
// Layouts, as packaging tools and `python -m` see them:
//   - flat layout: `pkg/__init__.py` at the root is module `pkg`;
//   - src layout: `src/pkg/mod.py` is `pkg.mod` (src/ itself is not a package);
//   - namespace packages (PEP 420): a directory without __init__.py whose
//     files are importable (`tinychat/serve/app.py` is `tinychat.serve.app`);
//   - scripts: `python tools/x.py` puts tools/ on sys.path, so `import helper`
//     in tools/x.py finds tools/helper.py (only outside regular packages);
//   - native extensions the project builds (setup.py ext_modules), e.g.
//     `awq_inference_engine`, added by the caller.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "project/python/imports.h"

namespace mlstack::project::python {

struct PythonFile {
  std::string path;         // relative to the project root, '/'-separated: "src/pkg/mod.py"
  std::string module;       // dotted name: "pkg.mod"; "pkg" for pkg/__init__.py; empty if not importable
  std::string source_root;  // "" (the project root) or "src", ...
  bool is_package = false;  // an __init__.py
  bool in_regular_package = false;  // its directory holds an __init__.py
};

class ProjectLayout {
 public:
  // Builds the layout from file paths relative to the project root.
  // `source_roots` lists folders whose children are top-level modules besides
  // the root itself; "src" is added when src/ is a folder, not a package.
  static ProjectLayout build(const std::vector<std::string>& relative_paths,
                             std::vector<std::string> source_roots = {});

  const std::vector<PythonFile>& files() const { return m_files; }
  // The file defining a module (pkg/mod.py or pkg/mod/__init__.py), or nullptr.
  const PythonFile* find_module(std::string_view dotted) const;
  const PythonFile* find_path(std::string_view relative_path) const;
  // True for a module or a (regular or namespace) package directory.
  bool defines(std::string_view dotted) const;
  // True when a folder (root-relative path) holds Python files at any depth.
  bool has_folder(std::string_view relative_path) const { return m_folders.count(relative_path) > 0; }
  // Top-level names the project defines (packages, modules, namespace dirs).
  const std::set<std::string, std::less<>>& top_level_names() const { return m_top_level; }
  const std::vector<std::string>& source_roots() const { return m_source_roots; }

  // Native extension modules the project builds ("awq_inference_engine", "pkg._C").
  void add_extension(std::string dotted);
  const std::set<std::string, std::less<>>& extensions() const { return m_extensions; }
  // The extension that `dotted` is, or lives under; empty if none.
  std::string_view extension_for(std::string_view dotted) const;

 private:
  std::vector<PythonFile> m_files;
  std::unordered_map<std::string, std::size_t> m_by_module;
  std::unordered_map<std::string, std::size_t> m_by_path;
  std::set<std::string, std::less<>> m_packages;  // every dotted directory name holding files
  std::set<std::string, std::less<>> m_top_level;
  std::set<std::string, std::less<>> m_folders;  // every folder holding .py files, at any depth
  std::set<std::string, std::less<>> m_extensions;
  std::vector<std::string> m_source_roots;
};

// The absolute module a relative import names, from the importing file:
// `from ..x import y` in pkg/sub/mod.py gives "pkg.x". Empty when the level
// climbs above the top-level package (an error Python reports at run time).
std::string resolve_relative(const PythonFile& from, const ImportRecord& import);

// True for a valid Python identifier made of ASCII or UTF-8 bytes.
bool is_identifier(std::string_view name);

}  // namespace mlstack::project::python

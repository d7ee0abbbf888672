// SPDX-License-Identifier: MIT
// Which interpreter `python3` means here, decided from files, and the one
// rule that decides whether mlstack may ever start an interpreter.
//
// Finding: the first `python3` on PATH, skipping entries the run rule
// forbids (a project must not choose the interpreter it is judged with).
// A pyenv shim is followed statically (pyenv.h); any other script in front
// of an interpreter (asdf, mise, a wrapper) cannot be, so the hit itself is
// what would run. python_layout.h then reads the interpreter's installation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "env/system.h"

namespace mlstack::env {

struct RunPermission {
  bool allowed = false;
  std::string reason;  // why not: "it lies inside the analysed project /src/repo"
};

// The one place that decides whether mlstack may start an interpreter:
// - never one that lies, as given or with symlinks resolved, inside the
//   analysed project `project_root` (a cloned repository can ship a
//   `python3` or a `.venv/bin/python` of its own);
// - never one found through a PATH entry that is relative (".", "bin", or
//   the empty entry, which means the current folder) or inside the project.
// `path_entry` is empty when the interpreter was named directly (--python).
// A project root of "/" or the home folder is no project: everything would
// be inside it, and nothing there was just cloned.
RunPermission may_run_interpreter(const System& system, const std::string& executable, const std::string& path_entry,
                                  const std::string& project_root);

// Whether a PATH entry may be searched at all (the same rule, for entries).
RunPermission may_search_path_entry(const System& system, const std::string& entry, const std::string& project_root);

struct PythonOnPath {
  std::string found;        // the PATH hit: "/root/.pyenv/shims/python3"
  std::string path_entry;   // the PATH entry it came from: "/root/.pyenv/shims"
  std::string interpreter;  // what it runs, when known from files: "/root/.pyenv/versions/3.11.7/bin/python3"
  std::string how;          // for --verbose: "pyenv shim: 3.11.7 from /root/.pyenv/version"
  std::string unresolved;   // why `interpreter` is unknown (a script that is no pyenv shim); empty when known
  std::vector<std::string> skipped;  // PATH entries passed over, with the reason
};

// The first `name` on PATH that the rule lets mlstack consider, followed
// through a pyenv shim; nullopt when there is none.
std::optional<PythonOnPath> find_python_on_path(const System& system, std::string_view name,
                                                const std::string& project_root);

// `path` followed through a pyenv shim when it is one (for --python python3):
// the interpreter it runs, or `path` itself. Sets `how` or `unresolved`.
PythonOnPath follow_shim(const System& system, const std::string& path, const std::string& project_root);

}  // namespace mlstack::env

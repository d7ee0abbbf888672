// SPDX-License-Identifier: MIT
// pyenv, followed without running it. A pyenv shim (`$PYENV_ROOT/shims/python3`)
// is a bash script that runs `pyenv exec python3`, which starts about forty
// processes (1.4 s on this project's machine) to decide which interpreter to
// run. That decision is made from files and variables, so it is made here
// the same way, from pyenv's own scripts (libexec/pyenv-version-name,
// -version-file, -version-file-read, -latest, -which, -exec):
//
//   1. $PYENV_VERSION, else the first `.python-version` in $PYENV_DIR (default:
//      the current folder) or a folder above it, else $PYENV_ROOT/version.
//      A version file holds one version per line (first word; `#` comments;
//      names with `/` or `..` are ignored); several versions are tried in order.
//      No file, or an empty one, means "system".
//   2. Each name is an installed folder of $PYENV_ROOT/versions, the same name
//      without a `python-` prefix, or a prefix that `pyenv latest` completes to
//      the newest installed release ("3.11" -> "3.11.7").
//   3. The command is `versions/<name>/bin/python3` of the first name that has
//      it; "system", and always last, is the first python3 on PATH without the
//      shims folder.
//
// What cannot be followed statically is refused with the reason (the caller
// then falls back to running the shim, or says why it does not): hook scripts
// pyenv would source for `version-name` or `exec` (other than pyenv's own
// pip-rehash, which only concerns pip), and `latest` prefixes among release
// names that are not plain numbers (pypy3.10-7.3.12, miniconda3-latest).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "env/system.h"

namespace mlstack::env {

// $PYENV_ROOT as a shim script sets it (`export PYENV_ROOT="/root/.pyenv"`),
// when `script` is the text of a pyenv shim; nullopt for anything else.
std::optional<std::string> pyenv_shim_root(std::string_view script);

struct PyenvChoice {
  std::string root;                   // PYENV_ROOT
  std::vector<std::string> versions;  // as selected, completed ("3.11.7"; "system")
  std::string origin;                 // "PYENV_VERSION", "/proj/.python-version", "/root/.pyenv/version", "no version file"
  std::string command;                // the program the shim runs: "/root/.pyenv/versions/3.11.7/bin/python3"
  bool system = false;                // `command` is the system one, found on PATH without the shims
};

// Which program `$root/shims/<command>` runs from the current folder.
// `usable_path_entry` says whether a PATH entry may be searched for the
// "system" version (the caller's policy: never relative entries or entries
// inside the analysed project).
Expected<PyenvChoice, std::string> resolve_pyenv_shim(const System& system, const std::string& root,
                                                      std::string_view command,
                                                      const std::function<bool(const std::string&)>& usable_path_entry);

// `pyenv latest -b PREFIX` over the installed versions: "3.11" -> "3.11.7";
// the name itself when that folder exists; nullopt when nothing matches or
// the candidates do not sort as plain numbers.
std::optional<std::string> pyenv_latest(const System& system, const std::string& root, std::string_view prefix);

}  // namespace mlstack::env

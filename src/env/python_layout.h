// SPDX-License-Identifier: MIT
// An interpreter's installation read from its files, never by running it:
// the sys.prefix, sys.path, user site and release that CPython's start-up
// (Modules/getpath.py, Lib/site.py) computes, for the layouts whose files say
// so unambiguously. Anything else is refused with the reason, and the caller
// decides whether the interpreter may be run instead.
//
// What is recognised, and from which files:
// - The installation: `<prefix>/bin/python3.N` (symlinks followed) with its
//   standard library at `<prefix>/lib/python3.N/os.py` (getpath's landmark;
//   `lib64` when the library is there, as Fedora's platlibdir). pyenv, conda,
//   uv's managed Pythons, python.org builds and distribution Pythons all look
//   like this. PyPy (`pypy3`) and anything else are refused.
// - A virtual environment (PEP 405): `pyvenv.cfg` beside the executable or
//   one folder up, the executable not dereferenced; sys.prefix is the folder
//   above bin/, the base installation is the executable's target (or `home`).
//   `include-system-site-packages` defaults to true when absent, as site.py's
//   venv() reads it.
// - The release (python_full_version): PY_VERSION in
//   `<prefix>/include/python3.N/patchlevel.h`, else `conda-meta/python-*.json`,
//   else pyenv's folder name (`versions/3.11.7`), else Debian's package
//   database for /usr (`python3.N-minimal`), else a venv's `version`. Without
//   one the layout is refused: markers such as python_full_version >= "3.8.1"
//   need it.
// - The site folders: upstream site.py lists `<prefix>/lib/python3.N/site-packages`;
//   Debian's patched site.py (recognised by "dist-packages" in the standard
//   library's site.py) lists `/usr/local/lib/python3.N/dist-packages`,
//   `/usr/lib/python3/dist-packages` and `/usr/lib/python3.N/dist-packages`.
//   Only folders that exist join sys.path, as site.addsitedir does.
// - The user site: `$PYTHONUSERBASE` or `~/.local`, then `lib/python3.N/site-packages`;
//   `python -m pip` sees it unless a venv hides the system site packages.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/expected.h"
#include "env/system.h"

namespace mlstack::env {

struct PythonLayout {
  std::string executable;       // as given: "/venv/bin/python3" (a venv's link, not its target)
  std::string real_executable;  // symlinks resolved: "/usr/bin/python3.11"
  std::string prefix;           // sys.prefix
  std::string base_prefix;      // sys.base_prefix
  std::string version;          // "3.11.7" (PY_VERSION: "3.13.0rc1" for a candidate)
  std::string version_source;   // "patchlevel.h", "conda-meta", "pyenv folder name", "dpkg status", "pyvenv.cfg"
  bool debian = false;          // Debian's site.py (dist-packages)
  bool venv = false;
  bool system_site_packages = true;  // a venv that also sees the base installation's site folders
  std::string pyvenv_cfg;       // its path, when a venv
  std::vector<std::string> sys_path;  // what `python -I` lists: stdlib zip, stdlib, lib-dynload, site folders
  std::string user_site;        // site.getusersitepackages()
  bool user_site_visible = true;  // `python -m pip` (no -I) adds it when it exists
  std::vector<std::string> files_read;  // what decided it, for --verbose
};

// Reads the installation of `executable` (an absolute path).
Expected<PythonLayout, std::string> read_python_layout(const System& system, const std::string& executable);

// The PEP 508 marker values that interpreter reports (what the probe snippet
// prints), from its release and the machine's uname.
std::map<std::string, std::string> layout_markers(const PythonLayout& layout, const Uname& uname);

// PY_VERSION from the text of a patchlevel.h: "3.11.7"; empty when absent.
std::string patchlevel_version(std::string_view header);

}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
// Environment: an installed Python environment, read statically — which
// interpreter, which sys.path folders, every distribution in them, and the
// torch build when there is one. Reading never imports anything from the
// environment. An interpreter's sys.path and release are read from its
// installation's files (python_layout.h), through pyenv shims
// (pyenv.h); it is run only when those files do not say (an unknown shim
// or layout), then only when the run rule allows it (python_discovery.h),
// and only with `-I` and a fixed snippet that prints sys.path and the
// PEP 508 marker values.
//
// How the environment is found, first match wins:
//   --site DIR (repeatable) | --python EXE | $VIRTUAL_ENV | $CONDA_PREFIX |
//   ./.venv | python3 on PATH
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "env/distribution.h"
#include "env/system.h"
#include "env/torch_build.h"

namespace mlstack::env {

struct PythonInfo {
  std::string executable;      // "/venv/bin/python3"; empty when not run
  std::string version;         // "3.11.7", or "3.11" when only the folder name says it
  std::string implementation;  // "cpython"
  std::string prefix;          // sys.prefix
  std::string base_prefix;     // sys.base_prefix
  std::vector<std::string> sys_path;
  std::string user_site;       // site.getusersitepackages(), which `python -m pip` sees but -I hides
  // PEP 508 marker values as the interpreter reports them (python_version,
  // sys_platform, platform_machine, ...); empty when no interpreter was run.
  std::map<std::string, std::string> markers;
  std::string source;  // "interpreter", "pyvenv.cfg", "conda-meta", "site folder name"
};

// pyvenv.cfg (PEP 405): "home = /usr/bin", "include-system-site-packages = false", "version = 3.11.2".
struct VenvConfig {
  std::string path;
  std::string home;
  std::string version;
  bool include_system_site_packages = false;
  std::vector<std::pair<std::string, std::string>> values;  // every key as written
};

struct EnvRequest {
  std::vector<std::string> site_dirs;  // --site
  std::string python;                  // --python
  bool read_torch = true;
  // The analysed project (default: the current folder): an interpreter
  // inside it, or found through a PATH entry inside it, is never run.
  std::string project_root = {};  // "= {}": callers may leave it out of a brace list
};

struct Environment {
  std::string found_by;                 // "--site", "--python", "$VIRTUAL_ENV", "$CONDA_PREFIX", "./.venv", "python3 on PATH"
  std::string prefix;                   // environment root; RECORD paths may not leave it
  std::vector<std::string> site_dirs;   // scanned, in sys.path order
  // Site folders whose .pth files add folders when read statically (what
  // site.py's addsitedir reads); empty: the folders given with --site.
  std::vector<std::string> pth_dirs;
  PythonInfo python;
  std::optional<VenvConfig> venv;
  // Every distribution found, sorted by canonical name then sys.path order;
  // those hidden by an earlier entry of the same name have `shadowed` set.
  std::vector<Distribution> distributions;
  std::optional<TorchBuild> torch;
  std::vector<Finding> findings;        // input.* problems and duplicate distributions

  // The visible (not shadowed) distribution of a canonical name, or nullptr.
  const Distribution* find(std::string_view canonical_name) const;
};

Environment read_environment(const System& system, const EnvRequest& request);

// Scans `site_dirs` in order into `environment` (distributions, duplicates,
// editable installs). Used by read_environment; exposed for tests.
void scan_site_dirs(const System& system, Environment& environment);

// The install prefix and Python version a site folder's path implies:
// ".../lib/python3.11/site-packages" -> {"...", "3.11"}; Debian's
// "/usr/lib/python3/dist-packages" -> {"/usr", ""}; any other folder -> {folder, ""}.
std::pair<std::string, std::string> prefix_of_site_dir(const std::string& site_dir);

std::optional<VenvConfig> parse_pyvenv_cfg(std::string_view text, const std::string& path);

// The fixed snippet run as `EXE -I -c SNIPPET`, and the reader of its output.
extern const char* const k_python_snippet;
Expected<PythonInfo, std::string> parse_python_probe(std::string_view json_text);

}  // namespace mlstack::env

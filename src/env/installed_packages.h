// SPDX-License-Identifier: MIT
// The environment as the project scan sees it (project::python::
// InstalledPackages): which distribution installs each import name, and
// what each distribution requires in *this* environment. Requires-Dist
// markers are evaluated with the environment's marker values, once for the
// base install and once per Provides-Extra (so `foo; extra == "cuda"` is an
// edge only for foo[cuda]); lines whose marker holds nowhere are left out,
// as are lines that are not PEP 508 (env.* findings already report those).
// Import names come from RECORD, else from top_level.txt (egg-info installs
// such as Debian's have no RECORD).
#pragma once

#include <string>
#include <vector>

#include "core/expected.h"
#include "core/finding.h"
#include "env/environment.h"
#include "env/pip_check.h"
#include "project/python/installed_packages.h"

namespace mlstack::env {

project::python::InstalledPackages installed_packages(const Environment& environment, const MarkerValues& markers);

// What `mlstack scan --site/--python/--env/--env-file` reads: the environment
// found as `mlstack env` finds it (no tools run, torch's build not read), or
// a saved one, with the reader's input.* findings (a folder that cannot be
// read, no environment found); the environment's own problems (duplicates,
// conflicts) are left to `mlstack env` and `mlstack check`.
struct ScanEnvironment {
  project::python::InstalledPackages packages;
  std::vector<Finding> findings;
};
ScanEnvironment read_scan_environment(const System& system, const EnvRequest& request);
ScanEnvironment load_scan_environment(const std::string& env_file);

}  // namespace mlstack::env

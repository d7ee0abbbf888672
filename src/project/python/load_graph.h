// SPDX-License-Identifier: MIT
// Which project files load whenever the program runs and which only when a
// function calls for them or a guard lets them: a module that the rest of
// the project imports only inside functions, in try/except ImportError or
// under `if is_x_available():` makes its own module-level imports optional
// too (clip_benchmark's tfds.py, imported inside build_dataset()).
//
// Files that load for sure: entries (a `__main__` guard, `__main__.py`), and
// files no project file imports (scripts and the library's own surface);
// then, transitively, every file they import unconditionally at module level
// (with the `__init__.py` of each package on the way).
#pragma once

#include <map>
#include <string>

#include "project/python/scan.h"

namespace mlstack::project::python {

// Root-relative paths of the files that load only optionally, each with how:
// "imported inside a function at pkg/builder.py:524".
std::map<std::string, std::string> optionally_loaded_files(const PythonScan& scan);

}  // namespace mlstack::project::python

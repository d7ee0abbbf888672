// SPDX-License-Identifier: MIT
// Folders a file adds to the import path: `sys.path.insert(0, X)` and
// `sys.path.append(X)` with X a literal or built from `__file__`:
//   os.path.dirname(os.path.abspath(__file__))        -> the file's folder
//   os.path.join(os.path.dirname(__file__), "..")     -> its parent
//   Path(__file__).resolve().parents[1], .parent      -> likewise
//   "../.." or "./"                                    -> relative to the working folder
//   "%s/PythonHelperTools/vqaTools" % data_dir         -> some folder ending so
// Anything else is not guessed.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "project/python/tokenizer.h"

namespace mlstack::project::python {

struct SysPathEntry {
  enum class Base : std::uint8_t {
    File,  // relative to the folder of the file that adds it
    Cwd,   // relative to the working folder (a relative literal)
    Any,   // a folder whose path ends with `path`; its base is not static
  };
  Base base = Base::File;
  std::string path;  // "", "..", "../lib", "PythonHelperTools/vqaTools"
  std::uint32_t line = 0;
};

// The entry a statement adds, when it is a sys.path.insert/append whose
// argument is one of the forms above.
std::optional<SysPathEntry> sys_path_entry(std::span<const Token> statement);

}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
// Import name -> distribution name, for the well-known cases where they
// differ (`import PIL` comes from `pillow`, `import cv2` from
// `opencv-python`). The table is data (import_names.inc) with a source per
// row; an installed environment's top_level.txt / RECORD, when the caller has
// one, is better evidence and should be consulted first.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mlstack::project::python {

struct ImportNameRow {
  std::string_view import_name;   // "PIL", "google.protobuf"
  std::string_view distribution;  // "pillow", "protobuf"
  std::string_view source;
};

std::span<const ImportNameRow> import_name_rows();

struct DistributionGuess {
  std::string distribution;     // as the environment, the table or the import spells it
  const ImportNameRow* row = nullptr;  // the table row used; nullptr when the import name is used as is
  // When an installed environment was given and one of its distributions
  // installs the module: every distribution that does (canonical names; more
  // than one when they share the name, like opencv-python and
  // opencv-python-headless), and the evidence ("RECORD of PyYAML 6.0.1").
  std::vector<std::string> installed;
  std::string evidence;
};

// The distribution that most likely provides `module` (dotted): the longest
// table row that is the module or a parent package of it; otherwise the
// top-level name itself (`numpy` -> `numpy`; canonicalize before comparing).
DistributionGuess distribution_for_import(std::string_view module);

}  // namespace mlstack::project::python

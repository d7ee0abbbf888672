// SPDX-License-Identifier: MIT
// Declarations under markers split a manifest into cases. `transformers==5.5.0;
// python_version >= "3.10"` beside `huggingface_hub==0.36.2; python_version <
// "3.10"` is two stacks that never meet, not a conflict.
//
// The environments considered are a grid of the ones markers tell apart:
// CPython 3.6 to 3.14 on Linux x86_64 and aarch64, Windows x86_64 and macOS
// arm64 and x86_64, narrowed to what is known (the target's or environment's
// Python and platform, the project's requires-python). Each distinct set of
// declarations that hold together in some environment is one case. A marker
// on something the grid does not vary (platform_release) holds or not the same
// way everywhere, so the grid can only merge cases, never invent a conflict.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pep/platform.h"
#include "pep/specifier.h"

namespace mlstack::check {

struct MarkerCase {
  std::vector<bool> applies;  // one per marker given: the declaration holds in this case
  std::string condition;      // "Python 3.10 to 3.14"; empty when the case is every environment considered
};

struct MarkerScope {
  pep::Platform platform;
  bool python_known = false;    // platform.python_version is the interpreter's
  bool machine_known = false;   // platform.os / arch are the machine's (a target or an environment)
  std::optional<pep::SpecifierSet> requires_python;  // the project's, when it declares one
};

// `markers`: each declaration's marker as written ("" for none). Returns at
// least one case when any environment is left, in grid order.
std::vector<MarkerCase> marker_cases(const std::vector<std::string>& markers, const MarkerScope& scope);

}  // namespace mlstack::check

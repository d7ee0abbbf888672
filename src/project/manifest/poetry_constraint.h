// SPDX-License-Identifier: MIT
// Poetry's version constraints, written as PEP 440 specifiers.
//
// Poetry reads `^`, `~` and bare versions differently from PEP 440:
//   "^1.2.3" -> ">=1.2.3,<2.0.0"   caret bumps the first non-zero part...
//   "^0.2.3" -> ">=0.2.3,<0.3.0"   ...so 0.x is breaking at the minor
//   "^0.0.3" -> ">=0.0.3,<0.0.4"   ...and 0.0.x at the patch
//   "^0.0"   -> ">=0.0,<0.1"       (poetry-core Version.next_breaking)
//   "~1.2.3" -> ">=1.2.3,<1.3.0"   tilde bumps the minor, or the major when only
//   "~1"     -> ">=1,<2"           a major is given
//   "1.2.3"  -> "==1.2.3"          a bare version is an exact pin, "=1.2" too
//   "*", ""  -> ""                 any version
// Clauses join with ',' or whitespace (AND). `||` (OR) has no PEP 440 form:
// the translation fails with a message rather than guessing.
#pragma once

#include <string>
#include <string_view>

#include "core/expected.h"

namespace mlstack::project {

// A Poetry version constraint as a PEP 440 specifier set ("" for any).
Expected<std::string, std::string> poetry_to_pep440(std::string_view constraint);

// A Poetry `python = "..."` constraint as a PEP 508 marker over
// python_version (python_full_version where a clause names a patch release):
// "^3.8" -> `python_version >= "3.8" and python_version < "4.0"`; "" for any.
Expected<std::string, std::string> poetry_python_to_marker(std::string_view constraint);

}  // namespace mlstack::project

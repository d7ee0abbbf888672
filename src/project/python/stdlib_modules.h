// SPDX-License-Identifier: MIT
// Which top-level module names belong to the standard library of a given
// CPython version, 2.7 and 3.0 to 3.14, so that `import tomllib` on 3.10 is
// known to fail and `import distutils` on 3.12 is known to need setuptools.
// The table is data (stdlib_modules.inc) with its sources. Where a source
// cannot tell (a private module before 3.8, any version below 2.7 or between
// 2.7 and 3.0), the status is Unknown: no claim either way.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace mlstack::project::python {

// A Python feature version: {3, 11}. Ordered; code() is 311.
struct PythonVersion {
  int major = 3;
  int minor = 11;
  int code() const { return major * (minor >= 10 ? 100 : 10) + minor; }
  friend bool operator==(const PythonVersion&, const PythonVersion&) = default;
  friend auto operator<=>(const PythonVersion& a, const PythonVersion& b) {
    return a.major != b.major ? a.major <=> b.major : a.minor <=> b.minor;
  }
};

struct StdlibModule {
  std::string_view name;  // top-level: "tomllib", "_thread"
  int added = 27;         // first version that has it (27 = 2.7 or earlier)
  int removed = 0;        // first version without it; 0 when still present in 3.14
  int known = 27;         // oldest version the row is certain for; below it: Unknown
};

// Oldest and newest versions the table describes.
inline constexpr PythonVersion k_oldest_stdlib{2, 7};
inline constexpr PythonVersion k_newest_stdlib{3, 14};

std::span<const StdlibModule> stdlib_modules();

// The row for a top-level name in any version, or nullptr.
const StdlibModule* find_stdlib_module(std::string_view top_level);

enum class StdlibStatus {
  Available,  // in the standard library of that version
  NotYet,     // added in a later version (tomllib on 3.10)
  Removed,    // removed in that version or earlier (distutils on 3.12)
  NotStdlib,  // never part of it
  Unknown,    // a standard-library name whose presence in that version no source tells
};

const char* to_string(StdlibStatus status);

// Status of a dotted or top-level module name in a version (only the
// top-level name is looked up: `xml.etree` is stdlib when `xml` is). Versions
// below 2.7, between 2.7 and 3.0, or above 3.14 are Unknown for every
// standard-library name.
StdlibStatus stdlib_status(std::string_view module, PythonVersion version);

// "3.11" for code 311, "2.7" for 27.
std::string_view version_text(int code);

}  // namespace mlstack::project::python

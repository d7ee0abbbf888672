// SPDX-License-Identifier: MIT
// PEP 508 environment markers ("python_version >= '3.8' and os_name == 'nt'"),
// parsed, printed and evaluated as packaging 26 does.
//
// Traps:
// - Comparisons on python_version, python_full_version, platform_release and
//   implementation_version are version comparisons when the other side forms
//   a valid specifier ("3.10" > "3.9"); everything else compares strings,
//   where "<" and ">" are always false and "<=", ">=" mean "==" (packaging
//   26 no longer orders strings), and "===" / "~=" on strings is an error.
// - The version comparison is "value-on-the-left in Specifier(op + right)":
//   '"2.7.9" < python_full_version' asks whether 2.7.9 is in "<" + the
//   running version, pre-releases included.
// - "extra" values are PEP 685-normalised on both sides ("Foo_Bar" ==
//   "foo-bar"); "extras" and "dependency_groups" are sets (lock files).
// - str() normalises quotes to '"' and drops redundant parentheses, exactly
//   as packaging prints markers (including its habit of flattening "((a))").
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "core/parse_error.h"
#include "pep/platform.h"

namespace mlstack::pep {

struct MarkerEnvironment {
  // "python_version" -> "3.11", ... Every variable a marker names must be
  // present (else evaluation fails), except "extra", which defaults to "".
  std::map<std::string, std::string> values;
  // Extras requested for the distribution (pip's match_markers): when not
  // empty, the marker is true if it holds with "extra" set to any of them.
  std::set<std::string> extras;
  // Set-valued variables of lock files: "extras", "dependency_groups".
  std::map<std::string, std::set<std::string>> sets;
};

// The environment of the interpreter a Platform describes: all eleven PEP 508
// variables (platform_release and platform_version are "", unknown).
MarkerEnvironment marker_environment(const Platform& platform);

class Marker;
namespace detail {
class Cursor;
// Parses a marker expression at the cursor (the requirement parser's entry).
Marker parse_marker_at(Cursor& cursor);
}  // namespace detail

class Marker {
 public:
  // marker = atom (("and" | "or") atom)*; atom = "(" marker ")" | var op var;
  // var = a PEP 508 variable or a quoted Python string literal.
  static Expected<Marker, ParseError> parse(std::string_view text);

  // False when evaluation fails (see evaluate_checked).
  bool evaluate(const MarkerEnvironment& environment) const;
  // The result, or why there is none: "UndefinedEnvironmentName: 'extras'" or
  // "UndefinedComparison: '===' on 'posix' and 'posix'".
  Expected<bool, std::string> evaluate_checked(const MarkerEnvironment& environment) const;

  std::string str() const;  // 'python_version >= "3.8" and os_name == "nt"'

  bool operator==(const Marker& other) const { return str() == other.str(); }

  struct Tree;  // defined in marker.cpp

 private:
  friend Marker detail::parse_marker_at(detail::Cursor& cursor);
  std::shared_ptr<const Tree> m_tree;  // immutable, shared by copies
};

}  // namespace mlstack::pep

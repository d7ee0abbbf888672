// SPDX-License-Identifier: MIT
// PEP 508 dependency specifiers: "torch[cuda]>=2.3,<2.5; sys_platform == 'linux'"
// and "pkg @ https://host/pkg.whl ; python_version >= '3.9'".
//
// Traps: the specifier may be parenthesised ("name (>=1.0)"); a URL must be
// followed by whitespace before its ";"; extras and specifier clauses print
// sorted; "extra == 'Foo_Bar'" prints normalised ("foo-bar"); the name is
// kept as written (compare canonical_name()).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "core/parse_error.h"
#include "pep/marker.h"
#include "pep/specifier.h"

namespace mlstack::pep {

struct Requirement {
  std::string name;                 // as written: "Torch_Audio"
  std::vector<std::string> extras;  // as written, sorted, unique: ["cuda", "dev"]
  SpecifierSet specifier;           // empty when there is none
  std::optional<std::string> url;   // "https://..." after "@"
  std::optional<Marker> marker;     // after ";"

  // requirement = WS? NAME WS? extras? WS? (("@" WS? URL (WS marker?)?) | specifier WS? (";" marker)?)
  static Expected<Requirement, ParseError> parse(std::string_view text);

  // packaging's str(Requirement): 'name[a,b]<2,>=1; python_version >= "3.8"'.
  std::string str() const;
  std::string canonical_name() const;  // PEP 503: "torch-audio"

  // Equal as packaging compares: canonical name and extras, specifier set,
  // url and marker.
  bool operator==(const Requirement& other) const;
};

}  // namespace mlstack::pep

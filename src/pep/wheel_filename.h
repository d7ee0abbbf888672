// SPDX-License-Identifier: MIT
// Distribution filenames: wheels (PEP 427, "name-version(-build)?-tags.whl")
// and sdists ("name-version.tar.gz" / ".zip"), parsed as packaging's
// parse_wheel_filename and parse_sdist_filename do.
//
// Traps: the name is escaped with "_" ("some_PACKAGE" is "some-package");
// the build tag must start with a digit and sorts by (number, rest); the
// tag part is a compressed set ("py2.py3-none-any").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.h"
#include "core/parse_error.h"
#include "pep/tags.h"
#include "pep/version.h"

namespace mlstack::pep {

struct BuildTag {
  uint64_t number = 0;  // "1000abc" -> 1000
  std::string rest;     // "abc"
  auto operator<=>(const BuildTag&) const = default;
};

struct WheelFilename {
  std::string name;  // canonical (PEP 503): "some-package"
  Version version;
  std::optional<BuildTag> build;
  std::vector<Tag> tags;  // the expanded tag set

  static Expected<WheelFilename, ParseError> parse(std::string_view filename, bool validate_order = false);
};

struct SdistFilename {
  std::string name;  // canonical
  Version version;

  static Expected<SdistFilename, ParseError> parse(std::string_view filename);
};

}  // namespace mlstack::pep

// SPDX-License-Identifier: MIT
// Greedy scanners that reproduce how far packaging's specifier regular
// expression reaches into a text, so that the requirement tokenizer and
// Specifier::parse accept exactly the same strings and stop at the same
// byte. Not part of the public API.
#pragma once

#include <cstddef>
#include <string_view>

namespace mlstack::pep::detail {

constexpr std::size_t k_no_match = static_cast<std::size_t>(-1);

struct VersionShape {
  bool wildcard_allowed = false;  // "==" and "!=" accept a trailing ".*" instead of suffixes
  bool local_allowed = false;     // "==" and "!=" accept "+local"
  int min_release_parts = 1;      // "~=" needs two
};

// End of the version text starting at pos (v? epoch? release suffixes...),
// or k_no_match. Letters match case-insensitively (ASCII only).
std::size_t scan_version(std::string_view text, std::size_t pos, VersionShape shape);

// End of one specifier clause (operator, optional whitespace, version)
// starting at pos, or k_no_match: packaging's Specifier regex without the
// surrounding whitespace.
std::size_t match_specifier(std::string_view text, std::size_t pos);

}  // namespace mlstack::pep::detail

// SPDX-License-Identifier: MIT
// SymbolVersion: a version node name such as "GLIBC_2.34", "GLIBCXX_3.4.30"
// or "CXXABI_1.3.13", split into its prefix and numbers so that "the newest
// GLIBC_ a module needs" and "the newest the machine's libc defines" compare
// numerically (2.9 < 2.34). Names without numbers ("GLIBC_PRIVATE") keep an
// empty number list and compare only by equality.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlstack::binary {

struct SymbolVersion {
  std::string prefix;                 // "GLIBC", "GLIBCXX", "CXXABI"
  std::vector<unsigned> numbers;      // {2, 34}
  std::string text;                   // "GLIBC_2.34"

  // Orders by prefix, then numerically; "GLIBC_2.9" < "GLIBC_2.34".
  std::strong_ordering operator<=>(const SymbolVersion& other) const;
  bool operator==(const SymbolVersion& other) const { return text == other.text; }
};

// "GLIBC_2.34" -> {GLIBC, {2,34}}. The prefix is everything before the last
// '_' that is followed by a digit; nullopt when there is no such split.
std::optional<SymbolVersion> parse_symbol_version(std::string_view text);

// The prefixes whose versions mlstack compares against the machine's runtime
// libraries: glibc (GLIBC_), libstdc++ (GLIBCXX_, CXXABI_) and libgcc_s (GCC_).
bool is_toolchain_version(std::string_view prefix);

}  // namespace mlstack::binary

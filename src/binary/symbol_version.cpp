// SPDX-License-Identifier: MIT
#include "binary/symbol_version.h"

#include <charconv>

namespace mlstack::binary {

std::strong_ordering SymbolVersion::operator<=>(const SymbolVersion& other) const {
  if (auto c = prefix <=> other.prefix; c != 0) return c;
  if (auto c = numbers <=> other.numbers; c != 0) return c;
  return text <=> other.text;
}

std::optional<SymbolVersion> parse_symbol_version(std::string_view text) {
  const auto split = text.rfind('_');
  if (split == std::string_view::npos || split == 0 || split + 1 >= text.size()) return std::nullopt;
  SymbolVersion version;
  version.prefix = std::string(text.substr(0, split));
  version.text = std::string(text);
  std::string_view rest = text.substr(split + 1);
  while (!rest.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (ec != std::errc{} || end == rest.data()) return std::nullopt;
    version.numbers.push_back(value);
    rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
    if (rest.empty()) break;
    if (rest.front() != '.' || rest.size() == 1) return std::nullopt;
    rest.remove_prefix(1);
  }
  return version;
}

bool is_toolchain_version(std::string_view prefix) {
  return prefix == "GLIBC" || prefix == "GLIBCXX" || prefix == "CXXABI" || prefix == "GCC";
}

}  // namespace mlstack::binary

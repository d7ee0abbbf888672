// SPDX-License-Identifier: MIT
#include "env/metadata_headers.h"

#include <cstdint>
#include <strings.h>

namespace mlstack::env::detail {

std::vector<Header> scan_headers(std::string_view text, std::size_t* bad_line) {
  std::vector<Header> headers;
  if (bad_line != nullptr) *bad_line = 0;
  std::size_t pos = 0;
  std::size_t line_number = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // the body starts
    if ((line.front() == ' ' || line.front() == '\t')) {
      if (!headers.empty()) {
        std::string_view continued = line;
        while (!continued.empty() && (continued.front() == ' ' || continued.front() == '\t')) continued.remove_prefix(1);
        headers.back().value += '\n';
        headers.back().value += continued;
      }
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      if (bad_line != nullptr && *bad_line == 0) *bad_line = line_number;
      continue;
    }
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    headers.push_back({line.substr(0, colon), std::string(value), line_number});
  }
  return headers;
}

bool looks_binary(std::string_view text) {
  std::size_t i = 0;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  while (i < text.size()) {
    std::uint8_t c = bytes[i];
    if (c == 0) return true;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 4;
    if (extra == 4 || c == 0xC0 || c == 0xC1 || i + extra >= text.size()) return true;
    for (std::size_t k = 1; k <= extra; ++k)
      if ((bytes[i + k] & 0xC0) != 0x80) return true;
    i += extra + 1;
  }
  return false;
}

}  // namespace mlstack::env::detail

// SPDX-License-Identifier: MIT
// Small text helpers shared by the src/pep parsers (not part of the public API).
// Python's regular expressions treat "\s" as Unicode whitespace and
// re.IGNORECASE as ASCII case folding for the patterns packaging uses; these
// helpers reproduce exactly that, byte by byte, without allocating.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mlstack::pep::detail {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Bytes taken by the Python whitespace character starting at text[pos], or 0.
std::size_t space_length(std::string_view text, std::size_t pos);
// Bytes of whitespace ending at text[end) (one character), or 0.
std::size_t space_length_before(std::string_view text, std::size_t end);

// Offsets [begin, end) of text without leading and trailing Python whitespace.
void strip_space(std::string_view text, std::size_t* begin, std::size_t* end);
std::string_view strip_space(std::string_view text);

// Case-insensitive (ASCII) test that text at pos starts with word (lowercase).
inline bool starts_with_ci(std::string_view text, std::size_t pos, std::string_view word) {
  if (text.size() - pos < word.size() || pos > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(text[pos + i]) != word[i]) return false;
  }
  return true;
}

// Parses the ASCII digits at text[pos...) into *value; returns false on
// overflow of uint64. *pos moves past the digits.
bool parse_number(std::string_view text, std::size_t* pos, uint64_t* value);

// Python repr() of a str, as packaging quotes inputs in its messages.
std::string python_repr(std::string_view text);

}  // namespace mlstack::pep::detail

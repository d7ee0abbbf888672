// SPDX-License-Identifier: MIT
#include "pep/detail/text.h"

namespace mlstack::pep::detail {

namespace {

bool is_space_code_point(uint32_t cp) {
  if (cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x1f)) return true;
  if (cp < 0x80) return false;
  return cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

// Decodes one UTF-8 character at pos; returns its length (0 if malformed).
std::size_t decode(std::string_view text, std::size_t pos, uint32_t* cp) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char c = byte(pos);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || pos + len > text.size()) return 0;
  uint32_t value = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (std::size_t i = 1; i < len; ++i) {
    if ((byte(pos + i) & 0xc0) != 0x80) return 0;
    value = (value << 6) | (byte(pos + i) & 0x3f);
  }
  *cp = value;
  return len;
}

}  // namespace

std::size_t space_length(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return 0;
  uint32_t cp = 0;
  std::size_t len = decode(text, pos, &cp);
  return (len != 0 && is_space_code_point(cp)) ? len : 0;
}

std::size_t space_length_before(std::string_view text, std::size_t end) {
  // Whitespace characters are at most 3 bytes long in UTF-8.
  for (std::size_t len = 1; len <= 3 && len <= end; ++len) {
    if (space_length(text, end - len) == len) return len;
  }
  return 0;
}

void strip_space(std::string_view text, std::size_t* begin, std::size_t* end) {
  std::size_t b = 0, e = text.size();
  while (b < e) {
    std::size_t len = space_length(text, b);
    if (len == 0) break;
    b += len;
  }
  while (e > b) {
    std::size_t len = space_length_before(text, e);
    if (len == 0) break;
    e -= len;
  }
  *begin = b;
  *end = e;
}

std::string_view strip_space(std::string_view text) {
  std::size_t b = 0, e = 0;
  strip_space(text, &b, &e);
  return text.substr(b, e - b);
}

bool parse_number(std::string_view text, std::size_t* pos, uint64_t* value) {
  uint64_t result = 0;
  bool ok = true;
  std::size_t i = *pos;
  while (i < text.size() && is_digit(text[i])) {
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (result > (UINT64_MAX - digit) / 10) ok = false;
    result = result * 10 + digit;
    ++i;
  }
  *pos = i;
  *value = result;
  return ok;
}

std::string python_repr(std::string_view text) {
  // Python prefers single quotes unless the text holds one and no double quote.
  bool has_single = text.find('\'') != std::string_view::npos;
  bool has_double = text.find('"') != std::string_view::npos;
  char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  static const char* k_hex = "0123456789abcdef";
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (ch == quote || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += k_hex[c >> 4];
      out += k_hex[c & 0xf];
    } else {
      out += ch;
    }
  }
  out += quote;
  return out;
}

}  // namespace mlstack::pep::detail

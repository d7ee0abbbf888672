// SPDX-License-Identifier: MIT
#include "pep/detail/python_string.h"

#include <cstdint>

namespace mlstack::pep::detail {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xc0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xe0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    *out += static_cast<char>(0xf0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    *out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Reads exactly `digits` hex digits at body[*i...]; false if any is missing.
bool read_hex(std::string_view body, std::size_t* i, int digits, uint32_t* value) {
  uint32_t v = 0;
  for (int k = 0; k < digits; ++k) {
    if (*i >= body.size() || hex_value(body[*i]) < 0) return false;
    v = v * 16 + static_cast<uint32_t>(hex_value(body[*i]));
    ++*i;
  }
  *value = v;
  return true;
}

}  // namespace

bool decode_python_string(std::string_view token, std::string* out) {
  out->clear();
  if (token.size() < 2) return false;
  std::string_view body = token.substr(1, token.size() - 2);
  for (std::size_t i = 0; i < body.size();) {
    char c = body[i];
    // A raw line break ends a single-quoted literal early: a syntax error.
    if (c == '\n' || c == '\r' || c == '\0') return false;
    if (c != '\\') {
      *out += c;
      ++i;
      continue;
    }
    // The closing quote was the one after this backslash: unterminated.
    if (i + 1 >= body.size()) return false;
    char e = body[i + 1];
    i += 2;
    uint32_t value = 0;
    switch (e) {
      case '\n': break;  // line continuation
      case '\r':
        if (i < body.size() && body[i] == '\n') ++i;
        break;
      case '\\': *out += '\\'; break;
      case '\'': *out += '\''; break;
      case '"': *out += '"'; break;
      case 'a': *out += '\a'; break;
      case 'b': *out += '\b'; break;
      case 'f': *out += '\f'; break;
      case 'n': *out += '\n'; break;
      case 'r': *out += '\r'; break;
      case 't': *out += '\t'; break;
      case 'v': *out += '\v'; break;
      case 'x':
        if (!read_hex(body, &i, 2, &value)) return false;
        append_utf8(out, value);
        break;
      case 'u':
        if (!read_hex(body, &i, 4, &value)) return false;
        append_utf8(out, value);
        break;
      case 'U':
        if (!read_hex(body, &i, 8, &value) || value > 0x10ffff) return false;
        append_utf8(out, value);
        break;
      case 'N':
        // Named escapes need the Unicode name table; rejected rather than guessed.
        return false;
      default:
        if (e >= '0' && e <= '7') {
          value = static_cast<uint32_t>(e - '0');
          for (int k = 0; k < 2 && i < body.size() && body[i] >= '0' && body[i] <= '7'; ++k, ++i) {
            value = value * 8 + static_cast<uint32_t>(body[i] - '0');
          }
          append_utf8(out, value);
        } else {
          // Unknown escapes keep their backslash (Python warns, but accepts).
          *out += '\\';
          *out += e;
        }
    }
  }
  return true;
}

}  // namespace mlstack::pep::detail

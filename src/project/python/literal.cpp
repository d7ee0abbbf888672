// SPDX-License-Identifier: MIT
#include "project/python/literal.h"

#include <cstdint>

namespace mlstack::project::python {

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

}  // namespace

bool is_format_string(std::string_view token) {
  for (char c : token) {
    if (c == '\'' || c == '"') return false;
    if ((c | 0x20) == 'f' || (c | 0x20) == 't') return true;
  }
  return false;
}

std::optional<std::string> string_literal_value(std::string_view token) {
  std::size_t quote = token.find_first_of("'\"");
  if (quote == std::string_view::npos || is_format_string(token)) return std::nullopt;
  bool raw = false;
  for (std::size_t i = 0; i < quote; ++i)
    if ((token[i] | 0x20) == 'r') raw = true;
  char q = token[quote];
  bool triple = token.size() >= quote + 6 && token[quote + 1] == q && token[quote + 2] == q;
  std::size_t open = triple ? 3 : 1;
  if (token.size() < quote + 2 * open) return std::nullopt;
  std::string_view body = token.substr(quote + open, token.size() - quote - 2 * open);
  if (token.substr(token.size() - open).find_first_not_of(q) != std::string_view::npos)
    return std::nullopt;  // unterminated

  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char e = body[i + 1];
    if (raw) {  // a raw backslash stays, and protects the next character
      out += c;
      out += e;
      ++i;
      continue;
    }
    ++i;
    switch (e) {
      case '\n': break;
      case '\r': if (i + 1 < body.size() && body[i + 1] == '\n') ++i; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '\\': case '\'': case '"': out += e; break;
      case 'x': case 'u': case 'U': {
        std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        std::uint32_t cp = 0;
        std::size_t k = 0;
        for (; k < digits && i + 1 + k < body.size(); ++k) {
          int d = hex_digit(body[i + 1 + k]);
          if (d < 0) break;
          cp = cp * 16 + static_cast<std::uint32_t>(d);
        }
        if (k != digits) { out += '\\'; out += e; break; }
        i += digits;
        append_utf8(out, cp);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          std::uint32_t cp = static_cast<std::uint32_t>(e - '0');
          for (int k = 0; k < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7'; ++k)
            cp = cp * 8 + static_cast<std::uint32_t>(body[++i] - '0');
          append_utf8(out, cp);
        } else {
          out += '\\';  // unknown escapes (and \N{...}) are kept as written
          out += e;
        }
    }
  }
  return out;
}

}  // namespace mlstack::project::python

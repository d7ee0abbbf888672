// SPDX-License-Identifier: MIT
#include "project/python/tokenizer.h"

#include <array>
#include <cstring>

namespace mlstack::project::python {

namespace {

// Byte classes, built once: identifier bytes (ASCII letters, digits, `_`, and
// every non-ASCII byte, since Python identifiers may be any Unicode letter and
// a UTF-8 sequence never contains an ASCII byte).
enum : std::uint8_t { k_ident_start = 1, k_ident = 2, k_digit = 4, k_space = 8 };

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    std::uint8_t bits = 0;
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    if (letter) bits |= k_ident_start | k_ident;
    if (c >= '0' && c <= '9') bits |= k_ident | k_digit;
    if (c == ' ' || c == '\t' || c == '\f') bits |= k_space;
    table[static_cast<std::size_t>(c)] = bits;
  }
  return table;
}
constexpr std::array<std::uint8_t, 256> k_classes = make_classes();

inline bool has(char c, std::uint8_t bit) {
  return (k_classes[static_cast<unsigned char>(c)] & bit) != 0;
}

// Returns 0 when `word` is not a string prefix, 1 for a plain prefix, 2 for
// an f-string or t-string prefix (whose braces hold expressions).
int prefix_kind(std::string_view word) {
  if (word.empty() || word.size() > 2) return 0;
  bool r = false, b = false, u = false, f = false;
  for (char c : word) {
    switch (c | 0x20) {
      case 'r': if (r) return 0; r = true; break;
      case 'b': if (b) return 0; b = true; break;
      case 'u': if (u) return 0; u = true; break;
      case 'f':
      case 't': if (f) return 0; f = true; break;
      default: return 0;
    }
  }
  if (u && word.size() > 1) return 0;
  if (b && f) return 0;
  return f ? 2 : 1;
}

bool is_raw(std::string_view prefix) {
  for (char c : prefix)
    if ((c | 0x20) == 'r') return true;
  return false;
}

// Length of the operator at `pos` (longest match), 0 when there is none.
// Operators: ( ) [ ] { } : , ; . ~ and + - * / % & | ^ @ < > = ! with their
// two- and three-character forms (** // >> << ** = ... -> := != ==).
std::size_t operator_length(std::string_view s, std::size_t pos) {
  char c = s[pos];
  char n = pos + 1 < s.size() ? s[pos + 1] : '\0';
  char n2 = pos + 2 < s.size() ? s[pos + 2] : '\0';
  switch (c) {
    case '(': case ')': case '[': case ']': case '{': case '}': case ',': case ';': case '~':
      return 1;
    case '.': return (n == '.' && n2 == '.') ? 3 : 1;
    case ':': return n == '=' ? 2 : 1;
    case '-': return (n == '>' || n == '=') ? 2 : 1;
    case '+': case '%': case '&': case '|': case '^': case '@': case '=':
      return n == '=' ? 2 : 1;
    case '!': return n == '=' ? 2 : 1;
    case '*': case '/':
      if (n == c) return n2 == '=' ? 3 : 2;
      return n == '=' ? 2 : 1;
    case '<': case '>':
      if (n == c) return n2 == '=' ? 3 : 2;
      return n == '=' ? 2 : 1;
    default: return 0;
  }
}

// Bytes that can end a run of ordinary string content.
constexpr std::array<bool, 256> make_string_stops() {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>('\\')] = t[static_cast<unsigned char>('\'')] = t[static_cast<unsigned char>('"')] = true;
  t[static_cast<unsigned char>('\n')] = t[static_cast<unsigned char>('\r')] = t[static_cast<unsigned char>('{')] = true;
  return t;
}
constexpr std::array<bool, 256> k_string_stops = make_string_stops();

constexpr int k_max_nesting = 64;  // f-string fields within fields; deeper is rejected

}  // namespace

const char* to_string(TokenKind kind) {
  switch (kind) {
    case TokenKind::Name: return "NAME";
    case TokenKind::Number: return "NUMBER";
    case TokenKind::String: return "STRING";
    case TokenKind::Op: return "OP";
    case TokenKind::Newline: return "NEWLINE";
    case TokenKind::Indent: return "INDENT";
    case TokenKind::Dedent: return "DEDENT";
    case TokenKind::EndOfFile: return "ENDMARKER";
    case TokenKind::Error: return "ERRORTOKEN";
  }
  return "?";
}

Tokenizer::Tokenizer(std::string_view source) : m_source(source) {
  // A UTF-8 byte order mark is not part of the first line's indentation.
  if (m_source.substr(0, 3) == "\xEF\xBB\xBF") m_pos = m_line_start = 3;
}

Token Tokenizer::make(TokenKind kind, std::size_t start, std::size_t end, std::uint32_t line,
                      std::uint32_t column) {
  if (kind == TokenKind::Error) ++m_errors;
  return Token{kind, m_source.substr(start, end - start), line, column};
}

void Tokenizer::count_lines(std::size_t from, std::size_t to) {
  const char* data = m_source.data();
  const char* p = data + from;
  const char* end = data + to;
  // Old Mac line ends (a lone \r) are rare: look for one once, not per line.
  if (!std::memchr(p, '\r', static_cast<std::size_t>(end - p))) {
    while (const void* hit = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
      ++m_line;
      p = static_cast<const char*>(hit) + 1;
      m_line_start = static_cast<std::size_t>(p - data);
    }
    return;
  }
  for (; p < end; ++p) {
    if (*p != '\n' && *p != '\r') continue;
    if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
    ++m_line;
    m_line_start = static_cast<std::size_t>(p + 1 - data);
  }
}

// At the start of a logical line (outside brackets): measure indentation,
// skip blank and comment-only lines, and emit Indent/Dedent when the level
// changes. Returns true with `out` set when a token must be emitted.
bool Tokenizer::at_line_start_indentation(Token& out) {
  const std::size_t size = m_source.size();
  while (true) {
    std::size_t p = m_pos;
    std::uint32_t col = 0;
    while (p < size) {
      char c = m_source[p];
      if (c == ' ') ++col;
      else if (c == '\t') col = (col / 8 + 1) * 8;
      else if (c == '\f') col = 0;
      else break;
      ++p;
    }
    if (p >= size) {
      m_pos = p;
      m_at_line_start = false;
      return false;  // end of file: the caller emits dedents
    }
    char c = m_source[p];
    if (c == '#' || c == '\n' || c == '\r') {
      // Blank or comment-only line: no logical line, no indentation change.
      const void* nl = std::memchr(m_source.data() + p, '\n', size - p);
      std::size_t eol = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - m_source.data()) : size;
      if (c == '\r' && (p + 1 >= size || m_source[p + 1] != '\n')) eol = p;  // old Mac line end
      if (eol >= size) { m_pos = size; m_at_line_start = false; return false; }
      m_pos = eol + 1;
      ++m_line;
      m_line_start = m_pos;
      continue;
    }
    m_pos = p;
    m_at_line_start = false;
    std::uint32_t column = static_cast<std::uint32_t>(p - m_line_start + 1);
    std::uint32_t current = m_indents[m_indent_depth];
    if (col > current) {
      if (m_indent_depth + 1 < std::size(m_indents)) m_indents[++m_indent_depth] = col;
      else ++m_errors;  // deeper than any real file; keep the level unchanged
      out = Token{TokenKind::Indent, m_source.substr(p, 0), m_line, column};
      return true;
    }
    if (col < current) {
      std::uint32_t dedents = 0;
      while (m_indent_depth > 0 && m_indents[m_indent_depth] > col) {
        --m_indent_depth;
        ++dedents;
      }
      if (m_indents[m_indent_depth] != col) ++m_errors;  // "unindent does not match"
      m_pending_dedents = dedents - 1;
      out = Token{TokenKind::Dedent, m_source.substr(p, 0), m_line, column};
      return true;
    }
    return false;
  }
}

Token Tokenizer::next() {
  const std::size_t size = m_source.size();
  if (m_pending_dedents > 0) {
    --m_pending_dedents;
    return Token{TokenKind::Dedent, m_source.substr(m_pos, 0), m_line,
                 static_cast<std::uint32_t>(m_pos - m_line_start + 1)};
  }
  while (true) {
    if (m_at_line_start && m_brackets == 0) {
      Token indentation;
      if (at_line_start_indentation(indentation)) return indentation;
    }
    // Whitespace and line continuations between tokens.
    while (m_pos < size) {
      char c = m_source[m_pos];
      if (has(c, k_space)) {
        ++m_pos;
      } else if (c == '\\' && m_pos + 1 < size && (m_source[m_pos + 1] == '\n' || m_source[m_pos + 1] == '\r')) {
        m_pos += (m_source[m_pos + 1] == '\r' && m_pos + 2 < size && m_source[m_pos + 2] == '\n') ? 3 : 2;
        ++m_line;
        m_line_start = m_pos;
      } else {
        break;
      }
    }
    if (m_pos < size && m_source[m_pos] == '#') {
      const void* nl = std::memchr(m_source.data() + m_pos, '\n', size - m_pos);
      m_pos = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - m_source.data()) : size;
      if (m_pos > 0 && m_pos < size && m_source[m_pos - 1] == '\r') --m_pos;
    }
    if (m_pos >= size) {
      if (m_pending_newline) {
        m_pending_newline = false;
        return Token{TokenKind::Newline, m_source.substr(size, 0), m_line,
                     static_cast<std::uint32_t>(size - m_line_start + 1)};
      }
      if (m_indent_depth > 0) {
        m_pending_dedents = m_indent_depth - 1;
        m_indent_depth = 0;
        return Token{TokenKind::Dedent, m_source.substr(size, 0), m_line, 1};
      }
      m_done = true;
      return Token{TokenKind::EndOfFile, m_source.substr(size, 0), m_line, 1};
    }
    char c = m_source[m_pos];
    if (c == '\n' || c == '\r') {
      std::size_t start = m_pos;
      std::uint32_t column = static_cast<std::uint32_t>(m_pos - m_line_start + 1);
      m_pos += (c == '\r' && m_pos + 1 < size && m_source[m_pos + 1] == '\n') ? 2 : 1;
      std::uint32_t line = m_line++;
      m_line_start = m_pos;
      if (m_brackets > 0) continue;  // implicit line joining
      m_at_line_start = true;
      if (m_pending_newline) {
        m_pending_newline = false;
        return make(TokenKind::Newline, start, m_pos, line, column);
      }
      continue;
    }
    m_pending_newline = true;
    return scan_token();
  }
}

std::size_t Tokenizer::scan_number(std::size_t p) const {
  const std::size_t size = m_source.size();
  bool hex = p + 1 < size && m_source[p] == '0' && (m_source[p + 1] | 0x20) == 'x';
  while (p < size) {
    char c = m_source[p];
    if (has(c, k_ident) && static_cast<unsigned char>(c) < 0x80) {
      ++p;
      if (!hex && (c | 0x20) == 'e' && p < size && (m_source[p] == '+' || m_source[p] == '-')) ++p;
    } else if (c == '.') {
      ++p;
    } else {
      break;
    }
  }
  return p;
}

Token Tokenizer::scan_token() {
  const std::size_t size = m_source.size();
  const std::size_t start = m_pos;
  const std::uint32_t line = m_line;
  const std::uint32_t column = static_cast<std::uint32_t>(start - m_line_start + 1);
  char c = m_source[start];

  if (has(c, k_ident_start)) {
    std::size_t p = start + 1;
    while (p < size && has(m_source[p], k_ident)) ++p;
    if (p < size && (m_source[p] == '\'' || m_source[p] == '"')) {
      int kind = prefix_kind(m_source.substr(start, p - start));
      if (kind != 0) {
        bool ok = true;
        std::size_t end = scan_string(start, p, kind == 2, 0, ok);
        m_pos = end;
        Token token = make(ok ? TokenKind::String : TokenKind::Error, start, end, line, column);
        count_lines(start, end);
        return token;
      }
    }
    m_pos = p;
    return make(TokenKind::Name, start, p, line, column);
  }
  if (has(c, k_digit) || (c == '.' && start + 1 < size && has(m_source[start + 1], k_digit))) {
    m_pos = scan_number(start);
    return make(TokenKind::Number, start, m_pos, line, column);
  }
  if (c == '\'' || c == '"') {
    bool ok = true;
    std::size_t end = scan_string(start, start, false, 0, ok);
    m_pos = end;
    Token token = make(ok ? TokenKind::String : TokenKind::Error, start, end, line, column);
    count_lines(start, end);
    return token;
  }
  std::size_t len = operator_length(m_source, start);
  if (len > 0) {
    if (len == 1) {
      if (c == '(' || c == '[' || c == '{') ++m_brackets;
      else if ((c == ')' || c == ']' || c == '}') && m_brackets > 0) --m_brackets;
    }
    m_pos = start + len;
    return make(TokenKind::Op, start, m_pos, line, column);
  }
  m_pos = start + 1;
  return make(TokenKind::Error, start, m_pos, line, column);
}

// Scans a string literal whose (possibly empty) prefix starts at
// `prefix_start` and whose opening quote is at `quote_pos`. Returns the offset
// just past the closing quote; on an unterminated string clears `ok` and
// returns where scanning stopped (before the offending newline, or the end).
std::size_t Tokenizer::scan_string(std::size_t prefix_start, std::size_t quote_pos, bool is_format,
                                   int depth, bool& ok) {
  const std::size_t size = m_source.size();
  const char quote = m_source[quote_pos];
  const bool triple = quote_pos + 2 < size && m_source[quote_pos + 1] == quote &&
                      m_source[quote_pos + 2] == quote;
  const bool raw = is_raw(m_source.substr(prefix_start, quote_pos - prefix_start));
  std::size_t p = quote_pos + (triple ? 3 : 1);
  const char* data = m_source.data();
  while (p < size) {
    while (p < size && !k_string_stops[static_cast<unsigned char>(data[p])]) ++p;
    if (p >= size) break;
    char c = data[p];
    if (c == '\\') {
      if (p + 1 >= size) break;
      char n = m_source[p + 1];
      if (is_format && n == '{' && raw) { ++p; continue; }  // rf"\{x}": a field follows
      if (is_format && !raw && n == 'N' && p + 2 < size && m_source[p + 2] == '{') {
        // \N{NAME} is an escape, not a replacement field.
        std::size_t close = m_source.find('}', p + 3);
        std::size_t nl = m_source.find_first_of(std::string_view("\n\r", 2), p + 3);
        if (close != std::string_view::npos && close < nl) { p = close + 1; continue; }
      }
      if (n == '\r' && p + 2 < size && m_source[p + 2] == '\n') ++p;
      p += 2;
      continue;
    }
    if (c == quote) {
      if (!triple) return p + 1;
      if (p + 2 < size && m_source[p + 1] == quote && m_source[p + 2] == quote) return p + 3;
      ++p;
      continue;
    }
    if ((c == '\n' || c == '\r') && !triple) {
      ok = false;
      return p;
    }
    if (is_format && c == '{') {
      if (p + 1 < size && m_source[p + 1] == '{') { p += 2; continue; }
      if (depth >= k_max_nesting) { ok = false; return size; }
      p = scan_format_field(p + 1, size, quote, triple, depth + 1, ok);
      if (!ok) return p;
      continue;
    }
    ++p;
  }
  ok = false;
  return size;
}

// Scans one replacement field of an f-string, starting just after its `{`:
// an expression (which may hold strings of any quote, PEP 701), an optional
// `!conversion`, and an optional `:format spec` that may hold nested fields.
// Returns the offset just past the closing `}`.
std::size_t Tokenizer::scan_format_field(std::size_t p, std::size_t end_limit, char quote, bool triple,
                                         int depth, bool& ok) {
  int brackets = 0;
  while (p < end_limit) {
    char c = m_source[p];
    if (has(c, k_ident_start)) {
      std::size_t q = p + 1;
      while (q < end_limit && has(m_source[q], k_ident)) ++q;
      if (q < end_limit && (m_source[q] == '\'' || m_source[q] == '"')) {
        int kind = prefix_kind(m_source.substr(p, q - p));
        if (kind != 0) {
          p = scan_string(p, q, kind == 2, depth, ok);
          if (!ok) return p;
          continue;
        }
      }
      p = q;
      continue;
    }
    switch (c) {
      case '\'':
      case '"':
        p = scan_string(p, p, false, depth, ok);
        if (!ok) return p;
        continue;
      case '#': {  // a comment inside a multi-line field (3.12)
        while (p < end_limit && m_source[p] != '\n' && m_source[p] != '\r') ++p;
        continue;
      }
      case '(': case '[': case '{': ++brackets; break;
      case ')': case ']': if (brackets > 0) --brackets; break;
      case '}':
        if (brackets == 0) return p + 1;
        --brackets;
        break;
      case ':':
        if (brackets == 0) {
          // Format spec: literal text up to the closing `}`, with nested fields.
          ++p;
          while (p < end_limit) {
            char s = m_source[p];
            if (s == '}') return p + 1;
            if (s == '{') {
              if (depth >= k_max_nesting) { ok = false; return end_limit; }
              p = scan_format_field(p + 1, end_limit, quote, triple, depth + 1, ok);
              if (!ok) return p;
              continue;
            }
            if (s == quote || ((s == '\n' || s == '\r') && !triple)) {
              ok = false;  // the string ends inside the field
              return p;
            }
            if (s == '\\' && p + 1 < end_limit) ++p;
            ++p;
          }
          ok = false;
          return end_limit;
        }
        break;
      default: break;
    }
    ++p;
  }
  ok = false;
  return end_limit;
}

}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
#include "pep/detail/cursor.h"

#include "pep/detail/scan.h"
#include "pep/detail/text.h"

namespace mlstack::pep::detail {

namespace {

// Python's \w for the bytes that matter here; bytes of non-ASCII characters
// count as word characters (letters in every input seen in practice).
bool is_word(char c) { return is_alnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }

bool boundary(std::string_view s, std::size_t pos) {
  bool before = pos > 0 && is_word(s[pos - 1]);
  bool after = pos < s.size() && is_word(s[pos]);
  return before != after;
}

// \b word \b
std::size_t match_word(std::string_view s, std::size_t pos, std::string_view word) {
  if (s.substr(pos, word.size()) != word) return 0;
  if (!boundary(s, pos) || !boundary(s, pos + word.size())) return 0;
  return word.size();
}

constexpr std::string_view k_variables[] = {
    "python_version",   "python_full_version",   "os_name",          "os.name",
    "sys_platform",     "sys.platform",          "platform_release", "platform_system",
    "platform_version", "platform.version",      "platform_machine", "platform.machine",
    "platform_python_implementation",            "platform.python_implementation",
    "python_implementation", "implementation_name", "implementation_version",
    "extras",           "extra",                 "dependency_groups",
};

constexpr std::string_view k_ops[] = {"===", "==", "~=", "!=", "<=", ">=", "<", ">"};

std::size_t match(Token token, std::string_view s, std::size_t pos) {
  char c = pos < s.size() ? s[pos] : '\0';
  bool at_end = pos >= s.size();
  switch (token) {
    case Token::LeftParenthesis: return c == '(' ? 1 : 0;
    case Token::RightParenthesis: return c == ')' ? 1 : 0;
    case Token::LeftBracket: return c == '[' ? 1 : 0;
    case Token::RightBracket: return c == ']' ? 1 : 0;
    case Token::Semicolon: return c == ';' ? 1 : 0;
    case Token::Comma: return c == ',' ? 1 : 0;
    case Token::At: return c == '@' ? 1 : 0;
    case Token::QuotedString: {
      if (at_end || (c != '\'' && c != '"')) return 0;
      std::size_t close = s.find(c, pos + 1);
      return close == std::string_view::npos ? 0 : close - pos + 1;
    }
    case Token::Op:
      for (std::string_view op : k_ops) {
        if (s.substr(pos, op.size()) == op) return op.size();
      }
      return 0;
    case Token::BoolOp: return match_word(s, pos, "or") + match_word(s, pos, "and");
    case Token::In: return match_word(s, pos, "in");
    case Token::Not: return match_word(s, pos, "not");
    case Token::Variable:
      for (std::string_view name : k_variables) {
        if (std::size_t n = match_word(s, pos, name)) return n;
      }
      return 0;
    case Token::Specifier: {
      std::size_t end = match_specifier(s, pos);
      return end == k_no_match ? 0 : end - pos;
    }
    case Token::Url: {
      std::size_t p = pos;
      while (p < s.size() && s[p] != ' ' && s[p] != '\t') ++p;
      return p - pos;
    }
    case Token::Identifier: {
      if (at_end || !is_alnum(c) || !boundary(s, pos)) return 0;
      std::size_t end = pos + 1;
      while (end < s.size() && (is_alnum(s[end]) || s[end] == '.' || s[end] == '_' || s[end] == '-')) ++end;
      // The regex backtracks until the match ends on a word boundary.
      while (end > pos + 1 && !boundary(s, end)) --end;
      return boundary(s, end) ? end - pos : 0;
    }
    case Token::VersionPrefixTrail: return s.substr(pos, 2) == ".*" ? 2 : 0;
    case Token::VersionLocalLabelTrail: {
      // \+[a-z0-9]+([-_.][a-z0-9]+)*, lowercase only (no IGNORECASE here).
      auto ok = [&](std::size_t i) { return i < s.size() && (is_digit(s[i]) || (s[i] >= 'a' && s[i] <= 'z')); };
      if (c != '+' || !ok(pos + 1)) return 0;
      std::size_t p = pos + 1;
      while (true) {
        while (ok(p)) ++p;
        if (p < s.size() && (s[p] == '-' || s[p] == '_' || s[p] == '.') && ok(p + 1)) {
          ++p;
          continue;
        }
        return p - pos;
      }
    }
    case Token::Whitespace: {
      std::size_t p = pos;
      while (p < s.size() && (s[p] == ' ' || s[p] == '\t')) ++p;
      return p - pos;
    }
    case Token::End: return 0;
  }
  return 0;
}

}  // namespace

std::string_view token_name(Token token) {
  switch (token) {
    case Token::LeftParenthesis: return "LEFT_PARENTHESIS";
    case Token::RightParenthesis: return "RIGHT_PARENTHESIS";
    case Token::LeftBracket: return "LEFT_BRACKET";
    case Token::RightBracket: return "RIGHT_BRACKET";
    default: return "TOKEN";
  }
}

bool Cursor::check(Token token, std::size_t* length) const {
  if (m_failed) return false;
  if (token == Token::End) {
    if (length) *length = 0;
    return m_position >= m_source.size();
  }
  std::size_t n = match(token, m_source, m_position);
  if (length) *length = n;
  return n > 0;
}

bool Cursor::consume(Token token, std::string_view* text) {
  std::size_t n = 0;
  if (!check(token, &n)) return false;
  if (text) *text = m_source.substr(m_position, n);
  m_position += n;
  return true;
}

bool Cursor::expect(Token token, std::string_view expected, std::string_view* text) {
  if (consume(token, text)) return true;
  if (!m_failed) fail_here("Expected " + std::string(expected));
  return false;
}

void Cursor::fail(std::string message, std::size_t start, std::size_t end) {
  if (m_failed) return;
  m_failed = true;
  m_error = ParseError{std::move(message), start, end > start ? end - start : 0, std::string(m_source)};
}

}  // namespace mlstack::pep::detail

// SPDX-License-Identifier: MIT
#include "project/python/syntax_check.h"

#include <vector>

#include <fmt/format.h>

#include "project/python/tokenizer.h"

namespace mlstack::project::python {

std::optional<SyntaxProblem> first_syntax_problem(std::string_view source) {
  Tokenizer tokenizer(source);
  std::vector<Token> open;  // brackets not yet closed (a stack: memory grows with nesting only)
  for (Token t = tokenizer.next(); t.kind != TokenKind::EndOfFile; t = tokenizer.next()) {
    if (t.kind == TokenKind::Error) {
      bool quote = !t.text.empty() && (t.text.back() == '"' || t.text.back() == '\'' ||
                                       t.text.find_first_of("\"'") != std::string_view::npos);
      std::string what = quote ? "unterminated or malformed string"
                               : fmt::format("`{}` is not Python", t.text.substr(0, 1) == "\\" ? "\\" : t.text.substr(0, 1));
      return SyntaxProblem{t.line, t.column, std::move(what)};
    }
    if (t.kind != TokenKind::Op || t.text.size() != 1) continue;
    char c = t.text[0];
    if (c == '(' || c == '[' || c == '{') {
      open.push_back(t);
    } else if (c == ')' || c == ']' || c == '}') {
      char want = c == ')' ? '(' : c == ']' ? '[' : '{';
      if (open.empty()) return SyntaxProblem{t.line, t.column, fmt::format("unmatched `{}`", c)};
      if (open.back().text[0] != want) {
        return SyntaxProblem{t.line, t.column,
                             fmt::format("`{}` does not match `{}` opened at line {}", c, open.back().text, open.back().line)};
      }
      open.pop_back();
    }
  }
  if (!open.empty()) {
    const Token& t = open.back();
    return SyntaxProblem{t.line, t.column, fmt::format("`{}` is never closed", t.text)};
  }
  return std::nullopt;
}

}  // namespace mlstack::project::python

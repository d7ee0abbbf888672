// SPDX-License-Identifier: MIT
// A Python 3 tokenizer over a string_view, producing one token at a time with
// no allocation per token.
//
// The traps it handles, because each one can make a naive scanner read an
// `import` that is really inside a string or a comment:
//   - string prefixes in any case and order: r, b, u, f, t (3.14), rb, br, fr,
//     rf, tr, rt; a prefix is only a prefix when a quote follows at once
//     (`rb"x"` is a string, `rb = 1` is a name);
//   - triple quotes, which may hold newlines and lone quotes;
//   - backslash escapes, including in raw strings, where `\'` does not end the
//     string even though the backslash is kept;
//   - f-strings, whose replacement fields are Python expressions that may hold
//     further strings: PEP 701 (3.12) lets them reuse the enclosing quote, so
//     `f"{d["key"]}"` is one string; format specs may nest fields
//     (`f"{x:{width}}"`); `{{` and `}}` are literal braces;
//   - line continuations (`\` + newline) and brackets spanning lines, inside
//     which newlines and indentation mean nothing;
//   - INDENT / DEDENT from the indentation of each logical line, with tabs
//     advancing to the next multiple of 8 as CPython does; blank and
//     comment-only lines do not count.
// A string or f-string is always one String token: nothing inside it is ever
// seen as code by callers. Malformed input (an unterminated string, a stray
// character) yields an Error token and scanning goes on.
//
// Why hand-written and not tree-sitter: Debian 12 packages the tree-sitter
// runtime (libtree-sitter0 0.20.7) but no Python grammar, and vendoring one is
// not allowed here, so tree-sitter could not be measured as a candidate at
// all. The scanner needs far less than a syntax tree: the token stream and
// logical lines. This tokenizer is a single forward pass with a byte-class
// table and skips over comments and string bodies: ~400 MB/s of CPU time on
// the 3.11 standard library, and a whole-tree scan within 2x of `cat` of the
// same files and ~200x faster than pyflakes (bench/RESULTS.md, project/python).
// Correctness: every import of the 3.8/3.11/3.12/3.13 standard libraries and
// of ~15,000 third-party files matches CPython's ast (docs/scanner.md).
#pragma once

#include <cstdint>
#include <string_view>

namespace mlstack::project::python {

enum class TokenKind : std::uint8_t {
  Name,       // identifiers and keywords: `import`, `match`, `Größe`
  Number,     // `0x_ff`, `1_000.5e-3j`
  String,     // a whole string literal with its prefix: `rb'\d'`, `f"{x!r:>{w}}"`
  Op,         // operators and delimiters: `(`, `**=`, `:=`, `->`, `.`
  Newline,    // end of a logical line
  Indent,     // the next logical line is indented deeper
  Dedent,     // one per closed indentation level
  EndOfFile,  // after the last Dedent
  Error,      // a character or construct that is not Python (kept going)
};

const char* to_string(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::EndOfFile;
  std::string_view text;     // view into the source; empty for Dedent/EndOfFile
  std::uint32_t line = 1;    // 1-based line of the first byte
  std::uint32_t column = 1;  // 1-based byte column of the first byte

  bool is(TokenKind k, std::string_view t) const { return kind == k && text == t; }
  bool is_name(std::string_view t) const { return is(TokenKind::Name, t); }
  bool is_op(std::string_view t) const { return is(TokenKind::Op, t); }
};

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view source);

  // The next token. After EndOfFile, keeps returning EndOfFile.
  Token next();

  // Number of Error tokens produced so far.
  std::uint32_t error_count() const { return m_errors; }
  std::string_view source() const { return m_source; }
  // Byte offset of a token's first byte within the source.
  std::size_t offset_of(const Token& token) const {
    return static_cast<std::size_t>(token.text.data() - m_source.data());
  }

 private:
  Token make(TokenKind kind, std::size_t start, std::size_t end, std::uint32_t line,
             std::uint32_t column);
  bool at_line_start_indentation(Token& out);
  Token scan_token();
  std::size_t scan_string(std::size_t prefix_start, std::size_t quote_pos, bool is_format,
                          int depth, bool& ok);
  std::size_t scan_format_field(std::size_t pos, std::size_t end_limit, char quote, bool triple,
                                int depth, bool& ok);
  std::size_t scan_number(std::size_t pos) const;
  void count_lines(std::size_t from, std::size_t to);

  std::string_view m_source;
  std::size_t m_pos = 0;
  std::uint32_t m_line = 1;
  std::size_t m_line_start = 0;  // offset of the first byte of the current line
  int m_brackets = 0;
  bool m_at_line_start = true;
  bool m_pending_newline = false;  // a logical line has tokens and awaits its Newline
  std::uint32_t m_pending_dedents = 0;
  std::uint32_t m_indents[128] = {0};  // indentation stack, m_indents[0] == 0
  std::uint32_t m_indent_depth = 0;
  std::uint32_t m_errors = 0;
  bool m_done = false;
};

}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
#include "project/python/statement.h"

#include <optional>

namespace mlstack::project::python {

namespace {

std::optional<BlockKind> keyword_block(std::string_view word) {
  if (word.size() < 2 || word.size() > 7) return std::nullopt;
  switch (word[0]) {
    case 'i': if (word == "if") return BlockKind::If; break;
    case 'e':
      if (word == "elif") return BlockKind::Elif;
      if (word == "else") return BlockKind::Else;
      if (word == "except") return BlockKind::Except;
      break;
    case 'f':
      if (word == "for") return BlockKind::For;
      if (word == "finally") return BlockKind::Finally;
      break;
    case 'w':
      if (word == "while") return BlockKind::While;
      if (word == "with") return BlockKind::With;
      break;
    case 't': if (word == "try") return BlockKind::Try; break;
    case 'd': if (word == "def") return BlockKind::Def; break;
    case 'c': if (word == "class") return BlockKind::Class; break;
    default: break;
  }
  return std::nullopt;
}

bool continues_chain(BlockKind kind) {
  return kind == BlockKind::Elif || kind == BlockKind::Else || kind == BlockKind::Except ||
         kind == BlockKind::Finally;
}

// The character of a one-character operator token, else 0.
char op1(const Token& t) { return t.kind == TokenKind::Op && t.text.size() == 1 ? t.text[0] : '\0'; }

bool opens(const Token& t) {
  char c = op1(t);
  return c == '(' || c == '[' || c == '{';
}
bool closes(const Token& t) {
  char c = op1(t);
  return c == ')' || c == ']' || c == '}';
}

// `match`/`case` are keywords only at the start of a header; after them an
// assignment, attribute, or separator means the word is an ordinary name.
bool soft_keyword_used_as_name(const Token& following) {
  if (following.kind != TokenKind::Op) return false;
  std::string_view t = following.text;
  if (t == "(" || t == "[" || t == "{" || t == "-" || t == "*" || t == "~") return false;
  return true;  // `=`, `.`, `:`, `,`, `+=`, `)`...
}

}  // namespace

const char* to_string(BlockKind kind) {
  switch (kind) {
    case BlockKind::If: return "if";
    case BlockKind::Elif: return "elif";
    case BlockKind::Else: return "else";
    case BlockKind::For: return "for";
    case BlockKind::While: return "while";
    case BlockKind::Try: return "try";
    case BlockKind::Except: return "except";
    case BlockKind::Finally: return "finally";
    case BlockKind::With: return "with";
    case BlockKind::Def: return "def";
    case BlockKind::Class: return "class";
    case BlockKind::Match: return "match";
    case BlockKind::Case: return "case";
  }
  return "?";
}

StatementReader::StatementReader(std::string_view source) : m_tokenizer(source) {
  m_line.reserve(256);
  m_blocks.reserve(32);
}

bool StatementReader::read_line() {
  m_line.clear();
  m_cursor = 0;
  std::uint32_t brackets = 0;  // open here
  std::uint32_t kept = 0;      // of those, the ones in m_line (the outermost)
  while (!m_done) {
    Token token = m_tokenizer.next();
    switch (token.kind) {
      case TokenKind::Indent: ++m_indent; break;
      case TokenKind::Dedent: if (m_indent > 0) --m_indent; break;
      case TokenKind::Newline:
        if (!m_line.empty()) return true;
        break;
      case TokenKind::EndOfFile:
        m_done = true;
        return !m_line.empty();
      default: {
        // Past kMaxLineTokens, what lies inside brackets opened after the
        // limit or open at it is dropped: such a line is a data literal (a
        // 1.5 MB test table is one logical line of 200,000 tokens). Tokens
        // at the top level and the brackets kept so far, with their closing
        // ones, stay, so statements, headers and their colons read the same.
        bool room = m_line.size() < kMaxLineTokens;
        if (opens(token)) {
          if (brackets == kept && (room || brackets == 0)) {
            m_line.push_back(token);
            ++kept;
          }
          ++brackets;
        } else if (closes(token)) {
          if (brackets > 0 && brackets <= kept) {
            m_line.push_back(token);
            --kept;
          } else if (brackets == 0) {
            m_line.push_back(token);  // unbalanced: kept as written
          }
          if (brackets > 0) --brackets;
        } else if (room || brackets == 0) {
          m_line.push_back(token);
        }
        break;
      }
    }
  }
  return false;
}

void StatementReader::open_block(BlockKind kind, std::uint32_t depth, std::uint32_t line,
                                 bool is_async) {
  Block block{kind, depth, m_next_id, m_next_id, line, is_async};
  if (continues_chain(kind) && m_has_recent && m_recent_closed.depth == depth)
    block.chain = m_recent_closed.chain;
  ++m_next_id;
  m_blocks.push_back(block);
}

bool StatementReader::next(Statement& out) {
  while (true) {
    if (m_cursor >= m_line.size()) {
      if (!read_line()) return false;
      m_segment_depth = m_indent;
    }
    if (emit_segment(out)) return true;
  }
}

bool StatementReader::emit_segment(Statement& out) {
  const std::size_t n = m_line.size();
  const std::size_t pos = m_cursor;
  const std::uint32_t depth = m_segment_depth;

  m_has_recent = false;
  while (!m_blocks.empty() && m_blocks.back().depth >= depth) {
    if (m_blocks.back().depth == depth) {
      m_recent_closed = m_blocks.back();
      m_has_recent = true;
    }
    m_blocks.pop_back();
  }

  const Token& first = m_line[pos];
  std::optional<BlockKind> kind;
  std::size_t keyword = pos;
  bool is_async = false;
  if (first.kind == TokenKind::Name) {
    if (first.text == "async" && pos + 1 < n && m_line[pos + 1].kind == TokenKind::Name) {
      kind = keyword_block(m_line[pos + 1].text);
      if (kind && (*kind == BlockKind::Def || *kind == BlockKind::For || *kind == BlockKind::With)) {
        is_async = true;
        keyword = pos + 1;
      } else {
        kind.reset();
      }
    } else if ((first.text == "match" || first.text == "case") && pos + 1 < n &&
               !soft_keyword_used_as_name(m_line[pos + 1])) {
      kind = first.text == "match" ? BlockKind::Match : BlockKind::Case;
    } else {
      kind = keyword_block(first.text);
    }
  }

  if (kind) {
    // The header ends at the first top-level colon that is not a lambda's.
    int brackets = 0;
    int lambdas = 0;
    std::size_t colon = n;
    for (std::size_t i = keyword + 1; i < n; ++i) {
      const Token& t = m_line[i];
      if (opens(t)) ++brackets;
      else if (closes(t)) { if (brackets > 0) --brackets; }
      else if (brackets == 0 && t.is_name("lambda")) ++lambdas;
      else if (brackets == 0 && t.is_op(":")) {
        if (lambdas > 0) { --lambdas; continue; }
        colon = i;
        break;
      }
    }
    bool soft = *kind == BlockKind::Match || *kind == BlockKind::Case;
    if (colon < n && !(soft && *kind == BlockKind::Match && colon + 1 != n)) {
      open_block(*kind, depth, first.line, is_async);
      out.tokens = std::span<const Token>(m_line.data() + pos, colon + 1 - pos);
      out.depth = depth;
      out.is_header = true;
      m_cursor = colon + 1;
      if (m_cursor < n) m_segment_depth = depth + 1;  // inline body: `if x: y`
      return true;
    }
    // No colon: malformed or a soft keyword used as a name; read it as simple.
  }

  int brackets = 0;
  std::size_t end = pos;
  for (; end < n; ++end) {
    switch (op1(m_line[end])) {
      case '(': case '[': case '{': ++brackets; continue;
      case ')': case ']': case '}': if (brackets > 0) --brackets; continue;
      case ';': if (brackets == 0) break; continue;
      default: continue;
    }
    break;
  }
  m_cursor = end < n ? end + 1 : n;
  if (end == pos) return false;  // empty statement (stray `;`)
  out.tokens = std::span<const Token>(m_line.data() + pos, end - pos);
  out.depth = depth;
  out.is_header = false;
  return true;
}

}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
// A light statement reader on top of the tokenizer: logical lines split into
// simple statements (at top-level `;`) and compound-statement headers (up to
// their top-level `:`), each with its block nesting. It is not a parser of
// expressions; it tells a caller "this is `from x import y` at depth 2, inside
// a `def`, inside the body of a `try` whose chain id is 7".
//
// What it gets right because real code needs it:
//   - `if x: import y` puts `import y` inside the `if` block;
//   - `lambda x: x` and `a[1:2]` do not end a header; `:=` is one token;
//   - decorators, `async def/for/with`, and the soft keywords `match` and
//     `case` (headers only when the logical line ends with `:` and the word is
//     not used as a name: `match = re.match(...)` is an assignment);
//   - `elif`/`else`/`except`/`finally` carry the id of the `if`/`try`/`for`/
//     `while` that starts their chain, so a caller can tell an `except
//     ImportError` that guards a `try` body it has already seen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "project/python/tokenizer.h"

namespace mlstack::project::python {

enum class BlockKind : std::uint8_t {
  If, Elif, Else, For, While, Try, Except, Finally, With, Def, Class, Match, Case,
};

const char* to_string(BlockKind kind);

struct Block {
  BlockKind kind = BlockKind::If;
  std::uint32_t depth = 0;  // indentation depth of the header line
  std::uint32_t id = 0;     // 0-based, in order of appearance within the file
  std::uint32_t chain = 0;  // id of the block that starts the chain (`if`, `try`, ...); own id for a head
  std::uint32_t line = 0;
  bool is_async = false;
};

struct Statement {
  // The statement's tokens without its Newline. For a compound header, up to
  // and including the header's colon (then the last entry of blocks() is the
  // block it opens).
  std::span<const Token> tokens;
  std::uint32_t depth = 0;  // block depth (indentation, plus one per inline body)
  bool is_header = false;
};

class StatementReader {
 public:
  // Tokens of one logical line kept in full; beyond them a line keeps its
  // top-level tokens and outermost brackets only (memory stays bounded on
  // files that are data: what is dropped holds no statement).
  static constexpr std::size_t kMaxLineTokens = 1 << 15;

  explicit StatementReader(std::string_view source);

  // Reads the next statement; false at the end of the source.
  bool next(Statement& out);

  // The blocks enclosing the last statement returned, outermost first. For a
  // header, the block it opens comes last.
  std::span<const Block> blocks() const { return m_blocks; }
  // Number of blocks opened so far (block ids are below this).
  std::uint32_t block_count() const { return m_next_id; }
  const Tokenizer& tokenizer() const { return m_tokenizer; }

 private:
  bool read_line();
  bool emit_segment(Statement& out);
  void open_block(BlockKind kind, std::uint32_t depth, std::uint32_t line, bool is_async);

  Tokenizer m_tokenizer;
  std::vector<Token> m_line;  // reused for every logical line
  std::size_t m_cursor = 0;   // next unread token of m_line
  std::uint32_t m_indent = 0;
  std::uint32_t m_segment_depth = 0;
  std::vector<Block> m_blocks;
  Block m_recent_closed{};    // the last block closed, for chaining elif/else/except
  bool m_has_recent = false;
  std::uint32_t m_next_id = 0;
  bool m_done = false;
};

}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
// ParseError: what went wrong and where, as a byte span into the input.
// Rendered as the message, the input, and a caret line under the span:
//
//   expected version after operator
//   torch>=
//          ^
//
// Offsets are bytes; display columns are computed only when rendering so that
// non-ASCII input does not shift the caret. A file reader adds file:line:col.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mlstack {

struct ParseError {
  std::string message;
  std::size_t start = 0;  // byte offset into input
  std::size_t len = 1;    // bytes covered (at least one caret is drawn)
  std::string input;

  // Moves the span onto an enclosing input of which this input was a part,
  // starting at byte `offset` of `outer`.
  ParseError rebased(std::string_view outer, std::size_t offset) const;
};

// "message\ninput\n   ^^^" (no trailing newline).
std::string render(const ParseError& error);

struct LineColumn {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in code points
};

// Line and column of a byte offset within text.
LineColumn line_column(std::string_view text, std::size_t offset);

// Number of code points in a UTF-8 string (invalid bytes count one each).
std::size_t display_width(std::string_view text);

}  // namespace mlstack

// SPDX-License-Identifier: MIT
#include "core/parse_error.h"

#include <algorithm>

namespace mlstack {

ParseError ParseError::rebased(std::string_view outer, std::size_t offset) const {
  return ParseError{message, start + offset, len, std::string(outer)};
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (unsigned char c : text) {
    // Count every byte that does not continue a UTF-8 sequence.
    if ((c & 0xC0) != 0x80) ++width;
  }
  return width;
}

std::string render(const ParseError& error) {
  std::string_view input = error.input;
  // Show only the line that holds the span: inputs may span lines.
  std::size_t start = std::min(error.start, input.size());
  std::size_t line_begin = input.rfind('\n', start == 0 ? 0 : start - 1);
  line_begin = (line_begin == std::string_view::npos || start == 0) ? 0 : line_begin + 1;
  if (start > 0 && input[start - 1] == '\n') line_begin = start;
  std::size_t line_end = input.find('\n', start);
  if (line_end == std::string_view::npos) line_end = input.size();
  std::string_view line = input.substr(line_begin, line_end - line_begin);

  std::size_t pad = display_width(input.substr(line_begin, start - line_begin));
  std::size_t span_end = std::min(start + std::max<std::size_t>(error.len, 1), line_end);
  std::size_t carets = span_end > start ? display_width(input.substr(start, span_end - start)) : 1;
  carets = std::max<std::size_t>(carets, 1);

  std::string out = error.message;
  out += '\n';
  out += line;
  out += '\n';
  out.append(pad, ' ');
  out.append(carets, '^');
  return out;
}

LineColumn line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  LineColumn at;
  std::size_t line_begin = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++at.line;
      line_begin = i + 1;
    }
  }
  at.column = display_width(text.substr(line_begin, offset - line_begin)) + 1;
  return at;
}

}  // namespace mlstack

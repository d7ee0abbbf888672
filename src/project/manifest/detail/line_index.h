// SPDX-License-Identifier: MIT
// LineIndex: byte offset -> 1-based line and column in O(log lines), so a
// reader can stamp every requirement with file:line:col without rescanning
// the file from the start for each one.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/parse_error.h"

namespace mlstack::project::detail {

class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : m_text(text) {
    m_starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') m_starts.push_back(i + 1);
    }
  }

  // Line and column (in code points) of byte `offset`.
  LineColumn at(std::size_t offset) const {
    offset = std::min(offset, m_text.size());
    auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    std::size_t line = static_cast<std::size_t>(it - m_starts.begin());
    std::size_t start = m_starts[line - 1];
    return {line, display_width(m_text.substr(start, offset - start)) + 1};
  }

  // Byte offset where 1-based `line` starts (the end of text past the last line).
  std::size_t line_start(std::size_t line) const {
    if (line == 0) return 0;
    return line <= m_starts.size() ? m_starts[line - 1] : m_text.size();
  }

  std::size_t line_count() const { return m_starts.size(); }

 private:
  std::string_view m_text;
  std::vector<std::size_t> m_starts;
};

}  // namespace mlstack::project::detail

// SPDX-License-Identifier: MIT
#include "report/text_table.h"

#include <algorithm>
#include <numeric>

#include "core/parse_error.h"

namespace mlstack::report {
namespace {

constexpr std::size_t k_gap = 2;         // spaces between columns
constexpr std::size_t k_min_column = 8;  // a narrowed column keeps at least this width

// Where a cell may wrap: before a space (the space is dropped) or after
// punctuation that separates parts of a value (a path's `/`, a specifier
// set's `,`, `;` and `|` of lists). Never inside a name, a version or a
// number: `flash-attn`, `2.3.0+cu121` and `setup.py:12` stay whole.
bool break_after(char c) { return c == '/' || c == ',' || c == ';' || c == '|' || c == '&'; }

bool can_cut(std::string_view text, std::size_t k) {
  return k > 0 && k < text.size() && (text[k] == ' ' || (break_after(text[k - 1]) && text[k - 1] != ' '));
}

// Byte offset just past the first `points` code points of `text`.
std::size_t offset_of_points(std::string_view text, std::size_t points) {
  std::size_t bytes = 0;
  for (std::size_t n = 0; bytes < text.size() && n < points; ++n) {
    ++bytes;
    while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) ++bytes;
  }
  return bytes;
}

// The display width of the widest piece of `text` that no wrap can split.
std::size_t unbreakable_width(std::string_view text) {
  std::size_t widest = 0, start = 0;
  for (std::size_t k = 1; k <= text.size(); ++k) {
    if (k == text.size() || can_cut(text, k)) {
      std::string_view piece = text.substr(start, k - start);
      while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
      widest = std::max(widest, display_width(piece));
      start = k;
    }
  }
  return widest;
}

// Splits text into lines of at most `width` code points at the places
// can_cut allows. A piece wider than `width` (fit() keeps columns at least as
// wide as their widest piece, so only a table wider than any terminal gets
// one) runs over the column rather than being cut mid-token.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string_view rest = text;
  while (display_width(rest) > width) {
    std::size_t limit = offset_of_points(rest, width);
    std::size_t cut = 0;
    for (std::size_t k = limit; k > 0; --k) {
      if (can_cut(rest, k)) {
        cut = k;
        break;
      }
    }
    if (cut == 0) {
      for (std::size_t k = limit + 1; k < rest.size() && cut == 0; ++k)
        if (can_cut(rest, k)) cut = k;
      if (cut == 0) break;
    }
    std::string_view line = rest.substr(0, cut);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    lines.emplace_back(line);
    rest.remove_prefix(cut);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  }
  if (!rest.empty() || lines.empty()) lines.emplace_back(rest);
  return lines;
}

std::vector<std::size_t> natural_widths(const Table& table) {
  std::vector<std::size_t> widths(table.columns.size(), 0);
  for (std::size_t c = 0; c < table.columns.size(); ++c) widths[c] = display_width(table.columns[c].header);
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  }
  return widths;
}

// The narrowest each column may become: its widest unbreakable piece, and
// k_min_column unless it is naturally narrower.
std::vector<std::size_t> floor_widths(const Table& table, const std::vector<std::size_t>& natural) {
  std::vector<std::size_t> floors(table.columns.size(), 0);
  for (std::size_t c = 0; c < table.columns.size(); ++c) floors[c] = unbreakable_width(table.columns[c].header);
  for (const auto& row : table.rows)
    for (std::size_t c = 0; c < row.size() && c < floors.size(); ++c) floors[c] = std::max(floors[c], unbreakable_width(row[c]));
  for (std::size_t c = 0; c < floors.size(); ++c) floors[c] = std::max(floors[c], std::min(natural[c], k_min_column));
  return floors;
}

// Narrows the widest column that can still give, one column at a time, until
// the table fits or no column can give without cutting a token.
void fit(std::vector<std::size_t>& widths, const std::vector<std::size_t>& floors, std::size_t budget) {
  std::size_t total = std::accumulate(widths.begin(), widths.end(), std::size_t{0}) + k_gap * (widths.size() - 1);
  while (total > budget) {
    std::size_t widest = widths.size();
    for (std::size_t c = 0; c < widths.size(); ++c)
      if (widths[c] > floors[c] && (widest == widths.size() || widths[c] > widths[widest])) widest = c;
    if (widest == widths.size()) break;
    --widths[widest];
    --total;
  }
}

void append_padded(std::string& out, const std::string& cell, std::size_t width, Align align) {
  std::size_t pad = width - std::min(width, display_width(cell));
  if (align == Align::Right) out.append(pad, ' ');
  out += cell;
  if (align == Align::Left) out.append(pad, ' ');
}

void append_row(std::string& out, const std::vector<std::string>& cells, const Table& table,
                const std::vector<std::size_t>& widths) {
  std::vector<std::vector<std::string>> wrapped(widths.size());
  std::size_t height = 1;
  for (std::size_t c = 0; c < widths.size(); ++c) {
    wrapped[c] = wrap(c < cells.size() ? cells[c] : std::string(), widths[c]);
    height = std::max(height, wrapped[c].size());
  }
  for (std::size_t line = 0; line < height; ++line) {
    std::string text;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      if (c > 0) text.append(k_gap, ' ');
      const std::string& part = line < wrapped[c].size() ? wrapped[c][line] : std::string();
      append_padded(text, part, widths[c], table.columns[c].align);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text;
    out += '\n';
  }
}

}  // namespace

std::string format_text_table(const Table& table, int width) {
  if (table.columns.empty()) return {};
  std::vector<std::size_t> widths = natural_widths(table);
  fit(widths, floor_widths(table, widths), static_cast<std::size_t>(std::max(width, 20)));
  std::string out;
  std::vector<std::string> headers;
  for (const auto& column : table.columns) headers.push_back(column.header);
  append_row(out, headers, table, widths);
  std::string rule;
  for (std::size_t c = 0; c < widths.size(); ++c) {
    if (c > 0) rule.append(k_gap, ' ');
    rule.append(widths[c], '-');
  }
  out += rule + '\n';
  for (const auto& row : table.rows) append_row(out, row, table, widths);
  return out;
}

std::vector<std::string> wrap_text(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_width = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    std::size_t space = rest.find(' ');
    std::string_view word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (word.empty()) continue;
    std::size_t w = display_width(word);
    if (!line.empty() && line_width + 1 + w > width) {
      lines.push_back(std::move(line));
      line.clear();
      line_width = 0;
    }
    if (!line.empty()) {
      line += ' ';
      ++line_width;
    }
    line += word;
    line_width += w;
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace mlstack::report

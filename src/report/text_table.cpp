// SPDX-License-Identifier: MIT
#include "report/text_table.h"

#include <algorithm>
#include <numeric>

#include "core/parse_error.h"

namespace mlstack::report {
namespace {

constexpr std::size_t k_gap = 2;         // spaces between columns
constexpr std::size_t k_min_column = 8;  // a narrowed column keeps at least this width

// Splits text into lines of at most `width` code points, breaking at spaces
// where possible and inside long words otherwise.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string_view rest = text;
  while (display_width(rest) > width) {
    // Find the byte offset of the width-th code point.
    std::size_t bytes = 0, points = 0;
    while (bytes < rest.size() && points < width) {
      ++bytes;
      while (bytes < rest.size() && (static_cast<unsigned char>(rest[bytes]) & 0xC0) == 0x80) ++bytes;
      ++points;
    }
    std::size_t cut = rest.rfind(' ', bytes);
    if (cut == std::string_view::npos || cut == 0) cut = bytes;
    lines.emplace_back(rest.substr(0, cut));
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

// Narrows the widest column, one column at a time, until the table fits.
void fit(std::vector<std::size_t>& widths, std::size_t budget) {
  auto total = [&] {
    return std::accumulate(widths.begin(), widths.end(), std::size_t{0}) + k_gap * (widths.size() - 1);
  };
  while (total() > budget) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (*widest <= k_min_column) break;
    --*widest;
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
  fit(widths, static_cast<std::size_t>(std::max(width, 20)));
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

}  // namespace mlstack::report

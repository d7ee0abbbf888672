// SPDX-License-Identifier: MIT
// Aligned plain-text tables that fit a terminal width: the widest columns are
// narrowed first and their cells wrapped, so narrow columns (names, versions)
// stay on one line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "report/document.h"

namespace mlstack::report {

std::string format_text_table(const Table& table, int width);

// Prose in lines of at most `width` columns, cut at spaces only: a word
// wider than `width` (a long path) stays whole on a line of its own, so that
// it can be copied.
std::vector<std::string> wrap_text(const std::string& text, std::size_t width);

}  // namespace mlstack::report

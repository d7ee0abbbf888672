// SPDX-License-Identifier: MIT
// Aligned plain-text tables that fit a terminal width: the widest columns are
// narrowed first and their cells wrapped, so narrow columns (names, versions)
// stay on one line.
#pragma once

#include <string>

#include "report/document.h"

namespace mlstack::report {

std::string format_text_table(const Table& table, int width);

}  // namespace mlstack::report

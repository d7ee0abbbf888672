// SPDX-License-Identifier: MIT
// The style sheet and script every HTML report carries inline. The page is
// complete without the script (sections are <details>, links are anchors);
// the script adds sorting and filtering of tables, folding all sections at
// once, a severity filter for findings, and opens the folded sections on the
// way to a linked row.
#pragma once

#include <string_view>

namespace mlstack::report {

extern const std::string_view k_html_style;
extern const std::string_view k_html_script;

}  // namespace mlstack::report

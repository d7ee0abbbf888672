// SPDX-License-Identifier: MIT
// A graph's outline (Graph::outline, depth and text per line) drawn as a tree
// with box-drawing branches, as seed 003 draws a file graph:
//   awq/entry.py
//   ├── awq/quantize/pre_quant.py
//   │   └── awq/utils/calib_data.py
//   └── torch
#pragma once

#include <string>

#include "report/document.h"

namespace mlstack::report {

std::string outline_text(const Graph& graph);

}  // namespace mlstack::report

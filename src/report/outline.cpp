// SPDX-License-Identifier: MIT
#include "report/outline.h"

#include <vector>

namespace mlstack::report {
namespace {

// Whether line i is the last of its siblings: no later line at its depth
// comes before one that is shallower.
bool last_sibling(const std::vector<OutlineLine>& lines, std::size_t i) {
  for (std::size_t j = i + 1; j < lines.size(); ++j) {
    if (lines[j].depth < lines[i].depth) return true;
    if (lines[j].depth == lines[i].depth) return false;
  }
  return true;
}

}  // namespace

std::string outline_text(const Graph& graph) {
  const auto& lines = graph.outline;
  std::string out;
  std::vector<bool> open;  // per depth: an ancestor at that depth has later siblings
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::size_t depth = lines[i].depth;
    bool last = last_sibling(lines, i);
    open.resize(depth + 1);
    for (std::size_t d = 1; d < depth; ++d) out += open[d] ? "│   " : "    ";
    if (depth > 0) out += last ? "└── " : "├── ";
    out += lines[i].text;
    out += '\n';
    open[depth] = !last;
  }
  return out;
}

}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
// The command lines that run Python in one README or shell script, with the
// folder each runs from: `cd` / `pushd` / `popd` earlier in the block or, in
// Markdown, earlier in the same section; in a script, the script's own
// folder through `cd "$(dirname "$0")"` and variables assigned from
// `dirname "$0"` / `BASH_SOURCE` (`python $SCRIPT_DIR/x.py`).
#pragma once

#include <string>
#include <vector>

#include "project/python/analysis.h"

namespace mlstack::project {

// Appends the `python ...` commands of one file (root-relative `file`) to
// `out`. In Markdown only shell code blocks count (the fence rules of
// markdown_fences.h); in scripts every line. `\` continuations are joined.
void commands_in(const std::string& text, const std::string& file, bool markdown,
                 std::vector<python::DocCommand>& out);

}  // namespace mlstack::project

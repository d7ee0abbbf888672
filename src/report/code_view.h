// SPDX-License-Identifier: MIT
// The code part of `mlstack scan`: imports against declarations, feature
// flags, entry graphs, native extension call sites and documented commands,
// added to the scan's Document.
#pragma once

#include <string>

#include "project/code_scan.h"
#include "report/document.h"

namespace mlstack::report {

void add_code_sections(Document& document, const project::CodeScan& code);

// Graphviz DOT of every entry graph (`mlstack scan --format dot`).
std::string code_dot(const project::CodeScan& code);

}  // namespace mlstack::report

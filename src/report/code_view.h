// SPDX-License-Identifier: MIT
// The code part of `mlstack scan`: imports against declarations, feature
// flags, entry graphs, native extension call sites and documented commands,
// added to the scan's Document.
#pragma once

#include <string>

#include "project/code_scan.h"
#include "report/document.h"
#include "report/scan_view.h"

namespace mlstack::report {

// Adds the code's summary line, the sections `options` asks for (imports,
// flags, entries, extensions, commands: see scan_sections()) and the JSON
// payload's `code` (lists of sites and files cut at k_json_list_cap with
// their total, unless options.all).
void add_code_sections(Document& document, const project::CodeScan& code, const ScanViewOptions& options = {});

// Longest list of import sites, entry files or unresolved imports the JSON
// carries per entry without --all; `<list>_total` always gives the full count.
inline constexpr std::size_t k_json_list_cap = 20;

// Graphviz DOT of every entry graph (`mlstack scan --format dot`).
std::string code_dot(const project::CodeScan& code);

}  // namespace mlstack::report

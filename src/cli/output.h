// SPDX-License-Identifier: MIT
// The last step of every verb: render the Document in the chosen format,
// write it, and turn its findings into the exit status.
#pragma once

#include "cli/context.h"
#include "report/document.h"

namespace mlstack::cli {

// Renders and writes `document`; sets context.status: Usage (2) when an input
// error finding exists or the output cannot be written, Findings (1) when a
// finding is at or above --fail-on, else Success. Returns the status.
ExitStatus finish(Context& context, const report::Document& document);

// The folder a project's file origins are relative to, absolute (a manifest's
// own folder when PATH names a file): Document::root, SARIF's %SRCROOT%.
std::string project_root(const std::string& path);

}  // namespace mlstack::cli

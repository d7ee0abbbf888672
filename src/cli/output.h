// SPDX-License-Identifier: MIT
// The last step of every verb: render the Document in the chosen format,
// write it, and turn its findings into the exit status.
#pragma once

#include <string>
#include <string_view>

#include "cli/context.h"
#include "env/system.h"
#include "report/document.h"

namespace mlstack::cli {

// Writes `text` to `path` as one atomic step: into a temporary created
// exclusively (mkstemp: O_CREAT|O_EXCL, so never through a planted symbolic
// link) in the target's own folder, then renamed over the target. A link at
// `path` is replaced, not followed; concurrent writers each succeed (the last
// rename wins); a run killed midway leaves at most a hidden
// `.NAME.mlstack-XXXXXX` that no later run opens. Fails with a message
// naming the file.
bool write_file_atomically(const std::string& path, std::string_view text, std::string* error);

// With --verbose, prints each program `system` starts (an interpreter asked
// for its sys.path, nvidia-smi, nvcc) on stderr before it runs.
void show_commands_run(env::RealSystem& system, const Context& context);

// Renders and writes `document`; sets context.status: Usage (2) when an input
// error finding exists or the output cannot be written, Findings (1) when a
// finding is at or above --fail-on, else Success. Returns the status.
ExitStatus finish(Context& context, const report::Document& document);

// The folder a project's file origins are relative to, absolute (a manifest's
// own folder when PATH names a file): Document::root, SARIF's %SRCROOT%.
std::string project_root(const std::string& path);

}  // namespace mlstack::cli

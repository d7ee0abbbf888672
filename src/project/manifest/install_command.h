// SPDX-License-Identifier: MIT
// Install commands in scripts and README code blocks: which packages a
// command line installs, with which installer and which indexes.
//
//   pip install / pip3 install / pip3.11 install / python -m pip install
//   uv pip install / uv add / poetry add / conda|mamba|micromamba install|create
// Leading `sudo`, `env A=B`, `time`, `then`, `do`, `!` and similar are skipped.
// pip's -r FILE becomes an include, -e X an editable requirement, -i / --index-url,
// --extra-index-url, -f a configured index; options that take a value never
// become package names. Words that kept an unexpandable variable carry a note.
#pragma once

#include <functional>
#include <vector>

#include "project/manifest/declared.h"
#include "project/manifest/shell_lexer.h"

namespace mlstack::project {

// Maps a byte offset of the scanned text to an origin (file, line, column).
using OriginAt = std::function<Origin(std::size_t offset)>;

// If `command` installs packages, adds them (Scope::Install) and its indexes
// to `manifest` and returns true; pip -r files go to manifest.includes.
bool read_install_command(const ShellCommand& command, const OriginAt& origin_at, Manifest& manifest);

}  // namespace mlstack::project

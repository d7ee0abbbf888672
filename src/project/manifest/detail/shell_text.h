// SPDX-License-Identifier: MIT
// Shared by the shell, Dockerfile and Markdown readers (not a public header).
#pragma once

#include <string_view>

#include "project/manifest/declared.h"
#include "project/manifest/detail/line_index.h"
#include "project/manifest/shell_lexer.h"

namespace mlstack::project::detail {

// Lexes shell[begin, end) and adds its install commands to `manifest`, with
// origins computed on `original` (the same length as `shell`) through
// `index`, built once per file: a README of 100,000 code blocks must not
// index the whole file again for each one.
void read_shell_text(const LineIndex& index, std::string_view shell, Manifest& manifest,
                     ShellVariables& variables, std::size_t begin, std::size_t end);

}  // namespace mlstack::project::detail

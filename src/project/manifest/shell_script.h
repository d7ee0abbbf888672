// SPDX-License-Identifier: MIT
// Install commands where people write them: shell scripts, Dockerfiles and
// the code blocks of Markdown documents (README.md, docs/, INSTALL*).
//
// Each is turned into shell text and read with lex_shell, so that variables
// the same file assigns are expanded where they are literal:
//   CUDA_VERSION=12.8
//   TORCH_PACKAGE="torch==2.8.0+cu${CUDA_VERSION//./}"
//   pip install "$TORCH_PACKAGE"          -> torch==2.8.0+cu128
// A Dockerfile's ENV and ARG lines are assignments and its RUN lines
// commands; a Markdown file's fenced blocks tagged bash/sh/shell/console/zsh
// (or untagged) are read in order, with "$ " prompts removed, plus inline
// `pip install ...` spans. Positions stay those of the original file.
#pragma once

#include <string>
#include <string_view>

#include "project/manifest/declared.h"

namespace mlstack::project {

Manifest parse_shell_script(std::string_view text, const std::string& path);
Manifest parse_dockerfile(std::string_view text, const std::string& path);
Manifest parse_markdown(std::string_view text, const std::string& path);

}  // namespace mlstack::project

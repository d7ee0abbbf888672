// SPDX-License-Identifier: MIT
// Finding the files that declare dependencies in a project tree.
//
// A file's role comes from its name and folder: pyproject.toml; other .toml
// files beside one (candidates for alternative stacks, confirmed by parsing);
// any *requirements*.txt|.in, any .txt under a `requirements` folder,
// constraints*.txt; setup.cfg; setup.py; environment*.yml; *.sh; Dockerfiles;
// README*/INSTALL* and Markdown under docs/; uv.lock, poetry.lock, pylock.toml.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"

namespace mlstack::project {

enum class FileRole {
  Pyproject,
  PyprojectCandidate,  // a .toml beside a pyproject.toml: an alternative stack if it parses as one
  Requirements,
  Constraints,
  SetupCfg,
  SetupPy,
  CondaEnvironment,
  ShellScript,
  Dockerfile,
  Markdown,
  Lock,
};

struct DiscoveredFile {
  std::string path;  // relative to the root, '/'-separated
  FileRole role;
  std::uint64_t size = 0;
};

struct Discovery {
  std::vector<DiscoveredFile> files;  // sorted by path
  std::vector<Finding> findings;      // input.symlink-loop, input.symlink-outside, input.special-file, input.unreadable
  std::size_t files_seen = 0;
  std::size_t folders_seen = 0;
};

// The role of a file at root-relative `path`, or nullopt when it declares nothing.
std::optional<FileRole> classify_file(std::string_view path);

// Walks `root` (see project/scan.h for what is skipped). Symbolic links are
// followed only to targets inside the root (others are reported); FIFOs,
// sockets and devices are never opened.
Discovery discover_files(const std::string& root);

// The note for a FIFO, socket or device named like a manifest: skipped.
Finding special_file_note(const std::string& relative, std::string_view kind);

}  // namespace mlstack::project

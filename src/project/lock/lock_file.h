// SPDX-License-Identifier: MIT
// Lock files: uv.lock, poetry.lock and PEP 751 pylock.toml, read into one
// shape. A lock pins every package of a resolved stack, so `mlstack diff` and
// `mlstack check` can compare it like an installed environment.
//
// Traps: uv.lock may hold several versions of one package, each for a fork of
// the marker space (torch 2.7.0 for macOS and 2.7.0+cu128 for Linux); poetry
// records the groups a package belongs to, and its `files` are wheel and sdist
// names, not URLs; a pylock.toml package may have no version (a directory or
// VCS source).
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"

namespace mlstack::project {

enum class LockFormat { Uv, Poetry, Pylock };

const char* to_string(LockFormat format);

struct LockedPackage {
  std::string name;      // as written: "huggingface-hub"
  std::string version;   // as written: "2.7.0+cu128"; empty when the lock has none
  std::string source;    // "registry https://pypi.org/simple", "git https://...", "path ../x", "editable ."
  std::vector<std::string> markers;  // resolution markers of this entry (uv forks); empty: everywhere
  std::vector<std::string> wheels;   // wheel file names: "torch-2.7.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl"
  bool has_sdist = false;
  std::vector<std::string> groups;   // poetry: "main", "dev"
  std::size_t line = 0;              // where the entry starts
};

struct LockFile {
  LockFormat format = LockFormat::Uv;
  std::string path;
  std::string lock_version;     // "1" (uv), "2.1" (poetry), "1.0" (pylock)
  std::string requires_python;  // as written
  std::vector<LockedPackage> packages;
  std::vector<Finding> findings;  // input errors; the packages read before them are kept
};

// True for file names this module reads: uv.lock, poetry.lock, pylock.toml, pylock.*.toml.
bool is_lock_file_name(std::string_view file_name);

// Reads a lock file; the format is chosen by file name. Bad input becomes
// findings (rule input.lock-*) with file and line; never throws.
LockFile read_lock_file(const std::string& path);

// Parses lock text already in memory; `path` is used for origins and to pick the format.
LockFile parse_lock_file(std::string_view text, const std::string& path);

}  // namespace mlstack::project

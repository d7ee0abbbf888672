// SPDX-License-Identifier: MIT
// Loading the knowledge base: the built-in kb/*.toml (embedded at build time)
// and, with `--kb DIR`, a directory whose *.toml files replace the built-in
// files of the same name (torch.toml, cuda.toml, gpu.toml, flash_attn.toml,
// coupling.toml, packages.toml). Bad input never stops the load: a TOML syntax
// error drops that file, a bad row drops that row, and each becomes an
// `input.kb-*` finding naming file:line.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/finding.h"
#include "kb/knowledge_base.h"

namespace mlstack::kb {

struct KbFile {
  std::string name;  // file name, decides its tables: "torch.toml"
  std::string path;  // what findings cite: "torch.toml" (built-in) or "/my/kb/torch.toml"
  std::string text;
};

struct LoadResult {
  KnowledgeBase kb;
  std::vector<Finding> findings;
  std::vector<std::string> files;  // the paths that were read, in order
};

// The file names the loader knows, sorted.
std::span<const std::string_view> known_files();

// Parses and validates `files` (each row: a source; versions, specifiers and
// requirements parse).
LoadResult load(std::span<const KbFile> files);

// The built-in knowledge base.
LoadResult load_embedded();

// Only the named built-in files ("coupling.toml", "torch.toml"): for a verb
// that asks a few questions and should not pay for parsing every table.
LoadResult load_embedded(std::span<const std::string_view> names);

// The built-in knowledge base with the *.toml files of `directory` replacing
// (or adding to) the built-in files. An unreadable directory is an
// `input.kb-dir` finding and leaves the built-in facts in place.
LoadResult load_with_overrides(const std::filesystem::path& directory);

}  // namespace mlstack::kb

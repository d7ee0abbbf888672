// SPDX-License-Identifier: MIT
// The kb/*.toml files as compiled into the binary (the build generates their
// source with scripts/embed_kb.py), so that mlstack needs no data on disk.
#pragma once

#include <span>
#include <string_view>

namespace mlstack::kb {

struct EmbeddedFile {
  std::string_view name;  // "torch.toml"
  std::string_view text;
};

// Sorted by name.
std::span<const EmbeddedFile> embedded_files();

}  // namespace mlstack::kb

// SPDX-License-Identifier: MIT
// The kb/*.toml files as compiled into the binary (the build generates their
// source with scripts/embed_kb.py), so that mlstack needs no data on disk:
// each file's text, and its rows already parsed.
#pragma once

#include <span>
#include <string_view>

#include "kb/detail/kb_document.h"

namespace mlstack::kb {

struct EmbeddedFile {
  std::string_view name;  // "torch.toml"
  std::string_view text;
};

struct EmbeddedDocument {
  std::string_view name;  // "torch.toml"
  detail::KbDocument document;
};

// Sorted by name.
std::span<const EmbeddedFile> embedded_files();

// The same files, parsed by the build; sorted by name.
std::span<const EmbeddedDocument> embedded_documents();

}  // namespace mlstack::kb

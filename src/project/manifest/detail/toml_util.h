// SPDX-License-Identifier: MIT
// toml++ helpers for the pyproject readers: origins from source regions and
// the exact written text of a key = value pair (not a public header).
#pragma once

#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "core/origin.h"
#include "project/manifest/detail/line_index.h"

namespace mlstack::project::detail {

struct TomlDocument {
  std::string_view text;
  LineIndex index;
  std::string path;

  TomlDocument(std::string_view t, std::string p) : text(t), index(t), path(std::move(p)) {}

  Origin origin(const toml::source_position& position, std::string context = {}) const {
    return Origin::file(path, position.line, position.column, std::move(context));
  }
  Origin origin(const toml::node& node, std::string context = {}) const {
    return origin(node.source().begin, std::move(context));
  }

  // Byte offset of a toml++ position (columns count code points, 1-based).
  std::size_t offset(const toml::source_position& position) const {
    std::size_t at = index.line_start(position.line);
    for (std::size_t column = 1; column < position.column && at < text.size() && text[at] != '\n'; ++column) {
      // Step over one UTF-8 code point.
      ++at;
      while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    }
    return at;
  }

  // The text from `begin` up to `end` (exclusive), e.g. a whole `key = value`.
  std::string slice(const toml::source_position& begin, const toml::source_position& end) const {
    std::size_t from = offset(begin);
    std::size_t to = offset(end);
    if (to < from) return {};
    return std::string(text.substr(from, to - from));
  }
};

// A string value, or "" when the node is not a string.
inline std::string string_of(const toml::node* node) {
  if (node == nullptr) return {};
  if (auto value = node->value<std::string>()) return *value;
  return {};
}

}  // namespace mlstack::project::detail

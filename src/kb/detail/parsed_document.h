// SPDX-License-Identifier: MIT
// ParsedDocument: a kb file parsed with toml++ (a --kb directory's file, or
// a test's text) as a KbDocument, its strings copied into one buffer.
// Internal to src/kb.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "kb/detail/kb_document.h"

namespace mlstack::kb::detail {

class ParsedDocument {
 public:
  explicit ParsedDocument(toml::table table);
  // The views point into this object: neither copied nor moved.
  ParsedDocument(const ParsedDocument&) = delete;
  ParsedDocument& operator=(const ParsedDocument&) = delete;

  KbDocument view() const { return {m_strings, m_tables, m_rows, m_fields, m_elements}; }

 private:
  KbValue value_of(const toml::node& node);
  KbText add(std::string_view text);

  std::string m_strings;
  std::vector<KbTable> m_tables;
  std::vector<KbRow> m_rows;
  std::vector<KbField> m_fields;
  std::vector<KbValue> m_elements;
};

}  // namespace mlstack::kb::detail

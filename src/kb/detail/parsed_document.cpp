// SPDX-License-Identifier: MIT
#include "kb/detail/parsed_document.h"

namespace mlstack::kb::detail {

namespace {

std::uint32_t line_of(const toml::node& node) { return static_cast<std::uint32_t>(node.source().begin.line); }
std::uint32_t column_of(const toml::node& node) { return static_cast<std::uint32_t>(node.source().begin.column); }

}  // namespace

KbText ParsedDocument::add(std::string_view text) {
  KbText out{static_cast<std::uint32_t>(m_strings.size()), static_cast<std::uint32_t>(text.size())};
  m_strings.append(text);
  return out;
}

ParsedDocument::ParsedDocument(toml::table table) {
  // toml++'s tables iterate in key order: tables and fields come sorted, as
  // the build sorts the embedded ones.
  for (const auto& [key, node] : table) {
    KbTable out{add(key.str()), line_of(node), column_of(node), node.is_array(), 0, 0};
    if (const toml::array* rows = node.as_array()) {
      out.first = static_cast<std::uint32_t>(m_rows.size());
      for (const toml::node& element : *rows) {
        KbRow row{line_of(element), column_of(element), element.is_table(), 0, 0};
        if (const toml::table* fields = element.as_table()) {
          row.first = static_cast<std::uint32_t>(m_fields.size());
          for (const auto& [name, value] : *fields)
            m_fields.push_back(KbField{add(name.str()), line_of(value), column_of(value), value_of(value)});
          row.count = static_cast<std::uint32_t>(m_fields.size()) - row.first;
        }
        m_rows.push_back(row);
      }
      out.count = static_cast<std::uint32_t>(m_rows.size()) - out.first;
    }
    m_tables.push_back(out);
  }
}

// Every type toml++ reads the node as (value<T>() converts some), so that a
// --kb file is judged as before the build pre-parsed the built-in ones.
KbValue ParsedDocument::value_of(const toml::node& node) {
  KbValue out;
  if (const toml::value<std::string>* text = node.as_string()) {
    out.flags |= KbValue::k_string;
    out.text = add(text->get());
  }
  if (auto integer = node.value<std::int64_t>()) {
    out.flags |= KbValue::k_integer;
    out.integer = *integer;
  }
  if (auto boolean = node.value<bool>()) {
    out.flags |= KbValue::k_boolean;
    out.boolean = *boolean;
  }
  if (const toml::array* array = node.as_array()) {
    out.flags |= KbValue::k_array;
    out.first = static_cast<std::uint32_t>(m_elements.size());
    out.count = static_cast<std::uint32_t>(array->size());
    m_elements.resize(m_elements.size() + array->size());
    // Elements first, then assigned: a nested array appends to m_elements.
    for (std::size_t i = 0; i < array->size(); ++i) {
      KbValue element = value_of((*array)[i]);
      m_elements[out.first + i] = element;
    }
  }
  return out;
}

}  // namespace mlstack::kb::detail

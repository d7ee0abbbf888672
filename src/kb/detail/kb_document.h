// SPDX-License-Identifier: MIT
// KbDocument: a kb file as tables of rows of typed fields, whichever way it
// was read. The built-in files come pre-parsed by the build
// (scripts/embed_kb.py writes these arrays, so no TOML is parsed at run
// time); a --kb directory's files are parsed with toml++ and converted
// (parsed_document.h). RowReader reads rows from either. Internal to src/kb.
//
// Plain aggregates with offsets instead of pointers, strings included (an
// offset and a size into the document's `strings`): the generated arrays
// hold no address, so the loader relocates nothing at start-up and their
// pages are read only when the kb is loaded. (As string_views they took
// 20,000 relocations and ~200 page faults from every command, --version too.)
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace mlstack::kb::detail {

struct KbText {
  std::uint32_t offset = 0, size = 0;  // into KbDocument::strings
};

struct KbValue {
  // What the value can be read as (toml++ reads some values as more than
  // one type; the build's values are exactly one).
  enum Flags : std::uint8_t { k_string = 1, k_integer = 2, k_boolean = 4, k_array = 8 };
  std::uint8_t flags = 0;
  bool boolean = false;
  std::int64_t integer = 0;
  KbText text;  // k_string
  std::uint32_t first = 0, count = 0;  // k_array: the document's elements [first, first + count)

  bool is(Flags flag) const { return (flags & flag) != 0; }
};

struct KbField {
  KbText key;
  std::uint32_t line = 0, column = 0;  // where the value starts
  KbValue value;
};

struct KbRow {
  std::uint32_t line = 0, column = 0;  // its [[table]] header
  bool is_table = true;                 // false: an array element that is not a table
  std::uint32_t first = 0, count = 0;   // the document's fields [first, first + count), sorted by key
};

struct KbTable {
  KbText name;
  std::uint32_t line = 0, column = 0;
  bool is_array = true;                // false: a plain key or [table], which no kb file has
  std::uint32_t first = 0, count = 0;  // the document's rows [first, first + count)
};

struct KbDocument {
  std::string_view strings;         // every key, table name and string value
  std::span<const KbTable> tables;  // sorted by name
  std::span<const KbRow> rows;
  std::span<const KbField> fields;
  std::span<const KbValue> elements;

  std::string_view text(KbText text) const { return strings.substr(text.offset, text.size); }
  std::span<const KbRow> rows_of(const KbTable& table) const { return rows.subspan(table.first, table.count); }
  std::span<const KbField> fields_of(const KbRow& row) const { return fields.subspan(row.first, row.count); }
  std::span<const KbValue> elements_of(const KbValue& array) const {
    return elements.subspan(array.first, array.count);
  }
};

}  // namespace mlstack::kb::detail

// SPDX-License-Identifier: MIT
// RowReader: reads one kb row (a TOML table) field by field, turning every
// missing or malformed field into an `input.kb-row` finding at the field's
// file:line. A row with any error is dropped; the rest of the file goes on.
// Internal to src/kb.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "kb/detail/kb_document.h"
#include "kb/facts.h"

namespace mlstack::kb::detail {

enum class Need { Required, Optional };

class RowReader {
 public:
  RowReader(const KbDocument& document, const KbRow& row, std::string_view file, std::string_view table,
            std::vector<Finding>& findings);

  // The common fields: `source` (required), `confidence` (optional).
  Fact fact(std::string id);

  std::string text(std::string_view key, Need need = Need::Required);
  std::optional<std::string> optional_text(std::string_view key);
  std::vector<std::string> texts(std::string_view key, Need need = Need::Optional);
  std::optional<pep::Version> version(std::string_view key, Need need = Need::Required);
  std::vector<pep::Version> versions(std::string_view key, Need need = Need::Optional);
  std::optional<pep::Requirement> requirement(std::string_view key);
  std::optional<pep::SpecifierSet> specifiers(std::string_view key);
  bool boolean(std::string_view key, bool fallback);
  std::vector<bool> booleans(std::string_view key);
  std::optional<int64_t> integer(std::string_view key, Need need = Need::Required);

  bool ok() const { return m_ok; }
  std::size_t line() const;

  // Records a problem with this row (or one of its fields) and marks it bad.
  void fail(std::string_view key, const std::string& message);

  // Warns (input.kb-field, a warning) about every key the table's reader never
  // asked for: most often a misspelt optional field, which would otherwise be
  // silently ignored.
  void warn_unknown_fields();

 private:
  const KbField* field(std::string_view key) const;
  std::size_t line_of(std::string_view key) const;
  std::size_t column_of(std::string_view key) const;

  const KbDocument& m_document;
  const KbRow& m_row;
  mutable std::vector<std::string_view> m_asked;  // keys the reader looked up
  std::string m_file;
  std::string m_table;
  std::vector<Finding>& m_findings;
  bool m_ok = true;
};

}  // namespace mlstack::kb::detail

// SPDX-License-Identifier: MIT
#include "kb/detail/row_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "kb/virtual_package.h"

namespace mlstack::kb::detail {

RowReader::RowReader(const KbDocument& document, const KbRow& row, std::string_view file, std::string_view table,
                     std::vector<Finding>& findings)
    : m_document(document), m_row(row), m_file(file), m_table(table), m_findings(findings) {}

// A row has a dozen fields at most: a scan beats any index.
const KbField* RowReader::field(std::string_view key) const {
  if (std::find(m_asked.begin(), m_asked.end(), key) == m_asked.end()) m_asked.push_back(key);
  for (const KbField& field : m_document.fields_of(m_row))
    if (m_document.text(field.key) == key) return &field;
  return nullptr;
}

void RowReader::warn_unknown_fields() {
  for (const KbField& field : m_document.fields_of(m_row)) {
    std::string_view key = m_document.text(field.key);
    if (std::find(m_asked.begin(), m_asked.end(), key) != m_asked.end()) continue;
    Finding finding;
    finding.rule = "input.kb-field";
    finding.severity = Severity::Warning;
    finding.message = fmt::format("{}:{}: [[{}]] unknown field `{}` (ignored)", m_file, field.line, m_table, key);
    finding.origins.push_back(Origin::file(m_file, field.line, field.column, m_table));
    m_findings.push_back(std::move(finding));
  }
}

std::size_t RowReader::line() const { return m_row.line; }

std::size_t RowReader::line_of(std::string_view key) const {
  const KbField* found = field(key);
  return found ? found->line : line();
}

std::size_t RowReader::column_of(std::string_view key) const {
  const KbField* found = field(key);
  return found ? found->column : 1;
}

void RowReader::fail(std::string_view key, const std::string& message) {
  m_ok = false;
  Finding finding;
  finding.rule = "input.kb-row";
  finding.severity = Severity::Error;
  finding.message = fmt::format("{}:{}: [[{}]] {}", m_file, line_of(key), m_table, message);
  finding.origins.push_back(Origin::file(m_file, line_of(key), column_of(key), m_table));
  finding.fix = "correct the row, or remove it from the --kb directory to use the built-in facts";
  m_findings.push_back(std::move(finding));
}

Fact RowReader::fact(std::string id) {
  Fact fact;
  fact.id = std::move(id);
  fact.source = text("source");
  if (m_ok && fact.source.find_first_not_of(" \t") == std::string::npos) fail("source", "`source` is empty");
  fact.confidence = optional_text("confidence").value_or("");
  fact.file = m_file;
  fact.line = line();
  return fact;
}

std::string RowReader::text(std::string_view key, Need need) {
  const KbField* found = field(key);
  if (found == nullptr) {
    if (need == Need::Required) fail(key, fmt::format("has no `{}`", key));
    return {};
  }
  if (found->value.is(KbValue::k_string)) return std::string(m_document.text(found->value.text));
  fail(key, fmt::format("`{}` must be a string", key));
  return {};
}

std::optional<std::string> RowReader::optional_text(std::string_view key) {
  if (field(key) == nullptr) return std::nullopt;
  std::string value = text(key, Need::Required);
  if (!m_ok) return std::nullopt;
  return value;
}

std::vector<std::string> RowReader::texts(std::string_view key, Need need) {
  std::vector<std::string> out;
  const KbField* found = field(key);
  if (found == nullptr) {
    if (need == Need::Required) fail(key, fmt::format("has no `{}`", key));
    return out;
  }
  if (!found->value.is(KbValue::k_array)) {
    fail(key, fmt::format("`{}` must be an array of strings", key));
    return out;
  }
  for (const KbValue& element : m_document.elements_of(found->value)) {
    if (!element.is(KbValue::k_string)) {
      fail(key, fmt::format("`{}` must be an array of strings", key));
      return {};
    }
    out.emplace_back(m_document.text(element.text));
  }
  return out;
}

std::optional<pep::Version> RowReader::version(std::string_view key, Need need) {
  if (field(key) == nullptr) {
    if (need == Need::Required) fail(key, fmt::format("has no `{}`", key));
    return std::nullopt;
  }
  std::string value = text(key);
  if (!m_ok) return std::nullopt;
  auto parsed = pep::Version::parse(value);
  if (!parsed) {
    fail(key, fmt::format("`{}` = \"{}\" is not a valid version: {}", key, value, parsed.error().message));
    return std::nullopt;
  }
  return *parsed;
}

std::vector<pep::Version> RowReader::versions(std::string_view key, Need need) {
  std::vector<pep::Version> out;
  for (const std::string& value : texts(key, need)) {
    auto parsed = pep::Version::parse(value);
    if (!parsed) {
      fail(key, fmt::format("`{}` holds \"{}\", which is not a valid version: {}", key, value, parsed.error().message));
      return {};
    }
    out.push_back(*parsed);
  }
  return out;
}

std::optional<pep::Requirement> RowReader::requirement(std::string_view key) {
  std::string value = text(key);
  if (!m_ok) return std::nullopt;
  auto parsed = parse_requirement(value);
  if (!parsed) {
    fail(key, fmt::format("`{}` = \"{}\" is not a valid PEP 508 requirement: {}", key, value, parsed.error().message));
    return std::nullopt;
  }
  return *parsed;
}

std::optional<pep::SpecifierSet> RowReader::specifiers(std::string_view key) {
  std::string value = text(key);
  if (!m_ok) return std::nullopt;
  auto parsed = pep::SpecifierSet::parse(value);
  if (!parsed) {
    fail(key, fmt::format("`{}` = \"{}\" is not a valid version specifier: {}", key, value, parsed.error().message));
    return std::nullopt;
  }
  return *parsed;
}

bool RowReader::boolean(std::string_view key, bool fallback) {
  const KbField* found = field(key);
  if (found == nullptr) return fallback;
  if (found->value.is(KbValue::k_boolean)) return found->value.boolean;
  fail(key, fmt::format("`{}` must be true or false", key));
  return fallback;
}

std::vector<bool> RowReader::booleans(std::string_view key) {
  std::vector<bool> out;
  const KbField* found = field(key);
  if (found == nullptr || !found->value.is(KbValue::k_array)) {
    fail(key, fmt::format("`{}` must be an array of true/false", key));
    return out;
  }
  for (const KbValue& element : m_document.elements_of(found->value)) {
    if (!element.is(KbValue::k_boolean)) {
      fail(key, fmt::format("`{}` must be an array of true/false", key));
      return {};
    }
    out.push_back(element.boolean);
  }
  return out;
}

std::optional<int64_t> RowReader::integer(std::string_view key, Need need) {
  const KbField* found = field(key);
  if (found == nullptr) {
    if (need == Need::Required) fail(key, fmt::format("has no `{}`", key));
    return std::nullopt;
  }
  if (found->value.is(KbValue::k_integer)) return found->value.integer;
  fail(key, fmt::format("`{}` must be an integer", key));
  return std::nullopt;
}

}  // namespace mlstack::kb::detail

// SPDX-License-Identifier: MIT
#include "kb/detail/row_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "kb/virtual_package.h"

namespace mlstack::kb::detail {

RowReader::RowReader(const toml::table& row, std::string_view file, std::string_view table,
                     std::vector<Finding>& findings)
    : m_row(row), m_file(file), m_table(table), m_findings(findings) {}

const toml::node* RowReader::field(std::string_view key) const {
  if (std::find(m_asked.begin(), m_asked.end(), key) == m_asked.end()) m_asked.emplace_back(key);
  return m_row.get(key);
}

void RowReader::warn_unknown_fields() {
  for (const auto& [key, node] : m_row) {
    if (std::find(m_asked.begin(), m_asked.end(), key.str()) != m_asked.end()) continue;
    Finding finding;
    finding.rule = "input.kb-field";
    finding.severity = Severity::Warning;
    finding.message = fmt::format("{}:{}: [[{}]] unknown field `{}` (ignored)", m_file, node.source().begin.line,
                                  m_table, key.str());
    finding.origins.push_back(Origin::file(m_file, node.source().begin.line, node.source().begin.column, m_table));
    m_findings.push_back(std::move(finding));
  }
}

std::size_t RowReader::line() const { return m_row.source().begin.line; }

std::size_t RowReader::line_of(std::string_view key) const {
  const toml::node* node = field(key);
  return node ? node->source().begin.line : line();
}

std::size_t RowReader::column_of(std::string_view key) const {
  const toml::node* node = field(key);
  return node ? node->source().begin.column : 1;
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
  const toml::node* node = field(key);
  if (node == nullptr) {
    if (need == Need::Required) fail(key, fmt::format("has no `{}`", key));
    return {};
  }
  if (auto value = node->value<std::string>()) return *value;
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
  const toml::node* node = field(key);
  if (node == nullptr) {
    if (need == Need::Required) fail(key, fmt::format("has no `{}`", key));
    return out;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    fail(key, fmt::format("`{}` must be an array of strings", key));
    return out;
  }
  for (const auto& element : *array) {
    auto value = element.value<std::string>();
    if (!value) {
      fail(key, fmt::format("`{}` must be an array of strings", key));
      return {};
    }
    out.push_back(*value);
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
  const toml::node* node = field(key);
  if (node == nullptr) return fallback;
  if (auto value = node->value<bool>()) return *value;
  fail(key, fmt::format("`{}` must be true or false", key));
  return fallback;
}

std::vector<bool> RowReader::booleans(std::string_view key) {
  std::vector<bool> out;
  const toml::node* node = field(key);
  const toml::array* array = node ? node->as_array() : nullptr;
  if (array == nullptr) {
    fail(key, fmt::format("`{}` must be an array of true/false", key));
    return out;
  }
  for (const auto& element : *array) {
    auto value = element.value<bool>();
    if (!value) {
      fail(key, fmt::format("`{}` must be an array of true/false", key));
      return {};
    }
    out.push_back(*value);
  }
  return out;
}

std::optional<int64_t> RowReader::integer(std::string_view key, Need need) {
  const toml::node* node = field(key);
  if (node == nullptr) {
    if (need == Need::Required) fail(key, fmt::format("has no `{}`", key));
    return std::nullopt;
  }
  if (auto value = node->value<int64_t>()) return *value;
  fail(key, fmt::format("`{}` must be an integer", key));
  return std::nullopt;
}

}  // namespace mlstack::kb::detail

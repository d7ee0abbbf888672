// SPDX-License-Identifier: MIT
#include "project/manifest/poetry_constraint.h"

#include <charconv>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace mlstack::project {
namespace {

struct Clause {
  std::string op;  // "^", "~", "~=", "==", "=", "!=", "<", "<=", ">", ">=", "" (bare)
  std::string version;
};

bool is_op_char(char c) { return c == '<' || c == '>' || c == '=' || c == '!' || c == '~' || c == '^'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == ','; }

Expected<std::vector<Clause>, std::string> split_clauses(std::string_view text) {
  std::vector<Clause> clauses;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    Clause clause;
    while (i < text.size() && is_op_char(text[i])) clause.op += text[i++];
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    while (i < text.size() && !is_space(text[i]) && !is_op_char(text[i])) clause.version += text[i++];
    if (clause.version == "*" && (clause.op.empty() || clause.op == "==" || clause.op == "=")) continue;  // any
    if (clause.version.empty()) {
      return unexpected(fmt::format("operator `{}` has no version in `{}`", clause.op, text));
    }
    static constexpr std::string_view k_ops[] = {"^", "~", "~=", "==", "=", "!=", "<", "<=", ">", ">=", ""};
    bool known = false;
    for (auto op : k_ops) known = known || op == clause.op;
    if (!known) return unexpected(fmt::format("unknown operator `{}` in `{}`", clause.op, text));
    clauses.push_back(std::move(clause));
  }
  return clauses;
}

// The numeric release parts of a version ("1.2.3rc1" -> {1,2,3}); nullopt
// when it does not start with a number.
std::optional<std::vector<unsigned long long>> release_parts(std::string_view version) {
  std::vector<unsigned long long> parts;
  std::size_t i = 0;
  if (i < version.size() && (version[i] == 'v' || version[i] == 'V')) ++i;
  while (i < version.size()) {
    unsigned long long value = 0;
    auto [end, ec] = std::from_chars(version.data() + i, version.data() + version.size(), value);
    if (ec != std::errc{}) break;
    parts.push_back(value);
    i = static_cast<std::size_t>(end - version.data());
    if (i < version.size() && version[i] == '.' && i + 1 < version.size() && version[i + 1] >= '0' &&
        version[i + 1] <= '9') {
      ++i;
    } else {
      break;
    }
  }
  if (parts.empty()) return std::nullopt;
  return parts;
}

// Bumps part `index`, zeroes the rest, keeps the written precision.
std::string bump(const std::vector<unsigned long long>& parts, std::size_t index) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    unsigned long long value = i < index ? parts[i] : i == index ? parts[i] + 1 : 0;
    if (i > 0) out.push_back('.');
    out.append(std::to_string(value));
  }
  return out;
}

// Expands one clause into PEP 440 clauses (lower, upper) or one clause.
Expected<std::vector<std::pair<std::string, std::string>>, std::string> expand(const Clause& clause) {
  using Result = std::vector<std::pair<std::string, std::string>>;
  if (clause.op == "^" || clause.op == "~") {
    auto parts = release_parts(clause.version);
    if (!parts) return unexpected(fmt::format("`{}{}` has no numeric version", clause.op, clause.version));
    std::size_t index = 0;
    if (clause.op == "^") {
      // poetry-core next_breaking: major when major > 0 or only a major is given,
      // else minor when minor > 0 or no patch is given, else patch.
      const auto& p = *parts;
      if (p[0] > 0 || p.size() == 1) index = 0;
      else if (p[1] > 0 || p.size() == 2) index = 1;
      else index = 2;
    } else {
      index = parts->size() == 1 ? 0 : 1;
    }
    return Result{{">=", clause.version}, {"<", bump(*parts, index)}};
  }
  if (clause.op.empty() || clause.op == "=") return Result{{"==", clause.version}};
  return Result{{clause.op, clause.version}};
}

}  // namespace

Expected<std::string, std::string> poetry_to_pep440(std::string_view constraint) {
  if (constraint.find('|') != std::string_view::npos) {
    return unexpected(fmt::format("`{}` is a union (||), which one PEP 440 specifier cannot express", constraint));
  }
  MLSTACK_TRY(clauses, split_clauses(constraint));
  std::string out;
  for (const auto& clause : clauses) {
    MLSTACK_TRY(expanded, expand(clause));
    for (const auto& [op, version] : expanded) {
      if (!out.empty()) out += ',';
      out += op + version;
    }
  }
  return out;
}

Expected<std::string, std::string> poetry_python_to_marker(std::string_view constraint) {
  if (constraint.find('|') != std::string_view::npos) {
    return unexpected(fmt::format("python constraint `{}` is a union (||), not translated", constraint));
  }
  MLSTACK_TRY(clauses, split_clauses(constraint));
  std::string out;
  for (const auto& clause : clauses) {
    MLSTACK_TRY(expanded, expand(clause));
    for (auto [op, version] : expanded) {
      std::string variable = "python_version";
      if (version.ends_with(".*")) {
        version.resize(version.size() - 2);  // python_version == "3.8" already means 3.8.*
      } else if (auto parts = release_parts(version); parts && parts->size() >= 3) {
        variable = "python_full_version";
      }
      if (!out.empty()) out += " and ";
      out += fmt::format("{} {} \"{}\"", variable, op, version);
    }
  }
  return out;
}

}  // namespace mlstack::project

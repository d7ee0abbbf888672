// SPDX-License-Identifier: MIT
#include "pep/name.h"

#include "pep/detail/text.h"

namespace mlstack::pep {

namespace {

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_separator(char c) { return c == '-' || c == '_' || c == '.'; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string canonicalize_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool in_run = false;
  for (char c : name) {
    if (is_separator(c)) {
      if (!in_run) out += '-';
      in_run = true;
      continue;
    }
    in_run = false;
    out += ascii_lower(c);
  }
  return out;
}

Expected<std::string, ParseError> canonicalize_name_strict(std::string_view name) {
  if (!is_valid_name(name)) {
    return unexpected(ParseError{"name is invalid: " + detail::python_repr(name), 0, name.size(), std::string(name)});
  }
  return canonicalize_name(name);
}

bool is_valid_name(std::string_view name) {
  if (name.empty() || !is_alnum(name.front()) || !is_alnum(name.back())) return false;
  for (char c : name) {
    if (!is_alnum(c) && !is_separator(c)) return false;
  }
  return true;
}

bool is_normalized_name(std::string_view name) {
  if (name.empty() || !is_alnum(name.front()) || !is_alnum(name.back())) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c >= 'A' && c <= 'Z') return false;
    if (c == '-') {
      if (i + 1 < name.size() && name[i + 1] == '-') return false;
    } else if (!is_alnum(c)) {
      return false;
    }
  }
  return true;
}

std::string canonicalize_extra(std::string_view extra) { return canonicalize_name(extra); }

}  // namespace mlstack::pep

// SPDX-License-Identifier: MIT
#include "pep/detail/scan.h"

#include "pep/detail/text.h"

namespace mlstack::pep::detail {

namespace {

bool is_separator(char c) { return c == '-' || c == '_' || c == '.'; }

std::size_t skip_digits(std::string_view s, std::size_t p) {
  while (p < s.size() && is_digit(s[p])) ++p;
  return p;
}

// After a suffix word: [-_.]? [0-9]*, the separator taken greedily.
std::size_t skip_suffix_number(std::string_view s, std::size_t p) {
  if (p < s.size() && is_separator(s[p])) ++p;
  return skip_digits(s, p);
}

// [-_.]? (one of words) [-_.]? [0-9]*; returns pos unchanged if no word.
template <std::size_t N>
std::size_t skip_suffix(std::string_view s, std::size_t pos, const std::string_view (&words)[N]) {
  std::size_t p = pos;
  if (p < s.size() && is_separator(s[p])) ++p;
  for (std::string_view word : words) {
    if (starts_with_ci(s, p, word)) return skip_suffix_number(s, p + word.size());
  }
  return pos;
}

constexpr std::string_view k_pre_words[] = {"alpha", "beta", "preview", "pre", "a", "b", "c", "rc"};
constexpr std::string_view k_post_words[] = {"post", "rev", "r"};
constexpr std::string_view k_dev_words[] = {"dev"};

}  // namespace

std::size_t scan_version(std::string_view s, std::size_t pos, VersionShape shape) {
  std::size_t p = pos;
  if (p < s.size() && lower(s[p]) == 'v') ++p;
  // Epoch: digits then "!", else the digits start the release.
  std::size_t digits_end = skip_digits(s, p);
  if (digits_end > p && digits_end < s.size() && s[digits_end] == '!') p = digits_end + 1;
  std::size_t release_start = p;
  p = skip_digits(s, p);
  if (p == release_start) return k_no_match;
  int parts = 1;
  while (p + 1 < s.size() && s[p] == '.' && is_digit(s[p + 1])) {
    p = skip_digits(s, p + 1);
    ++parts;
  }
  if (parts < shape.min_release_parts) return k_no_match;
  if (shape.wildcard_allowed && p + 1 < s.size() && s[p] == '.' && s[p + 1] == '*') return p + 2;
  p = skip_suffix(s, p, k_pre_words);
  if (p + 1 < s.size() && s[p] == '-' && is_digit(s[p + 1])) {
    p = skip_digits(s, p + 1);
  } else {
    p = skip_suffix(s, p, k_post_words);
  }
  p = skip_suffix(s, p, k_dev_words);
  if (shape.local_allowed && p + 1 < s.size() && s[p] == '+' && is_alnum(s[p + 1])) {
    ++p;
    while (true) {
      while (p < s.size() && is_alnum(s[p])) ++p;
      if (p + 1 < s.size() && is_separator(s[p]) && is_alnum(s[p + 1])) {
        ++p;
        continue;
      }
      break;
    }
  }
  return p;
}

std::size_t match_specifier(std::string_view s, std::size_t pos) {
  auto skip_space = [&](std::size_t p) {
    while (std::size_t len = space_length(s, p)) p += len;
    return p;
  };
  if (s.substr(pos, 3) == "===") {
    std::size_t p = skip_space(pos + 3);
    while (p < s.size() && s[p] != ';' && s[p] != ')' && space_length(s, p) == 0) ++p;
    return p;
  }
  std::string_view two = s.substr(pos, 2);
  if (two == "==" || two == "!=") {
    return scan_version(s, skip_space(pos + 2), {.wildcard_allowed = true, .local_allowed = true});
  }
  if (two == "~=") return scan_version(s, skip_space(pos + 2), {.min_release_parts = 2});
  if (two == "<=" || two == ">=") {
    std::size_t end = scan_version(s, skip_space(pos + 2), {});
    if (end != k_no_match) return end;
    // "<" followed by "=..." never forms a version, so no fallback is needed.
    return k_no_match;
  }
  if (pos < s.size() && (s[pos] == '<' || s[pos] == '>')) return scan_version(s, skip_space(pos + 1), {});
  return k_no_match;
}

}  // namespace mlstack::pep::detail

// SPDX-License-Identifier: MIT
#include "model/units.h"

#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace mlstack::model {

std::string format_bytes(std::uint64_t bytes) {
  constexpr double k_kib = 1024.0;
  if (bytes < 1024) return fmt::format("{} B", bytes);
  double value = static_cast<double>(bytes);
  if (value < k_kib * k_kib) return fmt::format("{:.1f} KiB", value / k_kib);
  if (value < k_kib * k_kib * k_kib) return fmt::format("{:.1f} MiB", value / (k_kib * k_kib));
  if (value < k_kib * k_kib * k_kib * k_kib) return fmt::format("{:.2f} GiB", value / (k_kib * k_kib * k_kib));
  return fmt::format("{:.2f} TiB", value / (k_kib * k_kib * k_kib * k_kib));
}

std::string format_signed_bytes(std::int64_t bytes) {
  if (bytes < 0) return "-" + format_bytes(static_cast<std::uint64_t>(-(bytes + 1)) + 1);
  return format_bytes(static_cast<std::uint64_t>(bytes));
}

std::string format_count(std::uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  std::size_t digits = 0;
  while (digits < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) ++digits;
  if (digits == 0) return std::nullopt;
  double number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + digits, number);
  if (error != std::errc() || end != text.data() + digits) return std::nullopt;
  std::string unit;
  for (char c : text.substr(digits))
    if (!std::isspace(static_cast<unsigned char>(c))) unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  double scale = 0;
  if (unit.empty() || unit == "b") scale = 1;
  else if (unit == "kib") scale = 1024.0;
  else if (unit == "mib") scale = 1024.0 * 1024;
  else if (unit == "gib") scale = 1024.0 * 1024 * 1024;
  else if (unit == "tib") scale = 1024.0 * 1024 * 1024 * 1024;
  else if (unit == "kb") scale = 1e3;
  else if (unit == "mb") scale = 1e6;
  else if (unit == "gb") scale = 1e9;
  else if (unit == "tb") scale = 1e12;
  else return std::nullopt;
  double bytes = std::round(number * scale);
  if (!(bytes > 0) || bytes > 1e18) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

}  // namespace mlstack::model

// SPDX-License-Identifier: MIT
#include "report/json_text.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace mlstack::report {
namespace {

constexpr auto k_replace = nlohmann::json::error_handler_t::replace;

void append_indent(std::string& out, int indent, int level) {
  out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(level), ' ');
}

template <typename Integer>
void append_integer(std::string& out, Integer value) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

// Whether any of the 8 bytes in `word` needs a look: below 0x20, '"', '\\'
// or 0x80 and above (the usual tests for a zero byte, on word ^ c and on
// word - 0x20 in each byte).
bool needs_a_look(std::uint64_t word) {
  constexpr std::uint64_t k_ones = 0x0101010101010101, k_high = 0x8080808080808080;
  std::uint64_t quote = word ^ (k_ones * '"'), backslash = word ^ (k_ones * '\\');
  std::uint64_t below_space = (word - k_ones * 0x20) & ~word;
  std::uint64_t is_quote = (quote - k_ones) & ~quote, is_backslash = (backslash - k_ones) & ~backslash;
  return ((below_space | is_quote | is_backslash | word) & k_high) != 0;
}

// How many leading bytes of `text` are copied as they are (a lower bound:
// the scan goes on byte by byte from there).
std::size_t plain_prefix(std::string_view text) {
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (needs_a_look(word)) break;
  }
  return i;
}

// A quoted, escaped string: ASCII escaped here, anything else by nlohmann.
void append_string(std::string& out, std::string_view text) {
  if (!append_ascii_json_string(out, text)) out += nlohmann::json(std::string(text)).dump(-1, ' ', false, k_replace);
}

template <typename Json>
void append_value(std::string& out, const Json& value, int indent, int level);

template <typename Json>
void append_members(std::string& out, const typename Json::object_t& members, int indent, int level) {
  bool first = true;
  for (const auto& [key, member] : members) {
    if (!first) out.append(",\n", 2);
    first = false;
    append_indent(out, indent, level);
    append_string(out, key);
    out.append(": ", 2);
    append_value(out, member, indent, level);
  }
}

template <typename Json>
void append_object(std::string& out, const Json& value, int indent, int level) {
  const auto& members = value.template get_ref<const typename Json::object_t&>();
  if (members.empty()) {
    out.append("{}", 2);
    return;
  }
  if (indent < 0) {
    out += '{';
    bool first = true;
    for (const auto& [key, member] : members) {
      if (!first) out += ',';
      first = false;
      append_string(out, key);
      out += ':';
      append_value(out, member, indent, level);
    }
    out += '}';
    return;
  }
  out.append("{\n", 2);
  append_members<Json>(out, members, indent, level + 1);
  out += '\n';
  append_indent(out, indent, level);
  out += '}';
}

template <typename Json>
void append_array(std::string& out, const Json& value, int indent, int level) {
  const auto& items = value.template get_ref<const typename Json::array_t&>();
  if (items.empty()) {
    out.append("[]", 2);
    return;
  }
  if (indent < 0) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ',';
      append_value(out, items[i], indent, level);
    }
    out += ']';
    return;
  }
  out.append("[\n", 2);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out.append(",\n", 2);
    append_indent(out, indent, level + 1);
    append_value(out, items[i], indent, level + 1);
  }
  out += '\n';
  append_indent(out, indent, level);
  out += ']';
}

// nlohmann writes a binary value as an object of its bytes and subtype.
template <typename Json>
void append_binary(std::string& out, const Json& value, int indent, int level) {
  const auto& binary = value.get_binary();
  const bool pretty = indent >= 0;
  if (pretty) {
    out.append("{\n", 2);
    append_indent(out, indent, level + 1);
    out += "\"bytes\": [";
  } else {
    out += "{\"bytes\":[";
  }
  for (std::size_t i = 0; i < binary.size(); ++i) {
    if (i) out += pretty ? ", " : ",";
    append_integer(out, binary[i]);
  }
  if (pretty) {
    out.append("],\n", 3);
    append_indent(out, indent, level + 1);
    out += "\"subtype\": ";
  } else {
    out += "],\"subtype\":";
  }
  if (binary.has_subtype()) append_integer(out, binary.subtype());
  else out += "null";
  if (pretty) {
    out += '\n';
    append_indent(out, indent, level);
  }
  out += '}';
}

template <typename Json>
void append_value(std::string& out, const Json& value, int indent, int level) {
  using Type = nlohmann::json::value_t;
  switch (value.type()) {
    case Type::object: append_object(out, value, indent, level); return;
    case Type::array: append_array(out, value, indent, level); return;
    case Type::string: append_string(out, value.template get_ref<const typename Json::string_t&>()); return;
    case Type::boolean: out += value.template get<bool>() ? "true" : "false"; return;
    case Type::number_integer: append_integer(out, value.template get<std::int64_t>()); return;
    case Type::number_unsigned: append_integer(out, value.template get<std::uint64_t>()); return;
    // Shortest round trip, "1.0" for integral values, null for NaN and
    // infinities: nlohmann's own printer.
    case Type::number_float: out += value.dump(); return;
    case Type::binary: append_binary(out, value, indent, level); return;
    case Type::discarded: out += "<discarded>"; return;
    case Type::null: out += "null"; return;
  }
}

}  // namespace

// ASCII is escaped as nlohmann escapes it: \" \\ \b \t \n \f \r, other bytes
// below 0x20 as \u00xx in lowercase hex, 0x7f as it is.
bool append_ascii_json_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out += '"';
  std::size_t copied = 0;
  for (std::size_t i = plain_prefix(text); i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') continue;
    if (c >= 0x80) {
      out.resize(start);
      return false;
    }
    out.append(text.data() + copied, i - copied);
    copied = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        constexpr std::string_view k_hex = "0123456789abcdef";
        const char escaped[] = {'\\', 'u', '0', '0', k_hex[c >> 4], k_hex[c & 0xf]};
        out.append(escaped, sizeof escaped);
      }
    }
  }
  out.append(text.data() + copied, text.size() - copied);
  out += '"';
  return true;
}

void append_json(std::string& out, const nlohmann::json& value, int indent, int level) {
  append_value(out, value, indent, level);
}

void append_json(std::string& out, const nlohmann::ordered_json& value, int indent, int level) {
  append_value(out, value, indent, level);
}

void append_json_members(std::string& out, const nlohmann::json& object, int indent, int level) {
  if (object.is_object() && indent >= 0) append_members<nlohmann::json>(out, object.get_ref<const nlohmann::json::object_t&>(), indent, level);
}

void append_json_members(std::string& out, const nlohmann::ordered_json& object, int indent, int level) {
  if (object.is_object() && indent >= 0) {
    append_members<nlohmann::ordered_json>(out, object.get_ref<const nlohmann::ordered_json::object_t&>(), indent, level);
  }
}

std::string dump_json(const nlohmann::json& value, int indent) {
  std::string out;
  append_json(out, value, indent);
  return out;
}

std::string dump_json(const nlohmann::ordered_json& value, int indent) {
  std::string out;
  append_json(out, value, indent);
  return out;
}

}  // namespace mlstack::report

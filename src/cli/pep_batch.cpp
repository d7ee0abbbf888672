// SPDX-License-Identifier: MIT
// The --jsonl codec of `mlstack pep` (pep_batch.h): a fast path for flat
// lines, pep::answer() for everything else.
#include "cli/pep_batch.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "pep/requirement.h"
#include "pep/specifier.h"
#include "pep/version.h"
#include "report/json_text.h"

namespace mlstack::cli {
namespace {

// One flat JSON object: at most k_max_fields members whose values are
// strings (escapes decoded), null, true or false.
struct FlatObject {
  enum class Type { String, Null, True, False };
  struct Field {
    std::string_view key;
    Type type = Type::Null;
    std::string_view value;  // into the line, or into `decoded`
    std::string decoded;
  };
  static constexpr std::size_t k_max_fields = 8;
  std::array<Field, k_max_fields> fields;
  std::size_t count = 0;

  // The last member named `key` (JSON objects keep the last duplicate).
  const Field* find(std::string_view key) const {
    for (std::size_t i = count; i > 0; --i)
      if (fields[i - 1].key == key) return &fields[i - 1];
    return nullptr;
  }
};

class Cursor {
 public:
  explicit Cursor(std::string_view text) : m_text(text) {}
  void skip_space() {
    while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\t' || m_text[m_at] == '\n' || m_text[m_at] == '\r'))
      ++m_at;
  }
  bool eat(char c) {
    skip_space();
    if (m_at < m_text.size() && m_text[m_at] == c) {
      ++m_at;
      return true;
    }
    return false;
  }
  bool eat_word(std::string_view word) {
    skip_space();
    if (m_text.substr(m_at, word.size()) != word) return false;
    m_at += word.size();
    return true;
  }
  bool at_end() {
    skip_space();
    return m_at == m_text.size();
  }
  char peek() {
    skip_space();
    return m_at < m_text.size() ? m_text[m_at] : '\0';
  }
  // A string of printable ASCII; simple escapes decoded into `decoded` when
  // present. False for \u escapes, control characters, or no closing quote.
  bool string(std::string_view& value, std::string& decoded) {
    if (!eat('"')) return false;
    std::size_t start = m_at;
    bool escaped = false;
    while (m_at < m_text.size()) {
      unsigned char c = static_cast<unsigned char>(m_text[m_at]);
      if (c == '"') break;
      if (c < 0x20 || c >= 0x80) return false;
      if (c == '\\') {
        escaped = true;
        m_at += 2;
        continue;
      }
      ++m_at;
    }
    if (m_at >= m_text.size()) return false;
    std::string_view raw = m_text.substr(start, m_at - start);
    ++m_at;  // the closing quote
    if (!escaped) {
      value = raw;
      return true;
    }
    decoded.clear();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\') {
        decoded += raw[i];
        continue;
      }
      if (++i >= raw.size()) return false;
      switch (raw[i]) {
        case '"': decoded += '"'; break;
        case '\\': decoded += '\\'; break;
        case '/': decoded += '/'; break;
        case 'b': decoded += '\b'; break;
        case 'f': decoded += '\f'; break;
        case 'n': decoded += '\n'; break;
        case 'r': decoded += '\r'; break;
        case 't': decoded += '\t'; break;
        default: return false;  // \uXXXX and invalid escapes: the reference path
      }
    }
    value = decoded;
    return true;
  }

 private:
  std::string_view m_text;
  std::size_t m_at = 0;
};

bool parse_flat(std::string_view line, FlatObject& object) {
  Cursor cursor(line);
  object.count = 0;
  if (!cursor.eat('{')) return false;
  if (cursor.eat('}')) return cursor.at_end();
  while (true) {
    if (object.count == FlatObject::k_max_fields) return false;
    FlatObject::Field& field = object.fields[object.count];
    std::string key_scratch;
    if (!cursor.string(field.key, key_scratch) || !key_scratch.empty()) return false;  // escaped keys: reference path
    if (!cursor.eat(':')) return false;
    char next = cursor.peek();
    if (next == '"') {
      if (!cursor.string(field.value, field.decoded)) return false;
      field.type = FlatObject::Type::String;
    } else if (cursor.eat_word("null")) {
      field.type = FlatObject::Type::Null;
    } else if (cursor.eat_word("true")) {
      field.type = FlatObject::Type::True;
    } else if (cursor.eat_word("false")) {
      field.type = FlatObject::Type::False;
    } else {
      return false;  // numbers, arrays, objects
    }
    ++object.count;
    if (cursor.eat(',')) continue;
    if (cursor.eat('}')) return cursor.at_end();
    return false;
  }
}

// A string as nlohmann::json::dump writes it (ensure_ascii off). False for
// non-ASCII text, which the reference path writes (and validates).
bool append_string(std::string& out, std::string_view text) { return report::append_ascii_json_string(out, text); }

void append_number(std::string& out, std::uint64_t value) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_optional(std::string& out, std::optional<std::uint64_t> value) {
  if (value) append_number(out, *value);
  else out += "null";
}

const std::string_view* text(const FlatObject& object, std::string_view key) {
  const FlatObject::Field* field = object.find(key);
  return field && field->type == FlatObject::Type::String ? &field->value : nullptr;
}

// null or absent: nullopt; true/false; anything else: the reference path says why.
bool tristate(const FlatObject& object, std::string_view key, std::optional<bool>& value) {
  const FlatObject::Field* field = object.find(key);
  if (field == nullptr || field->type == FlatObject::Type::Null) {
    value.reset();
    return true;
  }
  if (field->type == FlatObject::Type::String) return false;
  value = field->type == FlatObject::Type::True;
  return true;
}

bool fast_version(const FlatObject& object, std::string& out) {
  const std::string_view* input = text(object, "version");
  if (!input) return false;
  auto v = pep::Version::parse(*input);
  if (!v) return false;
  out += "{\"normalized\":";
  if (!append_string(out, v->str())) return false;
  out += ",\"epoch\":";
  append_number(out, v->epoch());
  out += ",\"release\":[";
  bool first = true;
  for (std::uint64_t part : v->release()) {
    if (!first) out += ',';
    first = false;
    append_number(out, part);
  }
  out += "],\"pre\":";
  if (auto pre = v->pre()) {
    out += "[\"";
    out += pep::to_string(pre->first);
    out += "\",";
    append_number(out, pre->second);
    out += ']';
  } else {
    out += "null";
  }
  out += ",\"post\":";
  append_optional(out, v->post());
  out += ",\"dev\":";
  append_optional(out, v->dev());
  out += ",\"local\":";
  if (v->has_local()) {
    if (!append_string(out, v->local_view())) return false;
  } else {
    out += "null";
  }
  out += ",\"is_prerelease\":";
  out += v->is_prerelease() ? "true" : "false";
  out += '}';
  return true;
}

bool fast_compare(const FlatObject& object, std::string& out) {
  const std::string_view* a = text(object, "a");
  const std::string_view* b = text(object, "b");
  if (!a || !b) return false;
  auto va = pep::Version::parse(*a);
  if (!va) return false;
  auto vb = pep::Version::parse(*b);
  if (!vb) return false;
  auto order = *va <=> *vb;
  out += order < 0 ? "{\"cmp\":-1}" : order > 0 ? "{\"cmp\":1}" : "{\"cmp\":0}";
  return true;
}

bool fast_specifier(const FlatObject& object, std::string& out) {
  const std::string_view* spec = text(object, "specifier");
  const std::string_view* version = text(object, "version");
  std::optional<bool> prereleases, installed;
  if (!spec || !version || !tristate(object, "prereleases", prereleases) || !tristate(object, "installed", installed))
    return false;
  auto set = pep::SpecifierSet::parse(*spec);
  if (!set) return false;
  out += set->contains(*version, prereleases, installed) ? "{\"contains\":true}" : "{\"contains\":false}";
  return true;
}

bool fast_requirement(const FlatObject& object, std::string& out) {
  const std::string_view* input = text(object, "requirement");
  if (!input) return false;
  auto req = pep::Requirement::parse(*input);
  if (!req) return false;
  out += "{\"name\":";
  if (!append_string(out, req->name)) return false;
  out += ",\"extras\":[";
  for (std::size_t i = 0; i < req->extras.size(); ++i) {
    if (i > 0) out += ',';
    if (!append_string(out, req->extras[i])) return false;
  }
  out += "],\"specifier\":";
  if (!append_string(out, req->specifier.str())) return false;
  out += ",\"url\":";
  if (req->url) {
    if (!append_string(out, *req->url)) return false;
  } else {
    out += "null";
  }
  out += ",\"marker\":";
  if (req->marker) {
    if (!append_string(out, req->marker->str())) return false;
  } else {
    out += "null";
  }
  out += '}';
  return true;
}

bool fast_marker(const FlatObject& object, const pep::MarkerEnvironment& defaults, std::string& out) {
  const std::string_view* input = text(object, "marker");
  if (!input) return false;
  // A given environment is an object: the reference path merges it.
  if (const FlatObject::Field* env = object.find("environment"); env && env->type != FlatObject::Type::Null) return false;
  auto marker = pep::Marker::parse(*input);
  if (!marker) return false;
  auto result = marker->evaluate_checked(defaults);
  if (!result) return false;
  out += *result ? "{\"result\":true}" : "{\"result\":false}";
  return true;
}

}  // namespace

bool answer_line_fast(pep::QueryKind kind, std::string_view line, const pep::MarkerEnvironment& defaults,
                      std::string& out) {
  if (kind == pep::QueryKind::Wheel) return false;
  thread_local FlatObject object;
  if (!parse_flat(line, object)) return false;
  const std::size_t mark = out.size();
  bool ok = false;
  switch (kind) {
    case pep::QueryKind::Version: ok = fast_version(object, out); break;
    case pep::QueryKind::Compare: ok = fast_compare(object, out); break;
    case pep::QueryKind::Specifier: ok = fast_specifier(object, out); break;
    case pep::QueryKind::Requirement: ok = fast_requirement(object, out); break;
    case pep::QueryKind::Marker: ok = fast_marker(object, defaults, out); break;
    case pep::QueryKind::Wheel: break;
  }
  if (!ok) {
    out.resize(mark);
    return false;
  }
  out += '\n';
  return true;
}

void answer_line_reference(pep::QueryKind kind, std::string_view line, const pep::MarkerEnvironment& defaults,
                           std::string& out) {
  nlohmann::ordered_json result;
  nlohmann::json input = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (input.is_discarded()) {
    result = {{"error", "invalid JSON"}};
  } else {
    pep::QueryAnswer answer = pep::answer(kind, input, defaults);
    result = answer.error ? nlohmann::ordered_json{{"error", answer.error->message}} : answer.result;
  }
  out += result.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  out += '\n';
}

void answer_line(pep::QueryKind kind, std::string_view line, const pep::MarkerEnvironment& defaults, std::string& out) {
  if (!answer_line_fast(kind, line, defaults, out)) answer_line_reference(kind, line, defaults, out);
}

}  // namespace mlstack::cli

// SPDX-License-Identifier: MIT
#include "report/sanitize.h"

#include <optional>

#include <fmt/format.h>

namespace mlstack::report {
namespace {

bool ends_authority(char c) {
  return c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' ||
         c == '\'' || c == '<' || c == '>' || c == '`' || c == ')' || c == ']' || c == '\\' || c == ',';
}

// Length of the valid UTF-8 sequence at text[i], or 0.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;                                   // overlong
  if (n == 3 && c == 0xE0 && byte(i + 1) < 0xA0) return 0;            // overlong
  if (n == 3 && c == 0xED && byte(i + 1) >= 0xA0) return 0;           // surrogate
  if (n == 4 && (c > 0xF4 || (c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) >= 0x90))) return 0;
  return n;
}

std::string safe(std::string_view text, bool multiline) { return escape_controls(mask_url_credentials(text), multiline); }

void make_safe(Block& block) {
  if (auto* p = std::get_if<Paragraph>(&block)) {
    p->text = safe(p->text, true);
  } else if (auto* b = std::get_if<Bullets>(&block)) {
    for (auto& item : b->items) item = safe(item, false);
  } else if (auto* kv = std::get_if<KeyValues>(&block)) {
    for (auto& [key, value] : kv->items) {
      key = safe(key, false);
      value = safe(value, false);
    }
  } else if (auto* t = std::get_if<Table>(&block)) {
    for (auto& column : t->columns) column.header = safe(column.header, false);
    for (auto& row : t->rows)
      for (auto& cell : row) cell = safe(cell, false);
  } else if (auto* c = std::get_if<CodeBlock>(&block)) {
    c->language = safe(c->language, false);
    c->text = safe(c->text, true);
  }
}

void make_safe(Section& section) {
  section.title = safe(section.title, false);
  for (auto& block : section.blocks) make_safe(block);
  for (auto& sub : section.subsections) make_safe(sub);
}

}  // namespace

namespace {

// The masked text, or nullopt when no URL in it carries credentials.
std::optional<std::string> masked_copy(std::string_view text) {
  std::string out;
  std::size_t done = 0;
  for (std::size_t scheme = text.find("://"); scheme != std::string_view::npos; scheme = text.find("://", scheme + 3)) {
    std::size_t start = scheme + 3;
    std::size_t end = start;
    while (end < text.size() && !ends_authority(text[end])) ++end;
    // The last '@' of this authority only: a search back through the whole
    // text made a JSON document with thousands of URLs quadratic.
    std::size_t in_authority = text.substr(start, end - start).rfind('@');
    if (in_authority == std::string_view::npos) continue;
    std::size_t at = start + in_authority;
    std::string_view userinfo = text.substr(start, at - start);
    if (userinfo.empty()) continue;
    std::size_t colon = userinfo.find(':');
    std::string masked;
    if (colon != std::string_view::npos) {
      masked = std::string(userinfo.substr(0, colon)) + ":****";
    } else if (userinfo == "git") {
      continue;  // git@host: the conventional ssh user, not a secret
    } else {
      masked = "****";
    }
    out.append(text.substr(done, start - done));
    out += masked;
    done = at;
  }
  if (done == 0) return std::nullopt;
  out.append(text.substr(done));
  return out;
}

}  // namespace

std::string mask_url_credentials(std::string_view text) {
  std::optional<std::string> masked = masked_copy(text);
  return masked ? std::move(*masked) : std::string(text);
}

std::string mask_url_credentials_in(std::string&& text) {
  std::optional<std::string> masked = masked_copy(text);
  return masked ? std::move(*masked) : std::move(text);
}

std::string escape_controls(std::string_view text, bool multiline) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\t' || (c == '\n' && multiline)) {
      out += static_cast<char>(c);
      ++i;
    } else if (c == '\n') {
      out += "\\n";
      ++i;
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else if (std::size_t n = utf8_length(text, i); n == 0) {
      out += fmt::format("\\x{:02x}", c);
      ++i;
    } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1]));  // a C1 control: U+0080..U+009F
      i += 2;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

Document terminal_safe(const Document& document) {
  // Every field but `data` (not rendered as text): layout, summary, footer
  // and row anchors shape the output as much as the strings do.
  Document out;
  out.command = document.command;
  out.title = safe(document.title, false);
  out.summary = document.summary;
  out.sections = document.sections;
  out.findings = document.findings;
  // How findings are laid out and linked is not text: copied as is.
  out.findings_layout = document.findings_layout;
  out.footer = safe(document.footer, false);
  out.root = document.root;
  out.finding_rows = document.finding_rows;
  out.findings_in_sections = document.findings_in_sections;
  for (auto& block : out.summary) make_safe(block);
  for (auto& section : out.sections) make_safe(section);
  for (auto& f : out.findings) {
    f.message = safe(f.message, false);
    f.fix = safe(f.fix, false);
    f.detail = safe(f.detail, true);
    for (auto& note : f.notes) note = safe(note, false);
    for (auto& origin : f.origins) {
      origin.path = safe(origin.path, false);
      origin.context = safe(origin.context, false);
      origin.source = safe(origin.source, false);
    }
  }
  return out;
}

}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
// Plain text for terminals: headings, aligned tables, findings in the
// `severity[rule]: message` / `--> origin` shape that compilers and ruff use.
#include <fmt/format.h>

#include "report/document.h"
#include "report/sanitize.h"
#include "report/text_table.h"

namespace mlstack::report {
namespace {

struct Ansi {
  bool on;
  std::string wrap(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

const char* severity_color(Severity severity) {
  switch (severity) {
    case Severity::Error: return "1;31";
    case Severity::Warning: return "1;33";
    case Severity::Info: return "1;36";
  }
  return "1";
}

void render_block(std::string& out, const Block& block, const TextStyle& style) {
  if (const auto* p = std::get_if<Paragraph>(&block)) {
    out += p->text + "\n";
  } else if (const auto* b = std::get_if<Bullets>(&block)) {
    for (const auto& item : b->items) out += "  - " + item + "\n";
  } else if (const auto* kv = std::get_if<KeyValues>(&block)) {
    std::size_t key_width = 0;
    for (const auto& [key, value] : kv->items) key_width = std::max(key_width, key.size());
    for (const auto& [key, value] : kv->items) {
      out += fmt::format("  {:<{}}  {}\n", key, key_width, value);
    }
  } else if (const auto* t = std::get_if<Table>(&block)) {
    out += format_text_table(*t, style.width);
  } else if (const auto* c = std::get_if<CodeBlock>(&block)) {
    std::string_view text = c->text;
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      out += "    ";
      out += text.substr(0, end);
      out += '\n';
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
  }
}

void render_section(std::string& out, const Section& section, const TextStyle& style, int depth) {
  Ansi ansi{style.color};
  if (!section.title.empty()) {
    out += '\n';
    out += ansi.wrap(depth == 0 ? "1" : "4", section.title);
    out += '\n';
  }
  for (const auto& block : section.blocks) render_block(out, block, style);
  for (const auto& sub : section.subsections) render_section(out, sub, style, depth + 1);
}

std::string summary(const std::vector<Finding>& findings) {
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& f : findings) ++counts[static_cast<int>(f.severity)];
  auto plural = [](std::size_t n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  return fmt::format("{}, {}, {}", plural(counts[2], "error"), plural(counts[1], "warning"),
                     plural(counts[0], "note"));
}

}  // namespace

std::string render_text(const Document& untrusted, const TextStyle& style) {
  const Document document = terminal_safe(untrusted);  // escapes and masked credentials, see sanitize.h
  Ansi ansi{style.color};
  std::string out;
  if (!document.title.empty()) out += ansi.wrap("1", document.title) + "\n";
  for (const auto& section : document.sections) render_section(out, section, style, 0);
  if (!document.findings.empty()) {
    out += "\n" + ansi.wrap("1", "Findings") + "\n";
    for (const auto& f : document.findings) {
      out += fmt::format("{}: {}\n", ansi.wrap(severity_color(f.severity), fmt::format("{}[{}]", to_string(f.severity), f.rule)),
                         f.message);
      for (const auto& origin : f.origins) out += "  --> " + origin.to_string() + "\n";
      if (!f.detail.empty()) {
        std::string_view text = f.detail;
        while (!text.empty()) {
          std::size_t end = text.find('\n');
          out += "   | ";
          out += text.substr(0, end);
          out += '\n';
          if (end == std::string_view::npos) break;
          text.remove_prefix(end + 1);
        }
      }
      if (!f.fix.empty()) out += "  = fix: " + f.fix + "\n";
    }
  }
  out += "\n" + summary(document.findings) + "\n";
  return out;
}

}  // namespace mlstack::report

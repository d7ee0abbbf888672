// SPDX-License-Identifier: MIT
// Markdown that reads like a hand-written dependency analysis: `#` title,
// `##` sections, pipe tables with code-formatted constraint cells.
#include <fmt/format.h>

#include "report/document.h"
#include "report/outline.h"

namespace mlstack::report {
namespace {

// Pipes and newlines would break a table row.
std::string cell_text(const std::string& text, bool code) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  if (code && !out.empty()) {
    bool has_tick = out.find('`') != std::string::npos;
    return has_tick ? "`` " + out + " ``" : "`" + out + "`";
  }
  return out;
}

void render_table(std::string& out, const Table& table) {
  out += '|';
  for (const auto& column : table.columns) out += " " + cell_text(column.header, false) + " |";
  out += "\n|";
  for (const auto& column : table.columns) out += column.align == Align::Right ? "---:|" : "---|";
  out += '\n';
  for (const auto& row : table.rows) {
    out += '|';
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const std::string& value = c < row.size() ? row[c] : std::string();
      out += " " + cell_text(value, table.columns[c].code) + " |";
    }
    out += '\n';
  }
}

// One finding as a list item: rule and message, where, why, the fix.
void render_finding(std::string& out, std::size_t number, const Finding& f) {
  out += fmt::format("{}. **{}** `{}`: {}\n", number, to_string(f.severity), f.rule, cell_text(f.message, false));
  std::string where;
  for (const auto& origin : f.origins) where += (where.empty() ? "" : "; ") + origin.to_string();
  if (!where.empty()) out += "   - Where: " + where + "\n";
  if (!f.detail.empty()) {
    std::string detail = f.detail;
    for (char& c : detail) c = c == '\n' ? ' ' : c;
    out += "   - Why: " + detail + "\n";
  }
  if (!f.fix.empty()) out += "   - Fix: " + cell_text(f.fix, true) + "\n";
}

void render_block(std::string& out, const Block& block, const Document& document) {
  if (const auto* p = std::get_if<Paragraph>(&block)) {
    out += p->text + "\n\n";
  } else if (const auto* b = std::get_if<Bullets>(&block)) {
    for (const auto& item : b->items) out += "- " + item + "\n";
    out += '\n';
  } else if (const auto* kv = std::get_if<KeyValues>(&block)) {
    for (const auto& [key, value] : kv->items) out += fmt::format("- {}: {}\n", key, value);
    out += '\n';
  } else if (const auto* t = std::get_if<Table>(&block)) {
    render_table(out, *t);
    out += '\n';
  } else if (const auto* c = std::get_if<CodeBlock>(&block)) {
    out += "```" + c->language + "\n" + c->text;
    if (!c->text.empty() && c->text.back() != '\n') out += '\n';
    out += "```\n\n";
  } else if (const auto* g = std::get_if<Graph>(&block)) {
    if (!g->caption.empty()) out += "*" + g->caption + "*\n\n";
    out += "```text\n" + outline_text(*g) + "```\n\n";
  } else if (const auto* list = std::get_if<FindingList>(&block)) {
    std::size_t number = 0;
    for (std::size_t i : list->indices) {
      if (i < document.findings.size()) render_finding(out, ++number, document.findings[i]);
    }
    out += '\n';
  }
}

void render_section(std::string& out, const Section& section, int level, const Document& document) {
  if (!section.title.empty()) out += std::string(static_cast<std::size_t>(level), '#') + " " + section.title + "\n\n";
  for (const auto& block : section.blocks) render_block(out, block, document);
  for (const auto& sub : section.subsections) render_section(out, sub, std::min(level + 1, 6), document);
}

}  // namespace

std::string render_markdown(const Document& document) {
  std::string out;
  if (!document.title.empty()) out += "# " + document.title + "\n\n";
  for (const auto& section : document.sections) render_section(out, section, 2, document);
  if (!document.findings.empty() && !document.findings_in_sections) {
    out += "## Findings\n\n";
    Table table{{{"Severity"}, {"Rule", Align::Left, true}, {"Finding"}, {"Where"}, {"Fix", Align::Left, true}}, {}};
    for (const auto& f : document.findings) {
      std::string where;
      for (const auto& origin : f.origins) {
        if (!where.empty()) where += "; ";
        where += origin.to_string();
      }
      table.rows.push_back({to_string(f.severity), f.rule, f.message, where, f.fix});
    }
    render_table(out, table);
    out += '\n';
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
// One self-contained HTML file: inline style and script, graphs as inline
// SVG, nothing fetched (a Content-Security-Policy of default-src 'none' says
// so to the browser). Sections are <details> (open), so the page reads and
// folds without the script; rows carry their anchors, and each finding links
// to the rows it cites and each cited row back to its findings.
#include <map>
#include <set>

#include <fmt/format.h>

#include "mlstack/build_info.h"
#include "report/document.h"
#include "report/graph_svg.h"
#include "report/html_assets.h"
#include "report/outline.h"
#include "report/rule_docs.h"

namespace mlstack::report {
namespace {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

// Paragraph text: `code` spans become <code>, the rest is escaped.
std::string inline_text(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    std::size_t open = text.find('`');
    std::size_t close = open == std::string_view::npos ? open : text.find('`', open + 1);
    if (close == std::string_view::npos) {
      out += escape(text);
      break;
    }
    out += escape(text.substr(0, open));
    out += "<code>" + escape(text.substr(open + 1, close - open - 1)) + "</code>";
    text.remove_prefix(close + 1);
  }
  return out;
}

const char* severity_class(Severity s) { return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "info"; }

// What the renderer needs beside the document: a label per row anchor (its
// first cell and the section it is in), the findings citing each row.
struct Links {
  std::map<std::string, std::string> row_labels;
  std::map<std::string, std::vector<std::size_t>> findings_of_row;
  std::size_t graphs = 0;
};

// A row's label: its first cell and where it is ("torch (From `pyproject.toml` › runtime)").
void collect_rows(const std::vector<Section>& sections, Links& links, const std::string& parent = {}) {
  for (const Section& s : sections) {
    std::string place = parent.empty() ? s.title : parent + " › " + s.title;
    for (const Block& b : s.blocks) {
      const auto* t = std::get_if<Table>(&b);
      if (!t) continue;
      for (std::size_t r = 0; r < t->rows.size() && r < t->row_ids.size(); ++r) {
        if (t->row_ids[r].empty() || t->rows[r].empty()) continue;
        links.row_labels.try_emplace(t->row_ids[r], fmt::format("{} ({})", t->rows[r].front(), place));
      }
    }
    collect_rows(s.subsections, links, s.title);
  }
}

class HtmlWriter {
 public:
  HtmlWriter(const Document& document, std::string& out) : m_doc(document), m_out(out) {
    collect_rows(document.sections, m_links);
    for (std::size_t f = 0; f < document.finding_rows.size() && f < document.findings.size(); ++f) {
      for (const auto& id : document.finding_rows[f]) m_links.findings_of_row[id].push_back(f);
    }
  }

  void section(const Section& s, int level) {
    int h = std::min(level, 6);
    bool top = level == 2;
    if (top) m_out += s.id.empty() ? "<section>\n" : fmt::format("<section id=\"{}\">\n", escape(s.id));
    m_out += fmt::format("<details open{}{}>", top ? "" : " class=\"sub\"",
                         !top && !s.id.empty() ? fmt::format(" id=\"{}\"", escape(s.id)) : "");
    m_out += fmt::format("<summary><h{0}>{1}</h{0}></summary>\n", h, inline_text(s.title));
    for (const Block& b : s.blocks) block(b);
    for (const Section& sub : s.subsections) section(sub, level + 1);
    m_out += "</details>\n";
    if (top) m_out += "</section>\n";
  }

  void findings_table() {
    FindingList all;
    for (std::size_t i = 0; i < m_doc.findings.size(); ++i) all.indices.push_back(i);
    m_out += "<section id=\"findings\"><details open><summary><h2>Findings</h2></summary>\n";
    finding_list(all);
    m_out += "</details></section>\n";
  }

 private:
  void block(const Block& b) {
    if (const auto* p = std::get_if<Paragraph>(&b)) {
      m_out += "<p>" + inline_text(p->text) + "</p>\n";
    } else if (const auto* list = std::get_if<Bullets>(&b)) {
      m_out += "<ul>\n";
      for (const auto& item : list->items) m_out += "<li>" + inline_text(item) + "</li>\n";
      m_out += "</ul>\n";
    } else if (const auto* kv = std::get_if<KeyValues>(&b)) {
      m_out += "<dl class=\"kv\">\n";
      for (const auto& [key, value] : kv->items) m_out += "<dt>" + escape(key) + "</dt><dd>" + inline_text(value) + "</dd>\n";
      m_out += "</dl>\n";
    } else if (const auto* t = std::get_if<Table>(&b)) {
      table(*t);
    } else if (const auto* code = std::get_if<CodeBlock>(&b)) {
      m_out += "<pre><code>" + escape(code->text) + "</code></pre>\n";
    } else if (const auto* g = std::get_if<Graph>(&b)) {
      graph(*g);
    } else if (const auto* findings = std::get_if<FindingList>(&b)) {
      finding_list(*findings);
    }
  }

  void table(const Table& t) {
    m_out += "<div class=\"table-wrap\"><table class=\"data\"><thead><tr>";
    for (const auto& column : t.columns)
      m_out += fmt::format("<th{}>{}</th>", column.align == Align::Right ? " class=\"num\"" : "", escape(column.header));
    m_out += "</tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const std::string id = r < t.row_ids.size() ? t.row_ids[r] : std::string();
      m_out += id.empty() ? "<tr>" : fmt::format("<tr id=\"{}\">", escape(id));
      for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const std::string& value = c < t.rows[r].size() ? t.rows[r][c] : std::string();
        m_out += t.columns[c].align == Align::Right ? "<td class=\"num\">" : "<td>";
        if (c == 0 && !id.empty()) flags(id);
        m_out += t.columns[c].code && !value.empty() ? "<code>" + escape(value) + "</code>" : escape(value);
        m_out += "</td>";
      }
      m_out += "</tr>\n";
    }
    m_out += "</tbody></table></div>\n";
  }

  // A mark in a cited row per finding citing it, linking to the finding.
  void flags(const std::string& row) {
    auto it = m_links.findings_of_row.find(row);
    if (it == m_links.findings_of_row.end()) return;
    for (std::size_t f : it->second) {
      const Finding& finding = m_doc.findings[f];
      m_out += fmt::format("<a class=\"flag {}\" href=\"#finding-{}\" title=\"{}: {}\">&#9679;</a>", severity_class(finding.severity),
                           f, escape(finding.rule), escape(finding.message));
    }
  }

  void graph(const Graph& g) {
    std::string svg = graph_svg(g, fmt::format("graph{}", m_links.graphs++));
    m_out += "<figure class=\"graph\">\n";
    if (!svg.empty()) m_out += svg + "\n";
    if (!g.caption.empty()) m_out += "<figcaption>" + inline_text(g.caption) + "</figcaption>\n";
    m_out += svg.empty() ? "<pre>" : "<details class=\"tree\"><summary>As a tree</summary><pre>";
    m_out += escape(outline_text(g));
    m_out += svg.empty() ? "</pre>\n" : "</pre></details>\n";
    m_out += "</figure>\n";
  }

  void finding_list(const FindingList& list) {
    m_out += "<ol class=\"findings\">\n";
    for (std::size_t i : list.indices) {
      if (i >= m_doc.findings.size()) continue;
      const Finding& f = m_doc.findings[i];
      const char* cls = severity_class(f.severity);
      m_out += fmt::format("<li id=\"finding-{}\" class=\"{}\"><span class=\"sev {}\">{}</span> <a href=\"{}\"><code>{}</code></a> {}\n<ul>\n",
                           i, cls, cls, to_string(f.severity), escape(rule_help_uri(f.rule)), escape(f.rule), inline_text(f.message));
      if (!f.origins.empty()) {
        m_out += "<li><span class=\"label\">Where:</span> ";
        for (std::size_t o = 0; o < f.origins.size(); ++o) m_out += (o ? "; " : "") + escape(f.origins[o].to_string());
        m_out += "</li>\n";
      }
      if (i < m_doc.finding_rows.size() && !m_doc.finding_rows[i].empty()) {
        m_out += "<li><span class=\"label\">Rows:</span> ";
        bool first = true;
        for (const auto& id : m_doc.finding_rows[i]) {
          auto label = m_links.row_labels.find(id);
          m_out += fmt::format("{}<a href=\"#{}\">{}</a>", first ? "" : ", ", escape(id),
                               inline_text(label == m_links.row_labels.end() ? id : label->second));
          first = false;
        }
        m_out += "</li>\n";
      }
      if (!f.detail.empty()) m_out += "<li><span class=\"label\">Why:</span><pre>" + escape(f.detail) + "</pre></li>\n";
      if (!f.fix.empty()) m_out += "<li><span class=\"label\">Fix:</span> " + inline_text(f.fix) + "</li>\n";
      m_out += "</ul></li>\n";
    }
    m_out += "</ol>\n";
  }

  const Document& m_doc;
  std::string& m_out;
  Links m_links;
};

}  // namespace

std::string render_html(const Document& document) {
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& f : document.findings) ++counts[static_cast<int>(f.severity)];
  std::string out;
  out.reserve(1 << 16);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // Nothing is loaded from anywhere: no network, no file beside this one.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<meta name=\"generator\" content=\"mlstack {}\">\n", k_version);
  out += "<title>" + escape(document.title) + "</title>\n<style>" + std::string(k_html_style) + "</style>\n</head>\n<body>\n";
  out += "<header>\n<h1>" + inline_text(document.title) + "</h1>\n";
  out += fmt::format("<p class=\"counts\"><b class=\"error\">{} error{}</b>, <b class=\"warning\">{} warning{}</b>, "
                     "<b class=\"info\">{} note{}</b></p>\n",
                     counts[2], counts[2] == 1 ? "" : "s", counts[1], counts[1] == 1 ? "" : "s", counts[0], counts[0] == 1 ? "" : "s");
  out += "<nav class=\"toc\"><ol>\n";
  for (const auto& s : document.sections) {
    if (!s.id.empty()) out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", escape(s.id), inline_text(s.title));
  }
  if (!document.findings_in_sections && !document.findings.empty()) out += "<li><a href=\"#findings\">Findings</a></li>\n";
  out += "</ol></nav>\n";
  out += "<div class=\"controls\" hidden><button type=\"button\" data-fold=\"open\">Unfold all</button>"
         "<button type=\"button\" data-fold=\"close\">Fold all</button>"
         "<span>Findings:</span>"
         "<label><input type=\"checkbox\" data-severity=\"error\" checked> errors</label>"
         "<label><input type=\"checkbox\" data-severity=\"warning\" checked> warnings</label>"
         "<label><input type=\"checkbox\" data-severity=\"info\" checked> notes</label></div>\n";
  out += "</header>\n<main>\n";
  HtmlWriter writer(document, out);
  for (const auto& s : document.sections) writer.section(s, 2);
  if (!document.findings_in_sections && !document.findings.empty()) writer.findings_table();
  out += "</main>\n<script>" + std::string(k_html_script) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace mlstack::report

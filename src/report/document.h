// SPDX-License-Identifier: MIT
// Document: what a verb hands to a renderer. A verb's view (report/<verb>_view.cpp)
// turns its library result into a Document, copying values only; the renderers
// (text, Markdown, JSON) format a Document and never compute anything.
//
// The JSON form is not a dump of the text: `data` carries the verb's own
// machine-readable payload, and render_json wraps it in the versioned envelope
//   {"schema": "mlstack/1", "command": "...", "mlstack_version": "...", ...data, "findings": [...]}
// documented in docs/json-schema.md.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/finding.h"

namespace mlstack::report {

enum class Align { Left, Right };

struct Column {
  std::string header;
  Align align = Align::Left;
  bool code = false;  // Markdown: wrap cells in backticks, like seed tables' `==2.3.0`
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  // each row has columns.size() cells
  // Anchors, for formats that link (HTML): one per row, or none; "" for a row
  // nothing cites. Findings name them in Document::finding_rows.
  std::vector<std::string> row_ids = {};
};

struct Paragraph {
  std::string text;
};

struct Bullets {
  std::vector<std::string> items;
};

struct KeyValues {
  std::vector<std::pair<std::string, std::string>> items;  // "Python" -> "3.11.7"
};

struct CodeBlock {
  std::string language;  // "bash", "toml", or empty
  std::string text;
};

// A graph: the HTML renderer draws it as inline SVG laid out by Graphviz;
// text and Markdown write its outline, a tree of its nodes as the view
// arranged it (an edge back to a node already written is not followed).
struct GraphNode {
  enum class Shape { Box, Ellipse, Hexagon, Note };
  std::string id;     // unique within the graph
  std::string label;
  Shape shape = Shape::Box;
  std::string link;   // a row anchor the node stands for ("" for none)
  bool emphasis = false;  // the entry, a package with a finding
};

struct GraphEdge {
  std::string from;  // node ids
  std::string to;
  bool dashed = false;  // lazy, optional or conditional
  std::string label;
  bool alert = false;   // a violated requirement: drawn in red
};

struct OutlineLine {
  std::size_t depth = 0;
  std::string text;
};

struct Graph {
  std::string caption;
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;
  std::vector<OutlineLine> outline;
};

// The findings of Document::findings at these indices, rendered in place
// (the report's "Findings" section) instead of in a table at the end.
struct FindingList {
  std::vector<std::size_t> indices;
};

using Block = std::variant<Paragraph, Bullets, KeyValues, Table, CodeBlock, Graph, FindingList>;

struct Section {
  std::string title;
  std::vector<Block> blocks;
  std::vector<Section> subsections;
  std::string id = {};  // anchor ("declared", "coupling"); empty: none
};

struct Document {
  std::string command;  // "scan", "env", ... (JSON envelope)
  std::string title;    // "mlstack scan: examples/llm-demo"
  std::vector<Section> sections;
  std::vector<Finding> findings;
  nlohmann::json data = nlohmann::json::object();  // the verb's machine-readable payload
  // The folder file origins are relative to (SARIF's %SRCROOT%); empty: the working directory.
  std::string root = {};
  // Per finding (same index), the row anchors it cites (Table::row_ids); may be shorter than findings.
  std::vector<std::vector<std::string>> finding_rows = {};
  // The sections place every finding through FindingList blocks: no findings table at the end.
  bool findings_in_sections = false;
};

struct TextStyle {
  int width = 100;     // terminal columns; tables shrink their widest columns to fit
  bool color = false;  // ANSI colour for headings and severities
};

std::string render_text(const Document& document, const TextStyle& style);
std::string render_markdown(const Document& document);
std::string render_json(const Document& document);
// One file, offline: inline CSS and script, SVG graphs; readable with scripts off.
std::string render_html(const Document& document);
// SARIF 2.1.0: one run, one rule per rule id with its docs anchor, file origins as locations.
std::string render_sarif(const Document& document);

// A finding as JSON: {"rule","severity","message","origins":[{kind,path,line,column,context,source}],"fix","detail"}.
nlohmann::json to_json(const Finding& finding);
nlohmann::json to_json(const Origin& origin);

}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
// Report sections about what the code does: imports set against the
// declarations, entry points with the files each loads, and the graphs.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "report/report_sections.h"

namespace mlstack::report::detail {
namespace {

// Entry points whose file graph is drawn; the table lists every one.
constexpr std::size_t k_drawn_entries = 8;

std::string how(const project::python::ThirdPartyImport& tp) {
  if (tp.required_at_import()) return "at import";
  if (tp.only_optional()) return "optional (try/except)";
  bool lazy = false;
  for (const auto& s : tp.sites) lazy |= s.record.lazy;
  return lazy ? "lazy (inside a function)" : "conditional";
}

std::string files_of(const project::python::ThirdPartyImport& tp) {
  std::vector<std::string> files;
  for (const auto& s : tp.sites) {
    if (std::find(files.begin(), files.end(), s.file) == files.end()) files.push_back(s.file);
  }
  std::string out;
  for (std::size_t i = 0; i < files.size() && i < 3; ++i) out += (i ? ", " : "") + files[i];
  if (files.size() > 3) out += fmt::format(" (+{})", files.size() - 3);
  return out;
}

std::string first_origin(const Finding& f) { return f.origins.empty() ? "" : f.origins.front().to_string(); }

// A table of the findings of some rules, each row anchored so the finding links to it.
Table finding_table(const std::vector<Finding>& findings, const std::vector<std::string_view>& rules) {
  Table table{{{"Where"}, {"Finding"}, {"Fix", Align::Left, true}, {"Severity"}}, {}};
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (std::find(rules.begin(), rules.end(), f.rule) == rules.end()) continue;
    table.rows.push_back({first_origin(f), f.message, f.fix, to_string(f.severity)});
    table.row_ids.push_back(finding_row(i));
  }
  return table;
}

// The tree of a graph's nodes from `root`, each node written once (the first
// path that reaches it); children in edge order.
std::vector<OutlineLine> outline(const Graph& graph, const std::string& root) {
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& e : graph.edges) children[e.from].push_back(e.to);
  std::map<std::string, std::string> labels;
  for (const auto& n : graph.nodes) labels[n.id] = n.label;
  std::vector<OutlineLine> out;
  std::set<std::string> seen{root};
  std::vector<std::pair<std::string, std::size_t>> stack{{root, 0}};
  while (!stack.empty()) {
    auto [id, depth] = stack.back();
    stack.pop_back();
    out.push_back({depth, labels[id]});
    const auto& next = children[id];
    for (auto it = next.rbegin(); it != next.rend(); ++it) {
      if (seen.insert(*it).second) stack.push_back({*it, depth + 1});
    }
  }
  return out;
}

// The minimal file set as a folder tree, the way seed 003 writes it.
std::string file_tree(std::vector<std::string> files) {
  std::sort(files.begin(), files.end());
  std::string out;
  std::vector<std::string> open;  // folders of the previous file
  for (const auto& file : files) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
      std::size_t slash = file.find('/', start);
      parts.push_back(file.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    std::size_t common = 0;
    while (common < open.size() && common + 1 < parts.size() && open[common] == parts[common]) ++common;
    for (std::size_t d = common; d + 1 < parts.size(); ++d) out += std::string(2 * d, ' ') + parts[d] + "/\n";
    out += std::string(2 * (parts.size() - 1), ' ') + parts.back() + "\n";
    open.assign(parts.begin(), parts.end() - 1);
  }
  return out;
}

}  // namespace

Section imports_section(const check::Analysis& a, const std::vector<Finding>& findings) {
  Section section{"Imports against declarations", {}, {}, "imports"};
  if (a.code.analysis.scan.layout.files().empty()) {
    section.blocks.push_back(Paragraph{"No Python source was read (the tree has none, or --no-code was given)."});
    return section;
  }
  if (!a.code.environment.empty())
    section.blocks.push_back(Paragraph{fmt::format(
        "Import names are mapped to distributions through the RECORD files of the environment ({}), then the built-in table.",
        a.code.environment)});
  Table undeclared = finding_table(findings, {"scan.undeclared-import", "scan.transitive-only", "scan.optional-import-undeclared"});
  section.subsections.push_back(Section{
      "Imported, declared nowhere",
      {undeclared.rows.empty() ? Block{Paragraph{"Every third-party import is declared."}} : Block{std::move(undeclared)}}, {}});
  Table unguarded = finding_table(findings, {"scan.optional-import-unguarded"});
  if (!unguarded.rows.empty())
    section.subsections.push_back(Section{"Declared as optional, imported unconditionally", {std::move(unguarded)}, {}});
  Table unused = finding_table(findings, {"scan.unused-dependency"});
  section.subsections.push_back(Section{
      "Declared, never imported",
      {unused.rows.empty() ? Block{Paragraph{"Every declared runtime dependency is imported somewhere."}} : Block{std::move(unused)}}, {}});
  Table imports{{{"Import"}, {"Distribution"}, {"How"}, {"Files"}}, {}};
  for (const auto& tp : a.code.analysis.third_party)
    imports.rows.push_back({tp.import_name, tp.distribution.distribution, how(tp), files_of(tp)});
  section.subsections.push_back(Section{
      "Every third-party import",
      {imports.rows.empty() ? Block{Paragraph{"No third-party imports."}} : Block{std::move(imports)}}, {}});
  return section;
}

Graph entry_file_graph(const project::python::EntryGraph& entry, std::size_t index) {
  Graph graph;
  graph.caption = fmt::format("Files `{}` loads, the packages they import and the extensions they call", entry.entry);
  std::map<std::string, std::string> ids;
  auto file_node = [&](const std::string& path) {
    auto [it, added] = ids.try_emplace("f:" + path, fmt::format("e{}f{}", index, ids.size()));
    if (added) graph.nodes.push_back({it->second, path, GraphNode::Shape::Box, "", path == entry.entry});
    return it->second;
  };
  file_node(entry.entry);
  for (std::string_view file : entry.files) file_node(std::string(file));
  std::set<std::pair<std::string, std::string>> drawn;  // one arrow per pair of files
  for (const auto& edge : entry.edges) {
    std::string from = file_node(edge.from), to = file_node(edge.to);
    if (drawn.insert({from, to}).second) graph.edges.push_back({from, to, edge.lazy || edge.optional, ""});
  }
  for (const auto& tp : entry.third_party) {
    const std::string& name = tp.distribution.distribution.empty() ? tp.import_name : tp.distribution.distribution;
    auto [it, added] = ids.try_emplace("d:" + name, fmt::format("e{}d{}", index, ids.size()));
    if (added) graph.nodes.push_back({it->second, name, GraphNode::Shape::Ellipse, "", false});
    std::set<std::string> from;
    for (const auto& site : tp.sites) {
      if (!from.insert(site.file).second) continue;
      bool sometimes = site.record.lazy || site.record.optional || site.record.conditional || !site.record.guards().empty();
      graph.edges.push_back({file_node(site.file), it->second, sometimes, ""});
    }
  }
  for (const auto& call : entry.extensions) {
    auto [it, added] = ids.try_emplace("x:" + call.extension, fmt::format("e{}x{}", index, ids.size()));
    if (added) graph.nodes.push_back({it->second, call.extension, GraphNode::Shape::Hexagon, "", false});
    graph.edges.push_back({file_node(call.file), it->second, false, join(call.functions)});
  }
  graph.outline = outline(graph, ids["f:" + entry.entry]);
  return graph;
}

Section entries_section(const check::Analysis& a) {
  Section section{"Entry points and the files each needs", {}, {}, "entries"};
  const auto& entries = a.code.analysis.entries;
  if (entries.empty()) {
    section.blocks.push_back(Paragraph{"No entry point was found: no console script, `__main__.py` or "
                                       "`if __name__ == \"__main__\":` module (--entry names one)."});
    return section;
  }
  section.blocks.push_back(Paragraph{
      "For each entry point, the first-party files it loads (imports followed through each package's `__init__.py`, "
      "lazy and optional imports included), the third-party packages those files import and the native extensions "
      "they call. A file outside this set is not needed to run it."});
  Table table{{{"Entry"}, {"Files", Align::Right}, {"Third-party packages"}, {"Extensions"}, {"Unresolved imports"}}, {}};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    std::vector<std::string> packages, extensions;
    for (const auto& tp : e.third_party) packages.push_back(tp.distribution.distribution);
    for (const auto& x : e.extensions) {
      if (std::find(extensions.begin(), extensions.end(), x.extension) == extensions.end()) extensions.push_back(x.extension);
    }
    table.rows.push_back({e.entry, std::to_string(e.files.size()), join(packages), extensions.empty() ? "-" : join(extensions),
                          e.unresolved.empty() ? "-" : join(e.unresolved)});
    table.row_ids.push_back(entry_row(i));
  }
  section.blocks.push_back(std::move(table));
  if (entries.size() > k_drawn_entries)
    section.blocks.push_back(Paragraph{fmt::format("File graphs follow for the first {} of {} entry points; `--entry FILE` picks others.",
                                                   k_drawn_entries, entries.size())});
  for (std::size_t i = 0; i < entries.size() && i < k_drawn_entries; ++i) {
    const auto& e = entries[i];
    Section entry{fmt::format("`{}`", e.entry), {}, {}, fmt::format("entry-graph-{}", i)};
    entry.blocks.push_back(entry_file_graph(e, i));
    entry.blocks.push_back(Paragraph{fmt::format("Minimal file set ({} files):", e.files.size())});
    entry.blocks.push_back(CodeBlock{"", file_tree({e.files.begin(), e.files.end()})});
    section.subsections.push_back(std::move(entry));
  }
  if (!a.code.analysis.extension_calls.empty()) {
    Table calls{{{"Extension"}, {"Imported by"}, {"Calls"}}, {}};
    for (const auto& c : a.code.analysis.extension_calls)
      calls.rows.push_back({c.extension, fmt::format("{}:{}", c.file, c.import_line), join(c.functions)});
    section.subsections.push_back(Section{"Where the code calls the project's native extensions", {std::move(calls)}, {}});
  }
  return section;
}

Graph dependency_graph(const check::Analysis& a) {
  Graph graph;
  graph.caption = "What the project declares, what the knowledge base says the pins need, and (with an environment) "
                  "which installed packages require which; dashed: extras and groups, red: violated";
  std::map<std::string, std::string> first_row;  // canonical name -> its first declaration's row
  for (std::size_t i = 0; i < a.scan.requirements.size(); ++i) first_row.try_emplace(a.scan.requirements[i].name, requirement_row(i));
  std::string project = a.scan.manifests.empty() || !a.scan.manifests.front().name ? "this project"
                                                                                    : a.scan.manifests.front().name->text;
  for (const auto& m : a.scan.manifests) {
    if (m.name && m.stack.empty()) {
      project = m.name->text;
      break;
    }
  }
  graph.nodes.push_back({"p", project, GraphNode::Shape::Box, "", true});
  std::map<std::string, std::string> ids{{"", "p"}};
  for (const auto& name : a.graph_nodes) {
    std::string id = fmt::format("n{}", ids.size());
    ids[name] = id;
    auto row = first_row.find(name);
    graph.nodes.push_back({id, name, GraphNode::Shape::Ellipse, row == first_row.end() ? "" : row->second, false});
  }
  for (const auto& e : a.dependency_edges) {
    auto from = ids.find(e.from);
    auto to = ids.find(e.to);
    if (from == ids.end() || to == ids.end()) continue;
    std::string label = e.label;
    if (e.kind == check::DependencyEdge::Kind::RequiresDist) label = label.empty() ? "Requires-Dist" : "Requires-Dist " + label;
    if (e.violated) label = "violated: " + label;
    graph.edges.push_back({from->second, to->second, e.kind == check::DependencyEdge::Kind::Optional, label, e.violated});
    if (e.violated) {
      for (auto& n : graph.nodes) n.emphasis |= n.id == to->second;
    }
  }
  graph.outline = outline(graph, "p");
  return graph;
}

}  // namespace mlstack::report::detail

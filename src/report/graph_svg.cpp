// SPDX-License-Identifier: MIT
#include "report/graph_svg.h"

#include <memory>
#include <mutex>

#include "report/graphviz_library.h"

namespace mlstack::report {
namespace {

// Graphviz's API takes char* for names it does not modify.
char* c(const char* text) { return const_cast<char*>(text); }

void set(const GraphvizLibrary& gv, void* object, const char* name, const std::string& value) {
  gv.safeset(object, c(name), c(value.c_str()), c(""));
}

// Graphviz expands escapes (\n, \N, \G) in labels: a backslash must stay one.
std::string label_text(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '\\') out += "\\\\";
    else out += ch;
  }
  return out;
}

const char* shape_name(GraphNode::Shape shape) {
  switch (shape) {
    case GraphNode::Shape::Box: return "box";
    case GraphNode::Shape::Ellipse: return "ellipse";
    case GraphNode::Shape::Hexagon: return "hexagon";
    case GraphNode::Shape::Note: return "note";
  }
  return "box";
}

struct ContextDeleter {
  const GraphvizLibrary* gv;
  void operator()(GVC_t* gvc) const { gv->free_context(gvc); }
};
struct GraphDeleter {
  const GraphvizLibrary* gv;
  void operator()(Agraph_t* g) const { gv->close(g); }
};

// Graphviz keeps global state (the cgraph id discipline, error handlers): one layout at a time.
std::mutex g_graphviz;

}  // namespace

std::string graph_svg(const Graph& graph, const std::string& id_prefix) {
  if (graph.nodes.empty()) return {};
  std::string error;
  const GraphvizLibrary* library = graphviz_library(error);
  if (library == nullptr) return {};  // the caller shows the outline
  const GraphvizLibrary& gv = *library;
  std::lock_guard<std::mutex> lock(g_graphviz);
  // Graphviz reads plugins from this list only (no config file, no plugin search).
  std::unique_ptr<GVC_t, ContextDeleter> gvc(gv.context_plugins(gv.builtins, 0),
                                             ContextDeleter{&gv});
  if (!gvc) return {};
  std::unique_ptr<Agraph_t, GraphDeleter> g(gv.open(c("g"), gv.directed, nullptr), GraphDeleter{&gv});
  if (!g) return {};
  set(gv, g.get(), "rankdir", "LR");
  // Courier: Graphviz's built-in metrics for it (0.6 em per character) match
  // the monospace fonts browsers fall back to, so labels fit their boxes.
  set(gv, g.get(), "fontname", "Courier");
  set(gv, g.get(), "bgcolor", "transparent");
  set(gv, g.get(), "nodesep", "0.15");
  set(gv, g.get(), "ranksep", "0.35");
  set(gv, g.get(), "id", id_prefix);
  gv.attr(g.get(), AGNODE, c("fontname"), c("Courier"));
  gv.attr(g.get(), AGNODE, c("fontsize"), c("11"));
  gv.attr(g.get(), AGNODE, c("height"), c("0.3"));
  gv.attr(g.get(), AGEDGE, c("fontname"), c("Courier"));
  gv.attr(g.get(), AGEDGE, c("fontsize"), c("9"));
  gv.attr(g.get(), AGEDGE, c("arrowsize"), c("0.6"));

  for (const GraphNode& node : graph.nodes) {
    Agnode_t* n = gv.node(g.get(), c(node.id.c_str()), 1);
    set(gv, n, "id", id_prefix + "_" + node.id);  // Graphviz writes '-' as &#45; in ids
    set(gv, n, "label", label_text(node.label));
    set(gv, n, "shape", shape_name(node.shape));
    if (node.emphasis) {
      set(gv, n, "class", "emphasis");  // Graphviz adds its own "node" class
      set(gv, n, "penwidth", "2");
    }
    if (!node.link.empty()) {
      set(gv, n, "href", "#" + node.link);
      set(gv, n, "tooltip", node.label);
    }
  }
  for (std::size_t i = 0; i < graph.edges.size(); ++i) {
    const GraphEdge& edge = graph.edges[i];
    Agnode_t* from = gv.node(g.get(), c(edge.from.c_str()), 0);
    Agnode_t* to = gv.node(g.get(), c(edge.to.c_str()), 0);
    if (!from || !to) continue;
    Agedge_t* e = gv.edge(g.get(), from, to, c(("e" + std::to_string(i)).c_str()), 1);
    set(gv, e, "id", id_prefix + "_e" + std::to_string(i));
    if (edge.dashed) set(gv, e, "style", "dashed");
    if (!edge.label.empty()) set(gv, e, "label", label_text(edge.label));
    if (edge.alert) {
      set(gv, e, "color", "#c0392b");
      set(gv, e, "fontcolor", "#c0392b");
    }
  }
  if (gv.layout(gvc.get(), g.get(), "dot") != 0) return {};
  char* data = nullptr;
  unsigned int length = 0;
  int rendered = gv.render_data(gvc.get(), g.get(), "svg", &data, &length);
  gv.free_layout(gvc.get(), g.get());
  if (rendered != 0 || !data) return {};
  std::string svg(data, length);
  gv.free_render_data(data);
  // Inline SVG needs no prolog, doctype or generator comment.
  std::size_t start = svg.find("<svg");
  return start == std::string::npos ? std::string() : svg.substr(start);
}

}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
#include "report/graph_svg.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>

#include <memory>
#include <mutex>

extern "C" {
// The two plugin libraries that are linked in (CMakeLists.txt): dot layout, core renderers (svg).
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;
}

namespace mlstack::report {
namespace {

// Graphviz reads plugins from this list only (no config file, no dlopen).
const lt_symlist_t k_builtins[] = {
    {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
    {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
    {nullptr, nullptr},
};

// Graphviz's API takes char* for names it does not modify.
char* c(const char* text) { return const_cast<char*>(text); }

void set(void* object, const char* name, const std::string& value) {
  agsafeset(object, c(name), c(value.c_str()), c(""));
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
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};
struct GraphDeleter {
  void operator()(Agraph_t* g) const { agclose(g); }
};

// Graphviz keeps global state (the cgraph id discipline, error handlers): one layout at a time.
std::mutex g_graphviz;

}  // namespace

std::string graph_svg(const Graph& graph, const std::string& id_prefix) {
  if (graph.nodes.empty()) return {};
  std::lock_guard<std::mutex> lock(g_graphviz);
  std::unique_ptr<GVC_t, ContextDeleter> gvc(gvContextPlugins(k_builtins, 0));
  if (!gvc) return {};
  std::unique_ptr<Agraph_t, GraphDeleter> g(agopen(c("g"), Agdirected, nullptr));
  if (!g) return {};
  set(g.get(), "rankdir", "LR");
  // Courier: Graphviz's built-in metrics for it (0.6 em per character) match
  // the monospace fonts browsers fall back to, so labels fit their boxes.
  set(g.get(), "fontname", "Courier");
  set(g.get(), "bgcolor", "transparent");
  set(g.get(), "nodesep", "0.15");
  set(g.get(), "ranksep", "0.35");
  set(g.get(), "id", id_prefix);
  agattr(g.get(), AGNODE, c("fontname"), c("Courier"));
  agattr(g.get(), AGNODE, c("fontsize"), c("11"));
  agattr(g.get(), AGNODE, c("height"), c("0.3"));
  agattr(g.get(), AGEDGE, c("fontname"), c("Courier"));
  agattr(g.get(), AGEDGE, c("fontsize"), c("9"));
  agattr(g.get(), AGEDGE, c("arrowsize"), c("0.6"));

  for (const GraphNode& node : graph.nodes) {
    Agnode_t* n = agnode(g.get(), c(node.id.c_str()), 1);
    set(n, "id", id_prefix + "_" + node.id);  // Graphviz writes '-' as &#45; in ids
    set(n, "label", label_text(node.label));
    set(n, "shape", shape_name(node.shape));
    if (node.emphasis) {
      set(n, "class", "emphasis");  // Graphviz adds its own "node" class
      set(n, "penwidth", "2");
    }
    if (!node.link.empty()) {
      set(n, "href", "#" + node.link);
      set(n, "tooltip", node.label);
    }
  }
  for (std::size_t i = 0; i < graph.edges.size(); ++i) {
    const GraphEdge& edge = graph.edges[i];
    Agnode_t* from = agnode(g.get(), c(edge.from.c_str()), 0);
    Agnode_t* to = agnode(g.get(), c(edge.to.c_str()), 0);
    if (!from || !to) continue;
    Agedge_t* e = agedge(g.get(), from, to, c(("e" + std::to_string(i)).c_str()), 1);
    set(e, "id", id_prefix + "_e" + std::to_string(i));
    if (edge.dashed) set(e, "style", "dashed");
    if (!edge.label.empty()) set(e, "label", label_text(edge.label));
    if (edge.alert) {
      set(e, "color", "#c0392b");
      set(e, "fontcolor", "#c0392b");
    }
  }
  if (gvLayout(gvc.get(), g.get(), "dot") != 0) return {};
  char* data = nullptr;
  unsigned int length = 0;
  int rendered = gvRenderData(gvc.get(), g.get(), "svg", &data, &length);
  gvFreeLayout(gvc.get(), g.get());
  if (rendered != 0 || !data) return {};
  std::string svg(data, length);
  gvFreeRenderData(data);
  // Inline SVG needs no prolog, doctype or generator comment.
  std::size_t start = svg.find("<svg");
  return start == std::string::npos ? std::string() : svg.substr(start);
}

}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
#include "report/graphviz_library.h"

#include "core/shared_library.h"

#ifndef MLSTACK_GRAPHVIZ_PLUGIN_DIR
#error "MLSTACK_GRAPHVIZ_PLUGIN_DIR: the folder of libgvplugin_dot_layout.so.6 (CMakeLists.txt sets it)"
#endif

namespace mlstack::report {
namespace {

LoadedLibrary<GraphvizLibrary> load() {
  LoadedLibrary<GraphvizLibrary> loaded;
  std::string& e = loaded.error;
  const std::string plugins = MLSTACK_GRAPHVIZ_PLUGIN_DIR;
  void* cgraph = open_shared_library("libcgraph.so.6", "Graphviz", e);
  void* gvc = cgraph ? open_shared_library("libgvc.so.6", "Graphviz", e) : nullptr;
  void* dot = gvc ? open_shared_library(plugins + "/libgvplugin_dot_layout.so.6", "Graphviz", e) : nullptr;
  void* core = dot ? open_shared_library(plugins + "/libgvplugin_core.so.6", "Graphviz", e) : nullptr;
  if (!core) return loaded;
  GraphvizLibrary& g = loaded.table;
  const char* lib = "Graphviz";
  Agdesc_t* directed = nullptr;
  gvplugin_library_t* dot_library = nullptr;
  gvplugin_library_t* core_library = nullptr;
  bool all = bind_symbol(gvc, "gvContextPlugins", g.context_plugins, lib, e) &&
             bind_symbol(gvc, "gvFreeContext", g.free_context, lib, e) && bind_symbol(gvc, "gvLayout", g.layout, lib, e) &&
             bind_symbol(gvc, "gvFreeLayout", g.free_layout, lib, e) &&
             bind_symbol(gvc, "gvRenderData", g.render_data, lib, e) &&
             bind_symbol(gvc, "gvFreeRenderData", g.free_render_data, lib, e) &&
             bind_symbol(cgraph, "agopen", g.open, lib, e) && bind_symbol(cgraph, "agclose", g.close, lib, e) &&
             bind_symbol(cgraph, "agsafeset", g.safeset, lib, e) && bind_symbol(cgraph, "agattr", g.attr, lib, e) &&
             bind_symbol(cgraph, "agnode", g.node, lib, e) && bind_symbol(cgraph, "agedge", g.edge, lib, e) &&
             bind_symbol(cgraph, "Agdirected", directed, lib, e) &&
             bind_symbol(dot, "gvplugin_dot_layout_LTX_library", dot_library, lib, e) &&
             bind_symbol(core, "gvplugin_core_LTX_library", core_library, lib, e);
  if (!all) return loaded;
  g.directed = *directed;
  g.builtins[0] = {"gvplugin_dot_layout_LTX_library", dot_library};
  g.builtins[1] = {"gvplugin_core_LTX_library", core_library};
  g.builtins[2] = {nullptr, nullptr};
  loaded.ok = true;
  return loaded;
}

}  // namespace

const GraphvizLibrary* graphviz_library(std::string& error) { return load_once<GraphvizLibrary, load>(error); }

}  // namespace mlstack::report

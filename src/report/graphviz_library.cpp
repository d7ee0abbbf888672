// SPDX-License-Identifier: MIT
#include "report/graphviz_library.h"

#include <dlfcn.h>

#include <mutex>

#ifndef MLSTACK_GRAPHVIZ_PLUGIN_DIR
#error "MLSTACK_GRAPHVIZ_PLUGIN_DIR: the folder of libgvplugin_dot_layout.so.6 (CMakeLists.txt sets it)"
#endif

namespace mlstack::report {
namespace {

struct Loaded {
  GraphvizLibrary library{};
  bool ok = false;
  std::string error;
};

// Never closed: Graphviz keeps global state for the life of the process.
void* open_library(const std::string& name, std::string& error) {
  void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    error = "Graphviz could not be loaded (" + std::string(why ? why : name.c_str()) + ")";
  }
  return handle;
}

template <typename T>
bool bind(void* handle, const char* name, T& out, std::string& error) {
  out = reinterpret_cast<T>(dlsym(handle, name));
  if (!out) error = std::string("Graphviz has no ") + name;
  return out != nullptr;
}

Loaded load() {
  Loaded loaded;
  std::string& e = loaded.error;
  void* cgraph = open_library("libcgraph.so.6", e);
  void* gvc = cgraph ? open_library("libgvc.so.6", e) : nullptr;
  const std::string plugins = MLSTACK_GRAPHVIZ_PLUGIN_DIR;
  void* dot = gvc ? open_library(plugins + "/libgvplugin_dot_layout.so.6", e) : nullptr;
  void* core = dot ? open_library(plugins + "/libgvplugin_core.so.6", e) : nullptr;
  if (!core) return loaded;
  GraphvizLibrary& g = loaded.library;
  Agdesc_t* directed = nullptr;
  gvplugin_library_t* dot_library = nullptr;
  gvplugin_library_t* core_library = nullptr;
  bool all = bind(gvc, "gvContextPlugins", g.context_plugins, e) && bind(gvc, "gvFreeContext", g.free_context, e) &&
             bind(gvc, "gvLayout", g.layout, e) && bind(gvc, "gvFreeLayout", g.free_layout, e) &&
             bind(gvc, "gvRenderData", g.render_data, e) && bind(gvc, "gvFreeRenderData", g.free_render_data, e) &&
             bind(cgraph, "agopen", g.open, e) && bind(cgraph, "agclose", g.close, e) &&
             bind(cgraph, "agsafeset", g.safeset, e) && bind(cgraph, "agattr", g.attr, e) &&
             bind(cgraph, "agnode", g.node, e) && bind(cgraph, "agedge", g.edge, e) &&
             bind(cgraph, "Agdirected", directed, e) &&
             bind(dot, "gvplugin_dot_layout_LTX_library", dot_library, e) &&
             bind(core, "gvplugin_core_LTX_library", core_library, e);
  if (!all) return loaded;
  g.directed = *directed;
  g.builtins[0] = {"gvplugin_dot_layout_LTX_library", dot_library};
  g.builtins[1] = {"gvplugin_core_LTX_library", core_library};
  g.builtins[2] = {nullptr, nullptr};
  loaded.ok = true;
  return loaded;
}

}  // namespace

const GraphvizLibrary* graphviz_library(std::string& error) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  if (!loaded.ok) {
    error = loaded.error;
    return nullptr;
  }
  return &loaded.library;
}

}  // namespace mlstack::report

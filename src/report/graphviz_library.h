// SPDX-License-Identifier: MIT
// Graphviz's functions, loaded when the first graph is laid out rather than
// linked. libgvc, libcgraph and the two plugin libraries bring nine shared
// libraries (libltdl, libexpat, libz, libcdt, libpathplan, ...); mapping and
// relocating them cost every mlstack process ~2.5 ms and ~130 page faults at
// start (an empty program linked against them: 3.1 ms against 0.5 ms), while
// only `report --format html` and `why --format dot|html` draw a graph. The
// types still come from Graphviz's headers (libgraphviz-dev).
#pragma once

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>

#include <string>

namespace mlstack::report {

struct GraphvizLibrary {
  decltype(&::gvContextPlugins) context_plugins;
  decltype(&::gvFreeContext) free_context;
  decltype(&::gvLayout) layout;
  decltype(&::gvFreeLayout) free_layout;
  decltype(&::gvRenderData) render_data;
  decltype(&::gvFreeRenderData) free_render_data;
  decltype(&::agopen) open;
  decltype(&::agclose) close;
  decltype(&::agsafeset) safeset;
  decltype(&::agattr) attr;
  decltype(&::agnode) node;
  decltype(&::agedge) edge;
  Agdesc_t directed;  // cgraph's Agdirected
  // The plugins Graphviz may use: dot layout, core renderers (svg); no
  // config file is read and nothing else is loaded.
  lt_symlist_t builtins[3];
};

// Loaded once per process; nullptr when a library is missing, with the
// reason in `error`.
const GraphvizLibrary* graphviz_library(std::string& error);

}  // namespace mlstack::report

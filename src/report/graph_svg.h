// SPDX-License-Identifier: MIT
// A Graph (report/document.h) laid out by Graphviz's dot and written as an
// SVG element for inlining in HTML. Graphviz is used as a library (libgvc,
// libcgraph) with its dot layout and core SVG renderer linked in, and no
// text-layout plugin: label widths come from Graphviz's built-in font
// metrics, so the drawing is the same on every machine and no font is read.
// Nodes with a link become <a href="#row"> elements; ids are prefixed so that
// several graphs can share one page.
#pragma once

#include <string>

#include "report/document.h"

namespace mlstack::report {

// The <svg>...</svg> element, without the XML prolog; empty when Graphviz
// fails (the caller shows the outline instead).
std::string graph_svg(const Graph& graph, const std::string& id_prefix);

}  // namespace mlstack::report

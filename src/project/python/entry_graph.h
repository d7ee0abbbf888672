// SPDX-License-Identifier: MIT
// The part of a project that an entry point really loads: the first-party
// files reachable from an entry file through its imports (with the package
// __init__.py files Python executes on the way), the third-party packages
// those files import, and the calls into native extensions the project
// builds. This is what a person needs to ship or debug one command.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "project/python/scan.h"

namespace mlstack::project::python {

// Calls into a project-built extension from one file:
// `awq_inference_engine.gemv_forward_cuda_new(...)` in awq/quantize/qmodule.py.
struct ExtensionCallSite {
  std::string extension;  // "awq_inference_engine"
  std::string file;       // relative path
  std::uint32_t import_line = 0;
  std::vector<std::string> functions;  // called functions, in order of first call
};

// Every file of the scan that imports a project-built extension, with the
// extension's functions it calls (files are read again from disk).
std::vector<ExtensionCallSite> extension_call_sites(const PythonScan& scan);

struct EntryOptions {
  bool follow_lazy = true;        // imports inside functions
  bool follow_optional = true;    // imports guarded by except ImportError
  bool follow_typing = false;     // imports under TYPE_CHECKING never run
  bool follow_conditional = true; // version / platform checks
};

struct EntryEdge {
  std::string from;  // relative paths
  std::string to;
  std::uint32_t line = 0;
  bool lazy = false;
  bool optional = false;
};

struct EntryGraph {
  std::string entry;               // relative path of the entry file
  bool found = false;              // the entry is a scanned file
  std::vector<std::string> files;  // the minimal file set, entry first, in discovery order
  std::vector<EntryEdge> edges;
  std::vector<ThirdPartyImport> third_party;  // only sites inside `files`
  std::vector<std::string> unresolved;        // first-party imports with no file: "awq.missing (awq/x.py:3)"
  std::vector<ExtensionCallSite> extensions;  // only inside `files`
};

// `installed`, when given, maps third-party imports to distributions first (third_party_key).
EntryGraph entry_graph(const PythonScan& scan, std::string_view entry_path, const EntryOptions& options = {},
                       const PythonVersion* version = nullptr, const InstalledPackages* installed = nullptr);

// The file a module runs as with `python -m`: pkg/mod.py or pkg/mod/__main__.py.
const PythonFile* module_entry_file(const ProjectLayout& layout, std::string_view module);

// Graphviz DOT for the graph: first-party files as boxes, third-party
// packages as ellipses, extensions as hexagons; lazy/optional edges dashed.
std::string to_dot(const EntryGraph& graph);

}  // namespace mlstack::project::python

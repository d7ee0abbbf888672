// SPDX-License-Identifier: MIT
// The part of a project that an entry point really loads: the first-party
// files reachable from an entry file through its imports (with the package
// __init__.py files Python executes on the way), the third-party packages
// those files import, and the calls into native extensions the project
// builds. This is what a person needs to ship or debug one command.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "project/python/extension_calls.h"
#include "project/python/scan.h"

namespace mlstack::project::python {

// Every file of the scan that imports a project-built extension, with the
// extension's functions it calls (read in the scan's pass: PythonScan::extension_calls).
std::vector<ExtensionCallSite> extension_call_sites(const PythonScan& scan);

// The extension call sites of one file, from its imports and its text.
std::vector<ExtensionCallSite> extension_calls_in(const ProjectLayout& layout, const PythonFile& file,
                                                  const FileImports& imports, std::string_view text);

struct EntryOptions {
  bool follow_lazy = true;        // imports inside functions
  bool follow_optional = true;    // imports guarded by except ImportError
  bool follow_typing = false;     // imports under TYPE_CHECKING never run
  bool follow_conditional = true; // version / platform checks
  // Keep the edges and every third-party site (to_dot draws them). Without,
  // a graph has its files, unresolved imports and extensions, and each
  // third-party import with its first site only: what a summary of many
  // entries needs, in memory proportional to files rather than to edges.
  bool details = true;
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
  // The minimal file set, entry first, in discovery order: views of the
  // scan's file paths, valid while the scan lives (a tree's 300 entries
  // reach 100,000 files between them; copies took 9 MB).
  std::vector<std::string_view> files;
  std::vector<EntryEdge> edges;
  std::vector<ThirdPartyImport> third_party;  // only sites inside `files`
  std::vector<std::string> unresolved;        // first-party imports with no file: "awq.missing (awq/x.py:3)"
  std::vector<ExtensionCallSite> extensions;  // only inside `files`
};

// Every import of a scan resolved once (resolve_import, third_party_key), so
// that any number of entry graphs walk file indices instead of resolving
// names again: for each import, the first-party files loading it runs (the
// package __init__.py files on the way, the module, the target) and its
// third-party key. Built on `threads` workers (0: one per hardware thread);
// the result does not depend on their number. The scan must outlive it.
class ImportGraph {
 public:
  ImportGraph(const PythonScan& scan, const PythonVersion* version = nullptr,
              const InstalledPackages* installed = nullptr, unsigned threads = 0);

  struct Resolved {
    std::uint32_t record = 0;                          // index into scan.imports[file].imports
    std::uint32_t targets_begin = 0, targets_end = 0;  // files it loads, into targets()
    std::int32_t third_party = -1;                     // index into keys(), for a third-party import
    std::int32_t unresolved = -1;                      // index into unresolved_modules(): a first-party module with no file
  };
  const PythonScan& scan() const { return *m_scan; }
  // The imports of file `f` (an index into scan().layout.files()), in source order.
  std::span<const Resolved> imports_of(std::size_t f) const;
  std::span<const std::uint32_t> targets(const Resolved& r) const;
  const ThirdPartyKey& key(const Resolved& r) const { return m_keys[static_cast<std::size_t>(r.third_party)]; }
  const std::string& unresolved_module(const Resolved& r) const {
    return m_unresolved[static_cast<std::size_t>(r.unresolved)];
  }

 private:
  const PythonScan* m_scan;
  std::vector<std::size_t> m_begin;  // per file, into m_resolved; one more than files
  std::vector<Resolved> m_resolved;
  std::vector<std::uint32_t> m_targets;
  std::vector<ThirdPartyKey> m_keys;
  std::vector<std::string> m_unresolved;
};

EntryGraph entry_graph(const ImportGraph& imports, std::string_view entry_path, const EntryOptions& options = {});

// `installed`, when given, maps third-party imports to distributions first (third_party_key).
EntryGraph entry_graph(const PythonScan& scan, std::string_view entry_path, const EntryOptions& options = {},
                       const PythonVersion* version = nullptr, const InstalledPackages* installed = nullptr);

// The file a module runs as with `python -m`: pkg/mod.py or pkg/mod/__main__.py.
const PythonFile* module_entry_file(const ProjectLayout& layout, std::string_view module);

// Graphviz DOT for the graph: first-party files as boxes, third-party
// packages as ellipses, extensions as hexagons; lazy/optional edges dashed.
std::string to_dot(const EntryGraph& graph);

}  // namespace mlstack::project::python

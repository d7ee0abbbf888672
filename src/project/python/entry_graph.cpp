// SPDX-License-Identifier: MIT
#include "project/python/entry_graph.h"

#include <algorithm>
#include <deque>
#include <map>
#include <iterator>
#include <set>

#include "core/parallel.h"

#include "project/python/tokenizer.h"

namespace mlstack::project::python {

namespace {

bool follow(const ImportRecord& r, const EntryOptions& o) {
  if (r.dead) return false;
  if (r.typing_only && !o.follow_typing) return false;
  if (r.lazy && !o.follow_lazy) return false;
  if ((r.optional || r.fallback) && !o.follow_optional) return false;
  if (r.conditional && !o.follow_conditional) return false;
  return true;
}

std::string dot_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::vector<ExtensionCallSite> extension_call_sites(const PythonScan& scan) { return scan.extension_calls; }

std::vector<ExtensionCallSite> extension_calls_in(const ProjectLayout& layout, const PythonFile& file,
                                                  const FileImports& imports, std::string_view text) {
  std::vector<ExtensionCallSite> out;
  if (layout.extensions().empty()) return out;
  // Names bound to an extension in this file: alias -> extension; and
  // functions imported from it directly: name -> extension.
  std::map<std::string, std::string, std::less<>> modules, functions;
  std::map<std::string, std::uint32_t, std::less<>> lines;
  for (const ImportRecord& r : imports.imports) {
    ResolvedImport resolved = resolve_import(layout, file, r);
    if (resolved.kind != ImportKind::ProjectExtension) continue;
    std::string ext(layout.extension_for(resolved.module));
    lines.try_emplace(ext, r.line);
    if (r.form == ImportForm::FromImport && r.name != "*") functions[r.alias] = ext;
    else if (!r.alias.empty()) modules[r.alias] = ext;
  }
  if (lines.empty()) return out;
  std::map<std::string, ExtensionCallSite, std::less<>> sites;
  for (const auto& [ext, line] : lines) sites[ext] = ExtensionCallSite{ext, file.path, line, {}};
  auto add = [&](const std::string& ext, std::string_view fn) {
    auto& list = sites[ext].functions;
    if (std::find(list.begin(), list.end(), fn) == list.end()) list.emplace_back(fn);
  };
  Tokenizer tokenizer(text);
  Token p[3];  // previous tokens, oldest first
  for (Token t = tokenizer.next(); t.kind != TokenKind::EndOfFile; t = tokenizer.next()) {
    // alias . fn (    and    fn (
    if (t.is_op("(") && p[2].kind == TokenKind::Name) {
      if (p[1].is_op(".") && p[0].kind == TokenKind::Name) {
        if (auto it = modules.find(p[0].text); it != modules.end()) add(it->second, p[2].text);
      } else if (!p[1].is_op(".") && !p[1].is_name("def")) {
        if (auto it = functions.find(p[2].text); it != functions.end()) add(it->second, p[2].text);
      }
    }
    p[0] = p[1];
    p[1] = p[2];
    p[2] = t;
  }
  for (auto& [ext, site] : sites) out.push_back(std::move(site));
  return out;
}

const PythonFile* module_entry_file(const ProjectLayout& layout, std::string_view module) {
  std::string m(module);
  if (const PythonFile* main = layout.find_module(m + ".__main__")) return main;
  const PythonFile* f = layout.find_module(m);
  return f && !f->is_package ? f : nullptr;
}

ImportGraph::ImportGraph(const PythonScan& scan, const PythonVersion* version, const InstalledPackages* installed,
                         unsigned threads)
    : m_scan(&scan) {
  const ProjectLayout& layout = scan.layout;
  const auto& files = layout.files();
  const PythonFile* base = files.data();
  auto index_of = [&](const PythonFile* f) { return static_cast<std::uint32_t>(f - base); };
  // Every file's imports have their place in m_resolved from the start (one
  // per record); what varies in length (targets, keys, unresolved names) goes
  // to a slot per file first, then is laid out in file order.
  m_begin.reserve(files.size() + 1);
  std::size_t total = 0;
  for (std::size_t f = 0; f < files.size(); ++f) {
    m_begin.push_back(total);
    total += scan.imports[f].imports.size();
  }
  m_begin.push_back(total);
  m_resolved.resize(total);
  struct Slot {
    std::vector<std::uint32_t> targets;
    std::vector<ThirdPartyKey> keys;
    std::vector<std::string> unresolved;
  };
  std::vector<Slot> slots(files.size());
  parallel_for(files.size(), worker_count(threads, files.size(), 64), [&](std::size_t f, unsigned) {
    Slot& slot = slots[f];
    const auto& records = scan.imports[f].imports;
    for (std::uint32_t i = 0; i < records.size(); ++i) {
      const ImportRecord& r = records[i];
      Resolved& out = m_resolved[m_begin[f] + i];
      out.record = i;
      out.targets_begin = static_cast<std::uint32_t>(slot.targets.size());
      ResolvedImport resolved = resolve_import(layout, files[f], r, version);
      if (resolved.kind == ImportKind::FirstParty || resolved.kind == ImportKind::ScriptLocal) {
        // Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
        if (resolved.kind == ImportKind::FirstParty) {
          std::string_view m = resolved.module;
          for (std::size_t dot = m.find('.'); dot != std::string_view::npos; dot = m.find('.', dot + 1))
            if (const PythonFile* init = layout.find_module(m.substr(0, dot)); init && init->is_package)
              slot.targets.push_back(index_of(init));
          if (const PythonFile* self = layout.find_module(m); self && self != resolved.target)
            slot.targets.push_back(index_of(self));
        }
        if (resolved.target) {
          slot.targets.push_back(index_of(resolved.target));
        } else if (!layout.find_module(resolved.module) && !layout.defines(resolved.module)) {
          out.unresolved = static_cast<std::int32_t>(slot.unresolved.size());
          slot.unresolved.push_back(std::move(resolved.module));
        }
      } else if (resolved.kind == ImportKind::ThirdParty) {
        out.third_party = static_cast<std::int32_t>(slot.keys.size());
        slot.keys.push_back(third_party_key(resolved, r, installed));
      }
      out.targets_end = static_cast<std::uint32_t>(slot.targets.size());
    }
  });
  std::size_t targets = 0, keys = 0, unresolved = 0;
  for (const Slot& slot : slots) {
    targets += slot.targets.size();
    keys += slot.keys.size();
    unresolved += slot.unresolved.size();
  }
  m_targets.reserve(targets);
  m_keys.reserve(keys);
  m_unresolved.reserve(unresolved);
  for (std::size_t f = 0; f < files.size(); ++f) {
    Slot& slot = slots[f];
    auto target_base = static_cast<std::uint32_t>(m_targets.size());
    auto key_base = static_cast<std::int32_t>(m_keys.size());
    auto unresolved_base = static_cast<std::int32_t>(m_unresolved.size());
    for (std::size_t i = m_begin[f]; i < m_begin[f + 1]; ++i) {
      Resolved& r = m_resolved[i];
      r.targets_begin += target_base;
      r.targets_end += target_base;
      if (r.third_party >= 0) r.third_party += key_base;
      if (r.unresolved >= 0) r.unresolved += unresolved_base;
    }
    m_targets.insert(m_targets.end(), slot.targets.begin(), slot.targets.end());
    std::move(slot.keys.begin(), slot.keys.end(), std::back_inserter(m_keys));
    std::move(slot.unresolved.begin(), slot.unresolved.end(), std::back_inserter(m_unresolved));
    slot = Slot{};
  }
}

std::span<const ImportGraph::Resolved> ImportGraph::imports_of(std::size_t f) const {
  return std::span<const Resolved>(m_resolved).subspan(m_begin[f], m_begin[f + 1] - m_begin[f]);
}

std::span<const std::uint32_t> ImportGraph::targets(const Resolved& r) const {
  return std::span<const std::uint32_t>(m_targets).subspan(r.targets_begin, r.targets_end - r.targets_begin);
}

EntryGraph entry_graph(const ImportGraph& imports, std::string_view entry_path, const EntryOptions& options) {
  const PythonScan& scan = imports.scan();
  EntryGraph graph;
  graph.entry = std::string(entry_path);
  const auto& files = scan.layout.files();
  const PythonFile* entry = scan.layout.find_path(entry_path);
  if (!entry) return graph;
  graph.found = true;

  std::vector<bool> seen(files.size(), false);
  auto entry_index = static_cast<std::uint32_t>(entry - files.data());
  seen[entry_index] = true;
  std::deque<std::uint32_t> queue{entry_index};
  graph.files.push_back(entry->path);
  std::map<std::string, ThirdPartyImport, std::less<>> third_party;

  while (!queue.empty()) {
    std::uint32_t f = queue.front();
    queue.pop_front();
    const PythonFile& file = files[f];
    const auto& records = scan.imports[f].imports;
    for (const ImportGraph::Resolved& resolved : imports.imports_of(f)) {
      const ImportRecord& r = records[resolved.record];
      if (!follow(r, options)) continue;
      for (std::uint32_t to : imports.targets(resolved)) {
        if (options.details) graph.edges.push_back(EntryEdge{file.path, files[to].path, r.line, r.lazy, r.optional || r.fallback});
        if (!seen[to]) {
          seen[to] = true;
          graph.files.push_back(files[to].path);
          queue.push_back(to);
        }
      }
      if (resolved.unresolved >= 0)
        graph.unresolved.push_back(imports.unresolved_module(resolved) + " (" + file.path + ":" + std::to_string(r.line) + ")");
      if (resolved.third_party >= 0) {
        const ThirdPartyKey& key = imports.key(resolved);
        auto [it, fresh] = third_party.try_emplace(key.import_name);
        if (fresh) {
          it->second.import_name = key.import_name;
          it->second.distribution = key.distribution;
        }
        if (fresh || options.details) it->second.sites.push_back(ImportSite{file.path, r});
      }
    }
  }
  for (auto& [name, t] : third_party) graph.third_party.push_back(std::move(t));
  for (const ExtensionCallSite& site : scan.extension_calls) {
    const PythonFile* f = scan.layout.find_path(site.file);
    if (f && seen[static_cast<std::size_t>(f - files.data())]) graph.extensions.push_back(site);
  }
  return graph;
}

EntryGraph entry_graph(const PythonScan& scan, std::string_view entry_path, const EntryOptions& options,
                       const PythonVersion* version, const InstalledPackages* installed) {
  return entry_graph(ImportGraph(scan, version, installed), entry_path, options);
}

std::string to_dot(const EntryGraph& graph) {
  std::string out = "digraph entry {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n";
  for (std::string_view f : graph.files)
    out += "  \"" + dot_escape(f) + "\" [shape=box" + (f == graph.entry ? ", style=bold" : "") + "];\n";
  std::set<std::pair<std::string, std::string>> drawn;
  for (const EntryEdge& e : graph.edges) {
    if (!drawn.insert({e.from, e.to}).second) continue;
    out += "  \"" + dot_escape(e.from) + "\" -> \"" + dot_escape(e.to) + "\"";
    if (e.lazy || e.optional) out += " [style=dashed]";
    out += ";\n";
  }
  for (const ThirdPartyImport& t : graph.third_party) {
    std::string node = "pkg:" + t.distribution.distribution;
    out += "  \"" + dot_escape(node) + "\" [shape=ellipse, label=\"" + dot_escape(t.distribution.distribution) + "\"];\n";
    std::set<std::string> from;
    for (const ImportSite& s : t.sites) from.insert(s.file);
    bool dashed = !t.required_at_import();
    for (const std::string& f : from)
      out += "  \"" + dot_escape(f) + "\" -> \"" + dot_escape(node) + "\"" + (dashed ? " [style=dashed]" : "") + ";\n";
  }
  for (const ExtensionCallSite& e : graph.extensions) {
    std::string node = "ext:" + e.extension;
    out += "  \"" + dot_escape(node) + "\" [shape=hexagon, label=\"" + dot_escape(e.extension) + "\"];\n";
    std::string label;
    for (const std::string& fn : e.functions) label += (label.empty() ? "" : "\\n") + dot_escape(fn);
    out += "  \"" + dot_escape(e.file) + "\" -> \"" + dot_escape(node) + "\" [label=\"" + label + "\"];\n";
  }
  out += "}\n";
  return out;
}

}  // namespace mlstack::project::python

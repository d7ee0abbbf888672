// SPDX-License-Identifier: MIT
#include "project/python/entry_graph.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "core/mapped_file.h"
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

std::vector<ExtensionCallSite> extension_call_sites(const PythonScan& scan) {
  std::vector<ExtensionCallSite> out;
  const auto& files = scan.layout.files();
  for (std::size_t i = 0; i < files.size(); ++i) {
    // Names bound to an extension in this file: alias -> extension; and
    // functions imported from it directly: name -> extension.
    std::map<std::string, std::string, std::less<>> modules, functions;
    std::map<std::string, std::uint32_t, std::less<>> lines;
    for (const ImportRecord& r : scan.imports[i].imports) {
      ResolvedImport resolved = resolve_import(scan.layout, files[i], r);
      if (resolved.kind != ImportKind::ProjectExtension) continue;
      std::string ext(scan.layout.extension_for(resolved.module));
      lines.try_emplace(ext, r.line);
      if (r.form == ImportForm::FromImport && r.name != "*") functions[r.alias] = ext;
      else if (!r.alias.empty()) modules[r.alias] = ext;
    }
    if (lines.empty()) continue;
    auto mapped = MappedFile::open((scan.root / files[i].path).string());
    if (!mapped) continue;
    std::map<std::string, ExtensionCallSite, std::less<>> sites;
    for (const auto& [ext, line] : lines) sites[ext] = ExtensionCallSite{ext, files[i].path, line, {}};
    auto add = [&](const std::string& ext, std::string_view fn) {
      auto& list = sites[ext].functions;
      if (std::find(list.begin(), list.end(), fn) == list.end()) list.emplace_back(fn);
    };
    Tokenizer tokenizer(mapped->text());
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
  }
  return out;
}

const PythonFile* module_entry_file(const ProjectLayout& layout, std::string_view module) {
  std::string m(module);
  if (const PythonFile* main = layout.find_module(m + ".__main__")) return main;
  const PythonFile* f = layout.find_module(m);
  return f && !f->is_package ? f : nullptr;
}

EntryGraph entry_graph(const PythonScan& scan, std::string_view entry_path, const EntryOptions& options,
                       const PythonVersion* version, const InstalledPackages* installed) {
  EntryGraph graph;
  graph.entry = std::string(entry_path);
  const ProjectLayout& layout = scan.layout;
  const PythonFile* entry = layout.find_path(entry_path);
  if (!entry) return graph;
  graph.found = true;
  const PythonFile* base = layout.files().data();

  std::set<std::string, std::less<>> seen{graph.entry};
  std::deque<const PythonFile*> queue{entry};
  graph.files.push_back(graph.entry);
  std::map<std::string, ThirdPartyImport, std::less<>> third_party;

  auto visit = [&](const PythonFile* from, const PythonFile* to, const ImportRecord& r) {
    graph.edges.push_back(EntryEdge{from->path, to->path, r.line, r.lazy, r.optional || r.fallback});
    if (seen.insert(to->path).second) {
      graph.files.push_back(to->path);
      queue.push_back(to);
    }
  };

  while (!queue.empty()) {
    const PythonFile* file = queue.front();
    queue.pop_front();
    const FileImports& imports = scan.imports[static_cast<std::size_t>(file - base)];
    for (const ImportRecord& r : imports.imports) {
      if (!follow(r, options)) continue;
      ResolvedImport resolved = resolve_import(layout, *file, r, version);
      if (resolved.kind == ImportKind::FirstParty || resolved.kind == ImportKind::ScriptLocal) {
        // Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
        if (resolved.kind == ImportKind::FirstParty) {
          std::string_view m = resolved.module;
          for (std::size_t dot = m.find('.'); dot != std::string_view::npos; dot = m.find('.', dot + 1))
            if (const PythonFile* init = layout.find_module(m.substr(0, dot)); init && init->is_package)
              visit(file, init, r);
          if (const PythonFile* self = layout.find_module(m); self && self != resolved.target) visit(file, self, r);
        }
        if (resolved.target) visit(file, resolved.target, r);
        else if (!layout.find_module(resolved.module) && !layout.defines(resolved.module))
          graph.unresolved.push_back(resolved.module + " (" + file->path + ":" + std::to_string(r.line) + ")");
      } else if (resolved.kind == ImportKind::ThirdParty) {
        ThirdPartyKey key = third_party_key(resolved, r, installed);
        auto [it, fresh] = third_party.try_emplace(key.import_name);
        if (fresh) {
          it->second.import_name = key.import_name;
          it->second.distribution = std::move(key.distribution);
        }
        it->second.sites.push_back(ImportSite{file->path, r});
      }
    }
  }
  for (auto& [name, t] : third_party) graph.third_party.push_back(std::move(t));
  for (ExtensionCallSite& site : extension_call_sites(scan))
    if (seen.count(site.file)) graph.extensions.push_back(std::move(site));
  return graph;
}

std::string to_dot(const EntryGraph& graph) {
  std::string out = "digraph entry {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n";
  for (const std::string& f : graph.files)
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

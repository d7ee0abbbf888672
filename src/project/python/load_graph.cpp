// SPDX-License-Identifier: MIT
#include "project/python/load_graph.h"

#include <deque>
#include <vector>

namespace mlstack::project::python {
namespace {

bool unconditional(const ImportRecord& r) {
  return !r.lazy && !r.optional && !r.fallback && !r.typing_only && !r.conditional && !r.dead && r.guards().empty() &&
         r.unset_guards().empty() && r.condition().empty();
}

std::string how(const ImportRecord& r) {
  if (r.typing_only) return "only for type checking";
  if (r.dead) return "in code that never runs";
  if (r.lazy) return "inside a function";
  if (r.optional || r.fallback) return "inside try/except ImportError";
  if (!r.condition().empty()) return "under `if " + r.condition() + "`";
  if (!r.guards().empty()) return "under `if " + r.guards().back() + "`";
  if (r.conditional) return "under a version or platform check";
  return "under a condition";
}

}  // namespace

std::map<std::string, std::string> optionally_loaded_files(const PythonScan& scan) {
  const auto& files = scan.layout.files();
  std::vector<std::vector<std::size_t>> hard_edges(files.size());
  std::vector<std::string> first_soft(files.size());  // how it is first imported, when softly
  std::vector<bool> imported(files.size(), false);
  auto index_of = [&](const PythonFile* f) { return static_cast<std::size_t>(f - files.data()); };
  for (std::size_t i = 0; i < files.size() && i < scan.imports.size(); ++i) {
    for (const ImportRecord& r : scan.imports[i].imports) {
      ResolvedImport resolved = resolve_import(scan.layout, files[i], r);
      if (!resolved.target) continue;
      std::size_t j = index_of(resolved.target);
      if (j == i) continue;
      imported[j] = true;
      // The packages on the way load with it: pkg/__init__.py for pkg.mod.
      std::vector<std::size_t> loaded{j};
      std::string_view module = resolved.target->module;
      for (auto dot = module.rfind('.'); dot != std::string_view::npos && dot > 0; dot = module.rfind('.', dot - 1)) {
        if (const PythonFile* init = scan.layout.find_module(module.substr(0, dot)))
          if (init->is_package) loaded.push_back(index_of(init));
        if (dot == 0) break;
      }
      for (std::size_t k : loaded) {
        if (unconditional(r)) hard_edges[i].push_back(k);
        else if (first_soft[k].empty()) first_soft[k] = how(r) + " at " + files[i].path + ":" + std::to_string(r.line);
      }
    }
  }
  std::vector<bool> hard(files.size(), false);
  std::deque<std::size_t> queue;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& p = files[i].path;
    bool main_module = p == "__main__.py" || p.ends_with("/__main__.py");
    bool entry = main_module || (i < scan.imports.size() && scan.imports[i].has_main_guard);
    if (entry || !imported[i]) {
      hard[i] = true;
      queue.push_back(i);
    }
  }
  while (!queue.empty()) {
    std::size_t i = queue.front();
    queue.pop_front();
    for (std::size_t j : hard_edges[i])
      if (!hard[j]) {
        hard[j] = true;
        queue.push_back(j);
      }
  }
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < files.size(); ++i)
    if (!hard[i]) out.emplace(files[i].path, first_soft[i].empty() ? std::string("only optionally") : "imported " + first_soft[i]);
  return out;
}

}  // namespace mlstack::project::python

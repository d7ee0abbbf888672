// SPDX-License-Identifier: MIT
#include "project/python/analysis.h"

#include <algorithm>

#include "core/parallel.h"
#include "project/python/load_graph.h"

namespace mlstack::project::python {

const PythonFile* entry_file(const ProjectLayout& layout, std::string_view spec) {
  if (spec.rfind("-m ", 0) == 0) return module_entry_file(layout, spec.substr(3));
  if (auto colon = spec.find(':'); colon != std::string_view::npos) {
    // A console script "pkg.cli:main" runs pkg/cli.py (or pkg/cli/__init__.py).
    return layout.find_module(spec.substr(0, colon));
  }
  if (const PythonFile* f = layout.find_path(spec)) return f;
  return nullptr;
}

PythonAnalysis analyze_python_project(const std::filesystem::path& root, const AnalysisOptions& options) {
  PythonAnalysis out;
  // PYTHONPATH set by the project's scripts and READMEs: more first-party roots.
  ScanOptions scan_options = options.scan;
  for (const DocCommand& c : options.commands)
    for (const std::string& dir : c.python_path)
      if (!dir.empty() && std::find(scan_options.source_roots.begin(), scan_options.source_roots.end(), dir) ==
                              scan_options.source_roots.end())
        scan_options.source_roots.push_back(dir);
  out.scan = scan_python_project(root, scan_options);
  const PythonScan& scan = out.scan;
  // A standard-library name is never a dependency, whatever the version:
  // too new or removed for a project's Python is stdlib_problems' finding.
  const PythonVersion* target = nullptr;
  out.third_party = third_party_imports(scan, target, options.installed);
  for (const ProjectPython& p : options.target_pythons) {
    std::vector<std::string> deeper;
    for (const ProjectPython& q : options.target_pythons)
      if (q.folder.size() > p.folder.size() && (p.folder.empty() || q.folder.rfind(p.folder + "/", 0) == 0))
        deeper.push_back(q.folder);
    for (StdlibProblem& problem : stdlib_problems(scan, p.version, p.folder, deeper)) {
      problem.declared = p.declared;
      out.stdlib_problems.push_back(std::move(problem));
    }
  }

  out.optionally_loaded = optionally_loaded_files(scan);
  out.parsers = read_project_argparse(scan);
  const AttributeReads& reads = project_attribute_reads(scan);
  out.options_read_wholesale = reads.reads_all;
  for (const FileArgparse& f : out.parsers)
    for (const ArgParser& p : f.model.parsers)
      for (const ArgOption* o : unread_options(p, reads))
        out.unread_options.push_back(
            UnreadOption{f.file, o->flags.empty() ? o->positional : o->flags.front(), o->dest, o->at});
  out.flag_guards = flag_guarded_imports(out.parsers, scan);
  out.extension_calls = extension_call_sites(scan);

  std::vector<const PythonFile*> entries;
  if (options.entries.empty()) {
    const auto& files = scan.layout.files();
    for (std::size_t i = 0; i < files.size(); ++i) {
      std::string_view path = files[i].path;
      bool main_module = path == "__main__.py" ||
                         (path.size() > 12 && path.substr(path.size() - 12) == "/__main__.py");
      bool is_setup = path == "setup.py" || (path.size() > 9 && path.substr(path.size() - 9) == "/setup.py");
      if (main_module || (scan.imports[i].has_main_guard && !is_setup)) entries.push_back(&files[i]);
    }
  } else {
    for (const std::string& spec : options.entries) {
      if (const PythonFile* f = entry_file(scan.layout, spec)) entries.push_back(f);
      else out.missing_entries.push_back(spec);
    }
  }
  if (!entries.empty()) {
    // Imports resolved once for every entry; the entries walked in parallel,
    // each into its own slot (the order is the entries' whatever the threads).
    ImportGraph imports(scan, target, options.installed, options.scan.threads);
    out.entries.resize(entries.size());
    parallel_for(entries.size(), worker_count(options.scan.threads, entries.size()), [&](std::size_t i, unsigned) {
      out.entries[i] = entry_graph(imports, entries[i]->path, options.entry_options);
    });
  }

  for (const DocCommand& c : options.commands) {
    // Where it may run from: the folder the document or script moved to,
    // then its own folder and each one above it up to the root (a script
    // under shell/ is run from the sub-project holding it).
    std::vector<std::string> ancestors;
    std::string dir = c.file;
    do {
      auto slash = dir.rfind('/');
      dir = slash == std::string::npos ? std::string() : dir.substr(0, slash);
      ancestors.push_back(dir);
    } while (!dir.empty());
    std::vector<std::string> dirs;
    auto add = [&](const std::string& d) {
      if (std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
    };
    bool in_tree = false;  // the folder it runs from holds project code: a missing script can be judged
    if (c.working_dir_known && c.from_any_ancestor) {
      for (const std::string& a : ancestors) {
        std::string d = a.empty() ? c.working_dir : c.working_dir.empty() ? a : a + "/" + c.working_dir;
        add(d);
        in_tree |= d.empty() || scan.layout.has_folder(d);
      }
    } else if (c.working_dir_known) {
      add(c.working_dir);
      in_tree = c.working_dir.empty() || scan.layout.has_folder(c.working_dir);
    }
    for (const std::string& a : ancestors) add(a);
    DocCommand source = c;
    source.working_dir_known = c.working_dir_known && in_tree;
    if (auto check = check_command(c.command, scan, out.parsers, dirs))
      out.commands.push_back(DocCommandCheck{std::move(source), std::move(*check)});
  }
  return out;
}

}  // namespace mlstack::project::python

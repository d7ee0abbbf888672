// SPDX-License-Identifier: MIT
#include "project/python/analysis.h"

#include "core/parallel.h"

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
  out.scan = scan_python_project(root, options.scan);
  const PythonScan& scan = out.scan;
  const PythonVersion* target = options.target_python ? &*options.target_python : nullptr;
  out.third_party = third_party_imports(scan, target, options.installed);
  if (target) out.stdlib_problems = stdlib_problems(scan, *target);

  out.parsers = read_project_argparse(scan);
  AttributeReads reads = project_attribute_reads(scan);
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

  for (const DocCommand& c : options.commands)
    if (auto check = check_command(c.command, scan, out.parsers, c.working_dir))
      out.commands.push_back(DocCommandCheck{c, std::move(*check)});
  return out;
}

}  // namespace mlstack::project::python

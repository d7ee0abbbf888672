// SPDX-License-Identifier: MIT
#include "project/python/scan.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/file_guard.h"
#include "core/mapped_file.h"
#include "core/parallel.h"
#include "project/python/entry_graph.h"

namespace mlstack::project::python {

namespace fs = std::filesystem;

namespace {

// Folders that never hold the project's own sources.
bool skipped_dir(const fs::path& dir) {
  std::string name = dir.filename().string();
  if (name.empty()) return false;
  if (name == ".git" || name == ".hg" || name == ".svn" || name == "__pycache__" || name == "node_modules" ||
      name == ".tox" || name == ".nox" || name == ".eggs" || name == ".mypy_cache" || name == ".pytest_cache" ||
      name == "site-packages" || name == "dist-packages")
    return true;
  if (name.size() > 9 && name.substr(name.size() - 9) == ".egg-info") return true;
  // A virtual environment (venv and virtualenv both write pyvenv.cfg) or a
  // conda environment, whatever its folder is called; the standard library's
  // own `venv` package is neither.
  std::error_code ec;
  return fs::exists(dir / "pyvenv.cfg", ec) || fs::exists(dir / "conda-meta", ec);
}

// What one read of a file yields besides its imports.
struct FileFacts {
  std::optional<ArgparseModel> argparse;  // parsers read from the file alone
  std::string deferred;                   // text of a file whose HfArgumentParser needs every dataclass
  std::vector<Dataclass> dataclasses;
  std::vector<ExtensionCallSite> extension_calls;
  std::vector<Finding> problems;
  std::uint64_t bytes = 0;
};

// Everything later steps need from one file's text, read while it is in memory.
void read_facts(const ProjectLayout& layout, const PythonFile& file, std::string_view text, FileImports& imports,
                FileFacts& facts, AttributeReadsAccumulator& attributes) {
  imports = find_imports(text, [&](std::span<const Token> statement) { attributes.add(statement); });
  // Kept for the whole analysis: no growth slack (a tree has ~20 imports a file, 100,000s in all).
  imports.imports.shrink_to_fit();
  imports.dynamic.shrink_to_fit();
  if (may_define_dataclass(text)) {
    facts.dataclasses = read_dataclasses(text);
    for (Dataclass& c : facts.dataclasses) c.file = file.path;
  }
  if (may_define_parser(text)) {
    if (needs_project_dataclasses(text)) facts.deferred.assign(text);
    else facts.argparse = read_argparse(text);
  }
  facts.extension_calls = extension_calls_in(layout, file, imports, text);
}

// Runs whenever the module is imported: not in a function, not optional,
// under no condition of any kind.
bool quiet_flags(const ImportRecord& r) {
  return !r.lazy && !r.optional && !r.fallback && !r.typing_only && !r.conditional && !r.dead && r.guards().empty() &&
         r.unset_guards().empty() && r.condition().empty();
}

}  // namespace

std::vector<std::string> find_python_files(const fs::path& root, std::vector<Finding>& findings) {
  std::vector<std::string> out;
  std::error_code ec;
  const std::string root_real = real_path(root.string()).value_or(root.string());
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    findings.push_back(Finding{"input.python-unreadable", Severity::Error,
                               "cannot list " + root.string() + ": " + ec.message(), {Origin::file(root.string())},
                               {}, {}});
    return out;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      findings.push_back(Finding{"input.python-unreadable", Severity::Error, "cannot list a folder: " + ec.message(),
                                 {Origin::file(it->path().string())}, {}, {}});
      ec.clear();
      continue;
    }
    const fs::directory_entry& entry = *it;
    std::error_code type_ec;
    if (entry.is_symlink(type_ec)) {
      // Files behind links are read; linked folders are not followed (loops).
      if (entry.is_directory(type_ec)) continue;
      // ... but only files that really lie inside the project.
      if (entry.path().extension() == ".py") {
        auto real = real_path(entry.path().string());
        if (!real || !is_within(root_real, *real)) {
          if (entry.path().filename() != "setup.py")  // the manifest walk reports that one
            findings.push_back(Finding{"input.symlink-outside", Severity::Warning,
                                       "symbolic link points outside the project; not followed",
                                       {Origin::file(entry.path().lexically_relative(root).generic_string())}, {}, {}});
          continue;
        }
      }
    }
    if (entry.is_directory(type_ec)) {
      if (skipped_dir(entry.path())) it.disable_recursion_pending();
      continue;
    }
    if (entry.path().extension() != ".py") continue;
    if (!entry.is_regular_file(type_ec)) {
      // A FIFO, socket or device named like a source file: never opened (a FIFO blocks its reader).
      if (!entry.is_directory(type_ec))
        findings.push_back(Finding{"input.special-file", Severity::Info, "not a regular file; skipped",
                                   {Origin::file(entry.path().lexically_relative(root).generic_string())}, {}, {}});
      continue;
    }
    out.push_back(entry.path().lexically_relative(root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

PythonScan scan_python_project(const fs::path& root, const ScanOptions& options) {
  PythonScan scan;
  scan.root = root;
  std::vector<std::string> paths = find_python_files(root, scan.findings);
  scan.layout = ProjectLayout::build(paths, options.source_roots);
  for (const std::string& ext : options.extensions) scan.layout.add_extension(ext);
  // setup.py files first: the extensions they build are first-party for
  // every other file. Their text is kept for the pass below (one read each).
  std::map<std::string, std::string, std::less<>> setup_texts;
  if (options.read_setup_py) {
    for (const std::string& rel : paths) {
      if (rel != "setup.py" && (rel.size() < 9 || rel.substr(rel.size() - 9) != "/setup.py")) continue;
      std::string text;
      if (!read_into((root / rel).string(), text, options.max_file_bytes)) continue;  // the pass reports it
      SetupPyFile file{rel, read_setup_py(text)};
      for (const SetupExtension& ext : file.setup.extensions)
        if (!ext.name.empty()) scan.layout.add_extension(ext.name);
      scan.setup_py.push_back(std::move(file));
      setup_texts.emplace(rel, std::move(text));
    }
  }
  const auto& files = scan.layout.files();
  scan.imports.resize(files.size());

  // One read per file, spread over the cores; each file's results go to its
  // own slot and are merged in file order below.
  std::vector<FileFacts> facts(files.size());
  unsigned threads = worker_count(options.threads, files.size(), 8);
  std::vector<std::string> buffers(threads);
  std::vector<AttributeReadsAccumulator> attributes(threads);
  parallel_for(files.size(), threads, [&](std::size_t i, unsigned worker) {
    const PythonFile& file = files[i];
    FileFacts& f = facts[i];
    std::string_view text;
    if (auto kept = setup_texts.find(file.path); kept != setup_texts.end()) {
      text = kept->second;
    } else {
      auto read = read_into((root / file.path).string(), buffers[worker], options.max_file_bytes);
      if (!read) {
        const ReadError& e = read.error();
        f.problems.push_back(e.kind == ReadError::Kind::TooLarge
                                 ? Finding{"input.python-too-large", Severity::Error,
                                           "file of " + std::to_string(e.size) + " bytes not scanned",
                                           {Origin::file(file.path)}, {}, {}}
                                 : Finding{"input.python-unreadable", Severity::Error, e.message,
                                           {Origin::file(file.path)}, {}, {}});
        return;
      }
      text = buffers[worker];
    }
    f.bytes = text.size();
    read_facts(scan.layout, file, text, scan.imports[i], f, attributes[worker]);
    if (scan.imports[i].token_errors > 0)
      f.problems.push_back(Finding{"input.python-syntax", Severity::Warning,
                                   std::to_string(scan.imports[i].token_errors) +
                                       " token(s) that are not Python; imports read around them",
                                   {Origin::file(file.path)}, {}, {}});
  });
  setup_texts.clear();

  DataclassIndex dataclasses;
  for (std::size_t i = 0; i < files.size(); ++i) {
    FileFacts& f = facts[i];
    scan.bytes += f.bytes;
    for (auto& finding : f.problems) scan.findings.push_back(std::move(finding));
    for (Dataclass& c : f.dataclasses) dataclasses.try_emplace(c.name, std::move(c));
    for (ExtensionCallSite& site : f.extension_calls) scan.extension_calls.push_back(std::move(site));
  }
  for (AttributeReadsAccumulator& a : attributes) a.merge_into(scan.attributes);
  for (std::size_t i = 0; i < files.size(); ++i) {
    FileFacts& f = facts[i];
    ArgparseModel model = f.deferred.empty() ? std::move(f.argparse).value_or(ArgparseModel{})
                                             : read_argparse_in_project(f.deferred, dataclasses);
    if (!model.parsers.empty()) scan.parsers.push_back(FileArgparse{files[i].path, std::move(model)});
    f = FileFacts{};  // the kept text goes as soon as it is read
  }
  // Folders the code puts on sys.path hold first-party modules too: the
  // layout is rebuilt with them as source roots (same files, same order).
  std::vector<std::string> roots = sys_path_roots(scan);
  if (!roots.empty()) {
    roots.insert(roots.end(), options.source_roots.begin(), options.source_roots.end());
    std::set<std::string, std::less<>> extensions = scan.layout.extensions();
    scan.layout = ProjectLayout::build(paths, roots);
    for (const std::string& ext : extensions) scan.layout.add_extension(ext);
  }
  return scan;
}

std::vector<std::string> sys_path_roots(const PythonScan& scan) {
  // Folders holding Python files, to tell a real folder from a guess.
  std::set<std::string, std::less<>> folders;
  for (const PythonFile& f : scan.layout.files()) {
    std::string_view dir = f.path;
    while (true) {
      auto slash = dir.rfind('/');
      if (slash == std::string_view::npos) break;
      dir = dir.substr(0, slash);
      if (!folders.insert(std::string(dir)).second) break;
    }
  }
  std::set<std::string> out;
  auto add = [&](const std::string& base, std::string_view rel) {
    std::vector<std::string> parts;
    for (std::string_view path : {std::string_view(base), rel}) {
      std::size_t start = 0;
      while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        std::string_view part = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (part == "..") {
          if (parts.empty()) return;  // above the root
          parts.pop_back();
        } else if (!part.empty() && part != ".") {
          parts.emplace_back(part);
        }
        if (slash == std::string_view::npos) break;
        start = slash + 1;
      }
    }
    std::string joined;
    for (const auto& p : parts) joined += (joined.empty() ? "" : "/") + p;
    if (!joined.empty() && folders.count(joined)) out.insert(joined);
  };
  const auto& files = scan.layout.files();
  for (std::size_t i = 0; i < files.size() && i < scan.imports.size(); ++i) {
    std::string dir = files[i].path.rfind('/') == std::string::npos ? std::string()
                                                                     : files[i].path.substr(0, files[i].path.rfind('/'));
    for (const SysPathEntry& e : scan.imports[i].sys_path) {
      switch (e.base) {
        case SysPathEntry::Base::File: add(dir, e.path); break;
        case SysPathEntry::Base::Cwd:  // run from its own folder or from the root
          add(dir, e.path);
          add("", e.path);
          break;
        case SysPathEntry::Base::Any:
          for (const std::string& f : folders)
            if (f == e.path || (f.size() > e.path.size() && f.compare(f.size() - e.path.size(), e.path.size(), e.path) == 0 &&
                                f[f.size() - e.path.size() - 1] == '/'))
              out.insert(f);
          break;
      }
    }
  }
  return {out.begin(), out.end()};
}

const char* to_string(ImportKind kind) {
  switch (kind) {
    case ImportKind::Future: return "future";
    case ImportKind::Stdlib: return "stdlib";
    case ImportKind::FirstParty: return "first-party";
    case ImportKind::ScriptLocal: return "script-local";
    case ImportKind::ProjectExtension: return "project-extension";
    case ImportKind::ThirdParty: return "third-party";
    case ImportKind::Unresolved: return "unresolved";
  }
  return "?";
}

ResolvedImport resolve_import(const ProjectLayout& layout, const PythonFile& from, const ImportRecord& import,
                              const PythonVersion* version) {
  ResolvedImport out;
  out.module = resolve_relative(from, import);
  if (import.level > 0 && out.module.empty()) {
    out.kind = ImportKind::Unresolved;
    return out;
  }
  const std::string& m = out.module;
  auto first_party_target = [&]() -> const PythonFile* {
    // `from pkg import mod` loads pkg/mod.py when that is a module.
    if (import.form == ImportForm::FromImport && import.name != "*")
      if (const PythonFile* f = layout.find_module(m + "." + import.name)) return f;
    return layout.find_module(m);
  };
  if (import.level > 0) {
    out.kind = ImportKind::FirstParty;
    out.target = first_party_target();
    return out;
  }
  if (m == "__future__") {
    out.kind = ImportKind::Future;
    return out;
  }
  std::string_view top = std::string_view(m).substr(0, m.find('.'));
  // A script sees its own folder first (`python tools/x.py` puts tools/ on
  // sys.path): a sibling module or package, regular or namespace.
  auto sibling_of = [&]() -> bool {
    std::string_view dir = from.path;
    auto slash = dir.rfind('/');
    dir = slash == std::string_view::npos ? std::string_view() : dir.substr(0, slash);
    if (dir.empty()) return false;
    std::string sibling = std::string(dir) + "/" + std::string(top);
    // A namespace folder never hides a standard-library module (regular
    // modules anywhere on sys.path win over namespace portions).
    if (!layout.find_path(sibling + ".py") && !layout.find_path(sibling + "/__init__.py") &&
        !(layout.has_folder(sibling) && !find_stdlib_module(top)))
      return false;
    out.kind = ImportKind::ScriptLocal;
    std::string rest = m.substr(top.size());
    for (char& c : rest) if (c == '.') c = '/';
    out.target = layout.find_path(sibling + rest + ".py");
    if (!out.target) out.target = layout.find_path(sibling + rest + "/__init__.py");
    return true;
  };
  if (!from.in_regular_package && sibling_of()) return out;
  // A project file shadows anything else; a project package claims its
  // whole namespace unless the name is also the standard library's.
  if (layout.find_module(m) || (layout.defines(top) && !find_stdlib_module(top))) {
    out.kind = ImportKind::FirstParty;
    out.target = first_party_target();
    return out;
  }
  if (!layout.extension_for(m).empty()) {
    out.kind = ImportKind::ProjectExtension;
    return out;
  }
  const StdlibModule* std_module = find_stdlib_module(top);
  if (std_module) {
    bool in_version = !version || stdlib_status(top, *version) != StdlibStatus::NotStdlib;
    if (in_version) {
      out.kind = ImportKind::Stdlib;
      return out;
    }
  }
  // A module of a regular package run as a script (`python pkg/tool.py`)
  // imports its siblings the same way.
  if (from.in_regular_package && sibling_of()) return out;
  out.kind = ImportKind::ThirdParty;
  return out;
}

bool ThirdPartyImport::required_at_import() const {
  return std::any_of(sites.begin(), sites.end(), [](const ImportSite& s) { return quiet_flags(s.record); });
}

bool ThirdPartyImport::only_optional() const {
  return std::all_of(sites.begin(), sites.end(), [](const ImportSite& s) {
    const ImportRecord& r = s.record;
    return r.optional || r.fallback || r.typing_only || r.dead;
  });
}

namespace {

std::size_t components(std::string_view dotted) {
  return dotted.empty() ? 0 : 1 + static_cast<std::size_t>(std::count(dotted.begin(), dotted.end(), '.'));
}

// The installed distributions for `module`, when they name at least as long a
// module as the table does.
DistributionGuess installed_guess(std::string_view module, const DistributionGuess& table,
                                  const InstalledPackages& installed, std::string& import_name) {
  InstalledPackages::Providers p = installed.providers(module);
  if (p.distributions.empty()) return {};
  if (table.row && components(table.row->import_name) > components(p.import_name)) return {};
  DistributionGuess guess;
  const InstalledDistribution& first = *p.distributions.front();
  guess.distribution = first.name.empty() ? first.canonical_name : first.name;
  for (const InstalledDistribution* d : p.distributions) guess.installed.push_back(d->canonical_name);
  guess.evidence = first.import_names_source + " of " + guess.distribution + " " + first.version;
  import_name = p.import_name;
  return guess;
}

}  // namespace

ThirdPartyKey third_party_key(const ResolvedImport& resolved, const ImportRecord& r, const InstalledPackages* installed) {
  std::string module = resolved.module;
  // `from google import protobuf` names google.protobuf when something says that is a module of its own.
  if (r.form == ImportForm::FromImport && r.name != "*" && !r.name.empty()) {
    std::string longer = module + "." + r.name;
    bool known = distribution_for_import(longer).row != nullptr;
    if (!known && installed) {
      InstalledPackages::Providers p = installed->providers(longer);
      known = p.import_name == longer;
    }
    if (known) module = std::move(longer);
  }
  ThirdPartyKey key;
  DistributionGuess table = distribution_for_import(module);
  if (installed) {
    std::string import_name;
    DistributionGuess guess = installed_guess(module, table, *installed, import_name);
    if (!guess.installed.empty()) {
      key.import_name = std::move(import_name);
      key.distribution = std::move(guess);
      return key;
    }
  }
  key.import_name = table.row ? std::string(table.row->import_name) : module.substr(0, module.find('.'));
  key.distribution = std::move(table);
  return key;
}

std::vector<ThirdPartyImport> third_party_imports(const PythonScan& scan, const PythonVersion* version,
                                                  const InstalledPackages* installed) {
  std::map<std::string, ThirdPartyImport, std::less<>> by_name;
  const auto& files = scan.layout.files();
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (const ImportRecord& r : scan.imports[i].imports) {
      ResolvedImport resolved = resolve_import(scan.layout, files[i], r, version);
      if (resolved.kind != ImportKind::ThirdParty) continue;
      ThirdPartyKey key = third_party_key(resolved, r, installed);
      auto [it, fresh] = by_name.try_emplace(key.import_name);
      if (fresh) {
        it->second.import_name = key.import_name;
        it->second.distribution = std::move(key.distribution);
      }
      it->second.sites.push_back(ImportSite{files[i].path, r});
    }
  }
  std::vector<ThirdPartyImport> out;
  out.reserve(by_name.size());
  for (auto& [name, entry] : by_name) out.push_back(std::move(entry));
  return out;
}

std::vector<StdlibProblem> stdlib_problems(const PythonScan& scan, PythonVersion version, std::string_view folder,
                                           const std::vector<std::string>& excluded) {
  std::vector<StdlibProblem> out;
  const auto& files = scan.layout.files();
  auto under = [](std::string_view path, std::string_view dir) {
    return dir.empty() || (path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/');
  };
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!under(files[i].path, folder)) continue;
    if (std::any_of(excluded.begin(), excluded.end(), [&](const std::string& d) { return under(files[i].path, d); }))
      continue;
    for (const ImportRecord& r : scan.imports[i].imports) {
      ResolvedImport resolved = resolve_import(scan.layout, files[i], r, nullptr);
      if (resolved.kind != ImportKind::Stdlib) continue;
      StdlibStatus status = stdlib_status(resolved.module, version);
      if (status != StdlibStatus::NotYet && status != StdlibStatus::Removed) continue;
      const StdlibModule* m = find_stdlib_module(resolved.module);
      out.push_back(StdlibProblem{ImportSite{files[i].path, r}, status,
                                  status == StdlibStatus::NotYet ? m->added : m->removed, version, std::string(folder), {}});
    }
  }
  return out;
}

}  // namespace mlstack::project::python

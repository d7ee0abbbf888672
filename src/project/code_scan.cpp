// SPDX-License-Identifier: MIT
#include "project/code_scan.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "core/file_guard.h"
#include "core/mapped_file.h"
#include "pep/name.h"
#include "project/manifest/markdown_fences.h"
#include "pep/requirement.h"
#include "pep/specifier.h"
#include "pep/version.h"

namespace mlstack::project {
namespace {

namespace fs = std::filesystem;

bool is_python_launch(std::string_view line) {
  for (std::string_view prefix : {"python ", "python3 ", "python3.", "$ python ", "$ python3 "}) {
    if (line.starts_with(prefix)) return true;
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Joins `\` continuations of the command lines fed to it into DocCommands.
class CommandCollector {
 public:
  CommandCollector(const std::string& file, std::vector<python::DocCommand>& out)
      : m_file(file), m_dir(fs::path(file).parent_path().string()), m_out(out) {}

  void line(std::string_view text, std::uint32_t number) {
    text = trim(text);
    if (m_pending.empty()) {
      if (text.starts_with("$ ")) text.remove_prefix(2);
      if (!is_python_launch(text)) return;
      m_pending = std::string(text);
      m_line = number;
    } else {
      m_pending += ' ';
      m_pending += text;
    }
    if (!m_pending.empty() && m_pending.back() == '\\') {
      m_pending.pop_back();
      return;
    }
    m_out.push_back({m_pending, m_file, m_line, m_dir});
    m_pending.clear();
  }
  void reset() { m_pending.clear(); }

 private:
  std::string m_file;
  std::string m_dir;
  std::vector<python::DocCommand>& m_out;
  std::string m_pending;
  std::uint32_t m_line = 0;
};

// Commands from one file: in Markdown only inside fenced shell blocks (the
// manifest reader's fence rules: lists, quotes, prompts, console output), in
// scripts anywhere.
void commands_in(const std::string& text, const std::string& file, bool markdown, std::vector<python::DocCommand>& out) {
  CommandCollector collector(file, out);
  if (markdown) {
    MarkdownLines lines(text);
    MarkdownLine line;
    while (lines.next(line)) {
      // A blank line ends a command as in the shell; console output lines
      // never come while a `\` continuation is pending (the fence reader
      // hands those over as commands).
      if (line.kind != MarkdownLine::Kind::Code) collector.reset();
      else if (line.shell) collector.line(line.command, line.number);
    }
    return;
  }
  std::size_t start = 0;
  std::uint32_t number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    collector.line(std::string_view(text).substr(start, end - start), ++number);
    start = end + 1;
  }
}

bool skipped_dir(const std::string& name) {
  return name.starts_with(".") || name == "node_modules" || name == "build" || name == "dist" || name == "__pycache__" ||
         name == "site-packages";
}

bool declared_in_manifest(const ScanResult& scan, const ScannedRequirement& r) {
  if (r.manifest >= scan.manifests.size()) return false;
  switch (scan.manifests[r.manifest].kind) {
    case ManifestKind::Pyproject:
    case ManifestKind::Requirements:
    case ManifestKind::SetupPy:
    case ManifestKind::SetupCfg:
    case ManifestKind::CondaEnvironment:
      return true;
    default:
      return false;
  }
}

Origin site_origin(const python::ImportSite& site) {
  return Origin::file(site.file, site.record.line, site.record.column);
}

// Packages that are declared to be run or to build, not imported. Stated in
// the finding instead of being silently skipped.
std::string not_imported_reason(std::string_view name) {
  static const std::set<std::string, std::less<>> build = {"setuptools", "wheel", "pip", "ninja", "cmake",
                                                            "packaging", "build", "cython", "pybind11"};
  static const std::set<std::string, std::less<>> servers = {"uvicorn", "gunicorn", "hypercorn"};
  if (build.count(name)) return "a build tool, usually not imported at run time";
  if (servers.count(name)) return "a server usually run from the command line, not imported";
  return {};
}

// Imports in setup.py files run at build time: build-system requires declare
// them, not the runtime dependencies.
std::vector<python::ImportSite> runtime_sites(const python::ThirdPartyImport& tp) {
  std::vector<python::ImportSite> sites;
  for (const auto& site : tp.sites) {
    if (fs::path(site.file).filename() != "setup.py") sites.push_back(site);
  }
  return sites;
}

// How a distribution came to be installed: one step of the Requires-Dist
// graph from a declared requirement of the project.
struct Step {
  const python::InstalledDistribution* parent = nullptr;  // null: the declared root itself
  const python::InstalledRequirement* edge = nullptr;
  const ScannedRequirement* root = nullptr;               // set on a root
};

// Breadth-first over the environment's Requires-Dist graph from what the
// project's manifests declare (runtime, extras and groups, with the extras
// each declaration asks for). States are (distribution, extra), "" being the
// base install; the first path found to a distribution is a shortest one.
class DependencyGraph {
 public:
  DependencyGraph(const ScanResult& scan, const python::InstalledPackages& installed) {
    for (const auto& r : scan.requirements) {
      if (r.name.empty() || !declared_in_manifest(scan, r)) continue;
      if (r.declared.scope != Scope::Runtime && r.declared.scope != Scope::Extra && r.declared.scope != Scope::Group) continue;
      std::vector<std::string> extras;
      if (r.declared.form == RequirementForm::Pep508)
        if (auto parsed = pep::Requirement::parse(r.declared.text)) extras = parsed->extras;
      visit({r.name, ""}, Step{nullptr, nullptr, &r});
      for (const std::string& e : extras) visit({r.name, pep::canonicalize_name(e)}, Step{nullptr, nullptr, &r});
    }
    while (!m_queue.empty()) {
      State state = m_queue.front();
      m_queue.pop_front();
      const python::InstalledDistribution* dist = installed.find(state.first);
      if (!dist) continue;
      for (const auto& edge : dist->requires_dist) {
        if (pep::canonicalize_name(edge.extra) != state.second) continue;
        visit({edge.name, ""}, Step{dist, &edge, nullptr});
        for (const std::string& e : edge.extras) visit({edge.name, pep::canonicalize_name(e)}, Step{dist, &edge, nullptr});
      }
    }
  }

  // The chain from a declared requirement to `name`, nearest first; empty when unreachable.
  std::vector<Step> chain(const std::string& name) const {
    std::vector<Step> out;
    State state{name, ""};
    for (std::size_t guard = 0; guard < 64; ++guard) {
      auto it = m_parent.find(state);
      if (it == m_parent.end()) return {};
      out.push_back(it->second);
      if (it->second.root) return out;
      state = {it->second.parent->canonical_name, pep::canonicalize_name(it->second.edge->extra)};
    }
    return {};
  }

 private:
  using State = std::pair<std::string, std::string>;
  void visit(State state, Step step) {
    if (m_parent.emplace(state, step).second) m_queue.push_back(std::move(state));
  }
  std::map<State, Step> m_parent;
  std::deque<State> m_queue;
};

// "numpy ← torch 2.3.0 (Requires-Dist: numpy>=1.22) ← torch==2.3.0 (pyproject.toml:12)"
std::string describe_chain(const std::string& name, const std::vector<Step>& chain) {
  std::string out = name;
  for (const Step& s : chain) {
    if (s.root) {
      out += fmt::format(" ← {} ({}:{})", s.root->declared.text, s.root->declared.origin.path, s.root->declared.origin.line);
    } else {
      out += fmt::format(" ← {} {}{} (Requires-Dist: {})", s.parent->name, s.parent->version,
                         s.edge->extra.empty() ? "" : fmt::format(" [{}]", s.edge->extra), s.edge->text);
    }
  }
  return out;
}

// ">=1.26" from "1.26.4": the release series that is installed, as a floor.
std::string floor_of(const std::string& version) {
  auto parsed = pep::Version::parse(version);
  if (!parsed) return {};
  auto release = parsed->release();
  if (release.empty()) return {};
  return release.size() == 1 ? fmt::format(">={}", release[0]) : fmt::format(">={}.{}", release[0], release[1]);
}

std::optional<Finding> transitive_finding(const DependencyGraph& graph, const python::InstalledPackages& installed,
                                          const python::ThirdPartyImport& tp, const std::vector<std::string>& candidates,
                                          const python::ImportSite& first, const std::string& where) {
  for (const std::string& candidate : candidates) {
    std::vector<Step> chain = graph.chain(candidate);
    if (chain.empty()) continue;
    const python::InstalledDistribution* self = installed.find(candidate);
    const Step& nearest = chain.front();
    std::string parent = nearest.root ? nearest.root->display_name : nearest.parent->name;
    std::string name = self ? self->name : tp.distribution.distribution;
    std::string floor = self ? floor_of(self->version) : std::string();
    Finding f{"scan.transitive-only", Severity::Warning,
              fmt::format("`{}` is imported ({}) but {} is not declared: it is installed only as a dependency of {} "
                          "({}), and the import breaks when {} stops requiring it",
                          tp.import_name, where, name, parent, describe_chain(name, chain), parent),
              {site_origin(first)},
              fmt::format("declare it: add \"{}{}\" to the project's dependencies{}", name, floor,
                          self ? fmt::format(" ({} {} is installed)", name, self->version) : ""),
              {}};
    for (const Step& s : chain) {
      if (s.root) f.origins.push_back(s.root->declared.origin);
      else f.origins.push_back(Origin::dist(fmt::format("{} {}", s.parent->name, s.parent->version), s.parent->metadata_dir));
    }
    return f;
  }
  return std::nullopt;
}

void import_findings(const ScanResult& scan, const python::PythonAnalysis& analysis,
                     const python::InstalledPackages* installed, std::vector<Finding>& out) {
  std::optional<DependencyGraph> graph;
  if (installed) graph.emplace(scan, *installed);
  std::set<std::string> imported;
  for (const auto& tp : analysis.third_party) {
    // The distribution the import comes from; with an environment, any of
    // those installing it (opencv-python and opencv-python-headless both give cv2).
    std::vector<std::string> candidates = tp.distribution.installed;
    if (candidates.empty()) candidates.push_back(pep::canonicalize_name(tp.distribution.distribution));
    std::string dist = candidates.front();
    imported.insert(candidates.begin(), candidates.end());
    std::vector<python::ImportSite> sites = runtime_sites(tp);
    if (sites.empty()) continue;
    python::ThirdPartyImport runtime{tp.import_name, tp.distribution, sites};
    std::vector<const ScannedRequirement*> in_manifests;
    bool anywhere = false;  // install scripts and README commands count as declaring it
    for (const auto& r : scan.requirements) {
      if (std::find(candidates.begin(), candidates.end(), r.name) == candidates.end()) continue;
      anywhere = true;
      if (declared_in_manifest(scan, r)) in_manifests.push_back(&r);
    }
    const python::ImportSite& first = sites.front();
    std::string where = fmt::format("{}:{}", first.file, first.record.line);
    std::string more = sites.size() > 1 ? fmt::format(" and {} more", sites.size() - 1) : "";
    if (!anywhere) {
      if (runtime.only_optional()) continue;  // guarded by try/except ImportError: optional by design
      if (graph) {
        if (auto f = transitive_finding(*graph, *installed, tp, candidates, first, where + more)) {
          out.push_back(std::move(*f));
          continue;
        }
      }
      {
        std::string note;
        if (installed) {
          const python::InstalledDistribution* self = installed->find(dist);
          note = self ? fmt::format("; {} {} is installed, but nothing the project declares requires it", self->name, self->version)
                      : fmt::format("; it is not installed in {}", installed->description());
        }
        out.push_back(Finding{"scan.undeclared-import", Severity::Warning,
                              fmt::format("`{}` is imported ({}{}) but {} is declared nowhere{}", tp.import_name, where, more,
                                          tp.distribution.distribution, note),
                              {site_origin(first)},
                              fmt::format("add \"{}\" to the project's dependencies", tp.distribution.distribution), {}});
      }
      continue;
    }
    if (in_manifests.empty()) continue;  // declared only by a script: scan.script-only says so
    bool runtime_declared = std::any_of(in_manifests.begin(), in_manifests.end(), [](const ScannedRequirement* r) {
      return r->declared.scope == Scope::Runtime && !r->declared.optional;
    });
    if (!runtime_declared && runtime.required_at_import()) {
      const ScannedRequirement* d = in_manifests.front();
      out.push_back(Finding{"scan.optional-import-unguarded", Severity::Warning,
                            fmt::format("{} is declared only as optional ({} `{}`) but `{}` is imported unconditionally at {}",
                                        d->display_name, to_string(d->declared.scope), d->declared.group, tp.import_name, where),
                            {site_origin(first), d->declared.origin},
                            fmt::format("move \"{}\" to the main dependencies, or import it inside try/except ImportError",
                                        d->declared.text),
                            {}});
    }
  }
  std::set<std::string> reported;
  for (const auto& r : scan.requirements) {
    if (r.name.empty() || !declared_in_manifest(scan, r) || r.declared.scope != Scope::Runtime) continue;
    if (imported.count(r.name) || !reported.insert(r.name).second) continue;
    if (r.declared.form != RequirementForm::Pep508 || r.declared.editable) continue;
    std::string reason = not_imported_reason(r.name);
    out.push_back(Finding{"scan.unused-dependency", Severity::Info,
                          reason.empty() ? fmt::format("{} is declared but no project file imports it", r.display_name)
                                         : fmt::format("{} is declared but no project file imports it ({})", r.display_name, reason),
                          {r.declared.origin}, {}, {}});
  }
}

void doc_findings(const python::PythonAnalysis& analysis, std::vector<Finding>& out) {
  for (const auto& checked : analysis.commands) {
    const auto& c = checked.check;
    Origin at = Origin::file(checked.source.file, checked.source.line);
    if (!c.target_exists) {
      out.push_back(Finding{"scan.doc-missing-target", Severity::Error,
                            fmt::format("`{}` runs {}, which is no file of the project", c.command, c.target), {at}, {}, {}});
      continue;
    }
    for (const auto& flag : c.flags) {
      if (flag.status == python::FlagStatus::Undefined || flag.status == python::FlagStatus::Ambiguous) {
        std::string what = flag.status == python::FlagStatus::Ambiguous
                               ? fmt::format("is ambiguous (it abbreviates several options)")
                               : fmt::format("is not defined by {}", c.target_file);
        out.push_back(Finding{"scan.doc-undefined-flag", Severity::Error,
                              fmt::format("`{}` in `{}` {}: {} will exit with an error", flag.flag, c.target, what,
                                          c.parser_library),
                              {at}, flag.suggestion.empty() ? "" : fmt::format("use {}", flag.suggestion), {}});
      } else if (flag.status == python::FlagStatus::Abbreviation && !flag.matches.empty()) {
        out.push_back(Finding{"scan.doc-abbreviated-flag", Severity::Info,
                              fmt::format("`{}` in `{}` works only as an abbreviation of {} (argparse allow_abbrev)",
                                          flag.flag, c.target, flag.matches.front()),
                              {at}, fmt::format("write {} in full", flag.matches.front()), {}});
      }
    }
  }
  for (const auto& unread : analysis.unread_options) {
    out.push_back(Finding{"scan.unread-flag", Severity::Info,
                          fmt::format("option {} is defined but the code never reads args.{}", unread.flag, unread.dest),
                          {Origin::file(unread.file, unread.at.line, unread.at.column)}, {}, {}});
  }
}

void stdlib_findings(const python::PythonAnalysis& analysis, const python::PythonVersion& version, std::vector<Finding>& out) {
  for (const auto& p : analysis.stdlib_problems) {
    bool removed = p.status == python::StdlibStatus::Removed;
    out.push_back(Finding{"scan.stdlib-missing", Severity::Error,
                          fmt::format("`{}` is {} the standard library of Python {}.{}, which the project supports",
                                      p.site.record.module, removed ? "no longer in" : "not yet in", version.major, version.minor),
                          {site_origin(p.site)}, {}, {}});
  }
}

// The lowest Python the project supports, from requires-python (>=3.9 -> 3.9).
std::optional<python::PythonVersion> lowest_python(const ScanResult& scan) {
  for (const auto& m : scan.manifests) {
    if (!m.requires_python || !m.stack.empty()) continue;
    auto spec = pep::SpecifierSet::parse(m.requires_python->text);
    if (!spec) continue;
    for (int minor = 6; minor <= 14; ++minor) {
      if (spec->contains(fmt::format("3.{}.0", minor), true) || spec->contains(fmt::format("3.{}.99", minor), true)) {
        return python::PythonVersion{3, minor};
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<python::DocCommand> documented_commands(const std::string& root) {
  std::vector<python::DocCommand> out;
  std::error_code ec;
  const std::string root_real = real_path(root).value_or(root);
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (skipped_dir(name) || fs::exists(it->path() / "pyvenv.cfg", ec)) it.disable_recursion_pending();
      continue;
    }
    bool markdown = name.ends_with(".md");
    if (!markdown && !name.ends_with(".sh")) continue;
    if (it->file_size(ec) > (4u << 20)) continue;
    if (it->is_symlink(ec)) {  // a link is read only when it leads to a file inside the project
      auto real = real_path(it->path().string());
      if (!real || !is_within(root_real, *real)) continue;
    }
    auto text = read_file(it->path().string());
    if (!text) continue;
    commands_in(*text, fs::relative(it->path(), root, ec).string(), markdown, out);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return std::tie(a.file, a.line) < std::tie(b.file, b.line); });
  return out;
}

CodeScan scan_code(const std::string& root, const ScanResult& manifests, const CodeScanOptions& options) {
  CodeScan result;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return result;  // a single manifest has no code to read
  python::AnalysisOptions analysis_options;
  analysis_options.entries = options.entries;
  analysis_options.installed = options.installed;
  if (options.installed) result.environment = options.installed->description();
  analysis_options.target_python = lowest_python(manifests);
  result.commands = documented_commands(root);
  analysis_options.commands = result.commands;
  result.analysis = python::analyze_python_project(root, analysis_options);
  // What the source walk skipped for safety (a link out of the project, a
  // FIFO named like a module) is said, as the manifest walk says it.
  for (const Finding& f : result.analysis.scan.findings)
    if (f.rule == "input.symlink-outside" || f.rule == "input.special-file") result.findings.push_back(f);
  import_findings(manifests, result.analysis, options.installed, result.findings);
  doc_findings(result.analysis, result.findings);
  if (analysis_options.target_python) stdlib_findings(result.analysis, *analysis_options.target_python, result.findings);
  return result;
}

}  // namespace mlstack::project

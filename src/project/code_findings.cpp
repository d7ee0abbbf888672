// SPDX-License-Identifier: MIT
// Documented commands and standard-library modules against the code:
// scan.doc-missing-target, scan.doc-undefined-flag, scan.doc-abbreviated-flag,
// scan.unread-flag, scan.stdlib-missing. Imports: import_findings.cpp.
#include "project/code_findings.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/edit_distance.h"
#include "pep/name.h"
#include "pep/specifier.h"

namespace mlstack::project {
namespace {

std::string parent_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

// The versions a requires-python can admit, oldest first: 2.0-2.7, 3.0-3.14.
std::vector<python::PythonVersion> known_versions() {
  std::vector<python::PythonVersion> out;
  for (int minor = 0; minor <= 7; ++minor) out.push_back({2, minor});
  for (int minor = 0; minor <= 14; ++minor) out.push_back({3, minor});
  return out;
}

// Distributions that put a standard-library name back on an older Python
// (the PyPI backports): declaring one makes the import fine there.
bool backport_declared(const ScanResult& scan, std::string_view module) {
  static const std::map<std::string, std::string, std::less<>> backports = {
      {"enum34", "enum"},  // https://pypi.org/project/enum34/
      {"futures", "concurrent"},  // https://pypi.org/project/futures/
  };
  std::string wanted = pep::canonicalize_name(module);
  for (const auto& r : scan.requirements) {
    if (r.name.empty()) continue;
    if (r.name == wanted) return true;  // dataclasses, typing, contextvars, argparse, importlib-resources
    auto it = backports.find(r.name);
    if (it != backports.end() && it->second == module) return true;
  }
  return false;
}

// The project script most like the missing one, in the folder it was looked
// for in: qa_baseline_gpt.py for qa_baseline_gpt35.py.
std::string closest_script(const python::PythonAnalysis& analysis, const std::string& folder, std::string_view target) {
  std::string_view name = target.substr(target.rfind('/') == std::string_view::npos ? 0 : target.rfind('/') + 1);
  std::string dir = folder;
  if (auto slash = target.rfind('/'); slash != std::string_view::npos)
    dir = (dir.empty() ? "" : dir + "/") + std::string(target.substr(0, slash));
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const python::PythonFile& f : analysis.scan.layout.files()) {
    if (parent_of(f.path) != dir) continue;
    std::string_view base = std::string_view(f.path).substr(dir.empty() ? 0 : dir.size() + 1);
    std::size_t d = edit_distance(name, base);
    if (d < best_distance) {
      best_distance = d;
      best = f.path;
    }
  }
  return best_distance <= std::max<std::size_t>(2, name.size() / 4) ? best : std::string();
}

// A site that may not run on every Python the project supports: guarded,
// optional, or under a version check.
bool guarded(const python::ImportRecord& r) {
  return r.optional || r.fallback || r.typing_only || r.conditional || r.dead || !r.guards().empty() ||
         !r.unset_guards().empty() || !r.condition().empty();
}

}  // namespace

std::vector<std::string> project_roots(const ScanResult& scan) {
  std::vector<std::string> roots;
  for (const std::string& p : scan.projects)
    if (!p.empty()) roots.push_back(p);
  return roots;
}

std::vector<python::ProjectPython> project_pythons(const ScanResult& scan) {
  std::map<std::string, python::ProjectPython> by_folder;
  for (const auto& m : scan.manifests) {
    if (!m.requires_python || !m.stack.empty()) continue;
    auto spec = pep::SpecifierSet::parse(m.requires_python->text);
    if (!spec) continue;
    for (const python::PythonVersion& v : known_versions()) {
      bool admits = spec->contains(fmt::format("{}.{}.0", v.major, v.minor), true) ||
                    spec->contains(fmt::format("{}.{}.99", v.major, v.minor), true);
      if (!admits) continue;
      std::string folder = parent_of(m.path);
      auto it = by_folder.find(folder);
      std::string declared = fmt::format("{}:{} (`{}`)", m.requires_python->origin.path, m.requires_python->origin.line,
                                         m.requires_python->text);
      if (it == by_folder.end() || v < it->second.version) by_folder[folder] = python::ProjectPython{folder, v, declared};
      break;
    }
  }
  std::vector<python::ProjectPython> out;
  for (auto& [folder, p] : by_folder) out.push_back(std::move(p));
  return out;
}

void doc_findings(const python::PythonAnalysis& analysis, std::vector<Finding>& out) {
  for (const auto& checked : analysis.commands) {
    const auto& c = checked.check;
    Origin at = Origin::file(checked.source.file, checked.source.line);
    if (!c.target_exists) {
      // Only when the command shows where it runs and no folder it may run
      // from has the file: after `cd $HOME/x` nothing can be said, and a
      // project file with that path under another folder is the project's.
      if (!checked.source.working_dir_known || !c.found_elsewhere.empty()) continue;
      std::string from = checked.source.working_dir.empty() ? "the repository root" : checked.source.working_dir + "/";
      out.push_back(Finding{"scan.doc-missing-target", Severity::Error,
                            fmt::format("`{}` runs {}, which is no file of the project (looked for from {} and each folder "
                                        "above {})",
                                        c.command, c.target, from, checked.source.file),
                            {at}, {}, {}});
      std::string like = closest_script(analysis, checked.source.working_dir, c.target);
      if (!like.empty()) out.back().fix = fmt::format("the project has {}: correct the command if that is the one meant", like);
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

void stdlib_findings(const ScanResult& scan, const python::PythonAnalysis& analysis, std::vector<Finding>& out) {
  // One finding per module and project: the first unguarded site, and how many more.
  struct Group {
    const python::StdlibProblem* first = nullptr;
    std::size_t sites = 0;
    std::vector<Origin> origins;  // every unguarded site, the first first (JSON keeps them all)
  };
  std::map<std::pair<std::string, std::string>, Group> groups;
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& p : analysis.stdlib_problems) {
    if (guarded(p.site.record)) continue;  // try/except, version checks, TYPE_CHECKING: written for this
    std::string top = p.site.record.module.substr(0, p.site.record.module.find('.'));
    if (p.site.record.level > 0 || backport_declared(scan, top)) continue;
    auto key = std::make_pair(p.folder, top);
    auto [it, fresh] = groups.try_emplace(key);
    if (fresh) {
      it->second.first = &p;
      order.push_back(key);
    }
    ++it->second.sites;
    it->second.origins.push_back(Origin::file(p.site.file, p.site.record.line, p.site.record.column));
  }
  for (const auto& key : order) {
    const Group& g = groups[key];
    const python::StdlibProblem& p = *g.first;
    const std::string& module = key.second;
    std::string version = fmt::format("{}.{}", p.version.major, p.version.minor);
    std::string more = g.sites > 1 ? fmt::format(" and {} more", g.sites - 1) : "";
    std::string where = fmt::format("{}:{}{}", p.site.file, p.site.record.line, more);
    bool removed = p.status == python::StdlibStatus::Removed;
    std::string message =
        removed ? fmt::format("`{}` is no longer in the standard library of Python {} (removed in {}), which {} supports; "
                              "imported unconditionally at {}",
                              module, version, python::version_text(p.version_code), p.declared, where)
                : fmt::format("`{}` is in the standard library only from Python {}, but {} admits {}; imported "
                              "unconditionally at {}",
                              module, python::version_text(p.version_code), p.declared, version, where);
    std::string fix = removed ? fmt::format("import it only where it exists (try/except ImportError), or raise requires-python")
                              : fmt::format("raise requires-python to >={}, or guard the import (try/except ImportError)",
                                            python::version_text(p.version_code));
    out.push_back(Finding{"scan.stdlib-missing", Severity::Warning, message, g.origins, fix, {}});
  }
}

}  // namespace mlstack::project

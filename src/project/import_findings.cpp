// SPDX-License-Identifier: MIT
// Imports against declarations: scan.undeclared-import,
// scan.optional-import-undeclared, scan.transitive-only,
// scan.optional-import-unguarded, scan.unused-dependency.
#include <algorithm>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "pep/name.h"
#include "pep/requirement.h"
#include "pep/version.h"
#include "project/code_findings.h"

namespace mlstack::project {
namespace {

namespace fs = std::filesystem;

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


// How an import that is not a hard dependency runs: "under `if
// is_apex_available()`", "inside try/except ImportError", "inside a function".
// Empty for a site that runs unconditionally at import.
std::string how_optional(const python::ImportRecord& r) {
  if (!r.guards().empty()) return fmt::format("under `if {}`", r.condition().empty() ? r.guards().back() : r.condition());
  if (!r.condition().empty()) return fmt::format("under `if {}`", r.condition());
  if (!r.unset_guards().empty()) return fmt::format("unless `{}`", r.unset_guards().back());
  if (r.optional) return "inside try/except ImportError";
  if (r.fallback) return "as the fallback of an except ImportError";
  if (r.conditional) return "under a Python version or platform check";
  if (r.lazy) return "inside a function";
  return {};
}

bool never_runs(const python::ImportRecord& r) { return r.typing_only || r.dead; }

bool hard(const python::ImportRecord& r) { return !never_runs(r) && how_optional(r).empty(); }

// Words that make a distribution a build or packaging variant of the import
// it provides (mmcv-full, faiss-gpu, opencv-python-headless, hydra-core,
// onnxruntime-gpu, tensorflow-cpu) or name the language binding
// (python-levenshtein).
bool variant_word(std::string_view word) {
  static const std::set<std::string, std::less<>> words = {
      "full", "cpu", "gpu", "headless", "contrib", "core", "bin", "binary", "lite", "nightly", "cuda", "rocm", "python", "py"};
  if (words.count(word)) return true;
  static const std::regex cuda(R"((cu|cuda)\d+x?)");
  return std::regex_match(word.begin(), word.end(), cuda);
}

// What the fix asks for.
std::string declare_fix(const python::ThirdPartyImport& tp) {
  const python::DistributionGuess& d = tp.distribution;
  bool known = !d.installed.empty() || d.row != nullptr;
  if (d.row && d.row->distribution.empty())
    return fmt::format("`{}` is not on PyPI: {}; install it as its maintainers say and document that", tp.import_name,
                       d.row->source);
  if (!known)
    return fmt::format("declare the distribution that provides `{}` (no source here says which one it is; a guessed name "
                       "may be someone else's package)",
                       tp.import_name);
  return fmt::format("add \"{}\" to the project's dependencies", d.distribution);
}

std::string provider_text(const python::ThirdPartyImport& tp) {
  const python::DistributionGuess& d = tp.distribution;
  if (d.row && d.row->distribution.empty()) return fmt::format("`{}` (not on PyPI)", tp.import_name);
  if (d.installed.empty() && !d.row) return "the distribution that provides it";
  return d.distribution;
}

}  // namespace

bool plausibly_provides(std::string_view dist, std::string_view name) {
  std::string n = pep::canonicalize_name(name);
  if (n.empty() || dist.empty()) return false;
  if (dist == n) return true;
  if (dist.size() > n.size() + 1 && dist.substr(0, n.size()) == n && dist[n.size()] == '-') {
    std::string_view rest = dist.substr(n.size() + 1);
    return rest.find('-') == std::string_view::npos ? variant_word(rest) : false;
  }
  if (dist.size() > n.size() + 1 && dist.substr(dist.size() - n.size()) == n && dist[dist.size() - n.size() - 1] == '-') {
    std::string_view rest = dist.substr(0, dist.size() - n.size() - 1);
    return rest == "python" || rest == "py" || rest == "pytorch";
  }
  return false;
}

void import_findings(const ScanResult& scan, const python::PythonAnalysis& analysis,
                     const python::InstalledPackages* installed, std::vector<Finding>& out) {
  std::optional<DependencyGraph> graph;
  if (installed) graph.emplace(scan, *installed);
  std::set<std::string> used;  // canonical names of declared distributions some import needs
  for (const auto& tp : analysis.third_party) {
    // The distribution the import comes from; with an environment, any of
    // those installing it (opencv-python and opencv-python-headless both give cv2).
    std::vector<std::string> candidates = tp.distribution.installed;
    if (candidates.empty() && !tp.distribution.distribution.empty())
      candidates.push_back(pep::canonicalize_name(tp.distribution.distribution));
    std::string top = tp.import_name.substr(0, tp.import_name.find('.'));
    auto provides = [&](const std::string& r) {
      if (std::find(candidates.begin(), candidates.end(), r) != candidates.end()) return true;
      if (plausibly_provides(r, top)) return true;
      return std::any_of(candidates.begin(), candidates.end(), [&](const std::string& c) { return plausibly_provides(r, c); });
    };
    std::vector<const ScannedRequirement*> in_manifests;
    bool anywhere = false;  // install scripts and README commands count as declaring it
    for (const auto& r : scan.requirements) {
      if (r.name.empty() || !provides(r.name)) continue;
      anywhere = true;
      used.insert(r.name);
      if (declared_in_manifest(scan, r)) in_manifests.push_back(&r);
    }
    used.insert(candidates.begin(), candidates.end());
    std::vector<python::ImportSite> sites = runtime_sites(tp);
    sites.erase(std::remove_if(sites.begin(), sites.end(), [](const python::ImportSite& s) { return never_runs(s.record); }),
                sites.end());
    if (sites.empty()) continue;
    // How a site runs when not always: its own guard, else the way its file is loaded.
    auto site_how = [&](const python::ImportSite& s) {
      std::string own = how_optional(s.record);
      if (!own.empty()) return own;
      auto it = analysis.optionally_loaded.find(s.file);
      return it == analysis.optionally_loaded.end() ? std::string()
                                                    : fmt::format("in {}, which the project loads only when needed ({})",
                                                                  s.file, it->second);
    };
    auto first_hard = std::find_if(sites.begin(), sites.end(), [&](const python::ImportSite& s) {
      return hard(s.record) && !analysis.optionally_loaded.count(s.file);
    });
    const python::ImportSite& first = first_hard != sites.end() ? *first_hard : sites.front();
    // Every place as an origin, the one quoted first: text shows a few, JSON
    // keeps them all (`from x import a, b` is two sites at one place; sites
    // come in file and line order, so a repeat is next to its twin).
    std::vector<Origin> origins{site_origin(first)};
    for (const python::ImportSite& s : sites)
      if (Origin o = site_origin(s); o != origins.front() && o != origins.back()) origins.push_back(std::move(o));
    std::string where = fmt::format("{}:{}", first.file, first.record.line);
    std::string more = origins.size() > 1 ? fmt::format(" and {} more", origins.size() - 1) : "";
    if (!anywhere) {
      if (first_hard == sites.end()) {
        out.push_back(Finding{"scan.optional-import-undeclared", Severity::Info,
                              fmt::format("`{}` is an optional import: {} ({}{}), and no manifest declares {}", tp.import_name,
                                          site_how(first), where, more, provider_text(tp)),
                              origins,
                              "declare it in an extra (optional-dependencies) so that users can install the feature", {}});
        continue;
      }
      if (graph) {
        if (auto f = transitive_finding(*graph, *installed, tp, candidates, first, where + more)) {
          out.push_back(std::move(*f));
          continue;
        }
      }
      std::string note;
      if (installed && !candidates.empty()) {
        const python::InstalledDistribution* self = installed->find(candidates.front());
        note = self ? fmt::format("; {} {} is installed, but nothing the project declares requires it", self->name, self->version)
                    : fmt::format("; it is not installed in {}", installed->description());
      }
      out.push_back(Finding{"scan.undeclared-import", Severity::Warning,
                            fmt::format("`{}` is imported unconditionally ({}{}) but {} is declared nowhere{}", tp.import_name,
                                        where, more, provider_text(tp), note),
                            std::move(origins), declare_fix(tp), {}});
      continue;
    }
    if (in_manifests.empty()) continue;  // declared only by a script: scan.script-only says so
    bool runtime_declared = std::any_of(in_manifests.begin(), in_manifests.end(), [](const ScannedRequirement* r) {
      return r->declared.scope == Scope::Runtime && !r->declared.optional;
    });
    if (!runtime_declared && first_hard != sites.end()) {
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
  // A tree without Python code imports nothing: "unused" would say nothing.
  if (analysis.scan.layout.files().empty()) return;
  std::set<std::string> reported;
  for (const auto& r : scan.requirements) {
    if (r.name.empty() || !declared_in_manifest(scan, r) || r.declared.scope != Scope::Runtime) continue;
    if (used.count(r.name) || !reported.insert(r.name).second) continue;
    if (r.declared.form != RequirementForm::Pep508 || r.declared.editable) continue;
    std::string reason = not_imported_reason(r.name);
    out.push_back(Finding{"scan.unused-dependency", Severity::Info,
                          reason.empty() ? fmt::format("{} is declared but no project file imports it", r.display_name)
                                         : fmt::format("{} is declared but no project file imports it ({})", r.display_name, reason),
                          {r.declared.origin}, {}, {}});
  }
}

}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
// Drift between sources and reproducibility suggestions (detail::analyse).
#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "pep/specifier.h"
#include "pep/version.h"
#include "project/manifest/analysis.h"

namespace mlstack::project::detail {
namespace {

bool declares(ManifestKind kind) {
  return kind == ManifestKind::Pyproject || kind == ManifestKind::Requirements || kind == ManifestKind::SetupPy ||
         kind == ManifestKind::SetupCfg || kind == ManifestKind::CondaEnvironment;
}

bool is_script(ManifestKind kind) { return kind == ManifestKind::ShellScript || kind == ManifestKind::Dockerfile; }

// The project folder a file belongs to: the deepest one holding it.
std::string project_of(const ScanResult& result, std::string_view path) {
  std::string best;
  for (const auto& folder : result.projects) {
    if (folder.empty()) continue;
    if (path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/' &&
        folder.size() > best.size()) {
      best = folder;
    }
  }
  return best;
}

// Requirements files that are alternative profiles of each other share this:
// their folder, or the `requirements/` folder above them
// (requirements/full/x.txt and requirements/portable/x.txt).
std::string_view profile_root(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string_view folder = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  for (std::size_t at = folder.rfind("requirements"); at != std::string_view::npos;
       at = at == 0 ? std::string_view::npos : folder.rfind("requirements", at - 1)) {
    bool starts = at == 0 || folder[at - 1] == '/';
    bool ends = at + 12 == folder.size() || folder[at + 12] == '/';
    if (starts && ends) return folder.substr(0, at + 12);
  }
  return folder;
}

// The platform a source is written for, from the words of its path:
// install_rocm.sh, requirements-mac.txt, scripts/windows/setup.ps1,
// requirements_mlx.txt. Empty for a source that names none.
std::string platform_of(std::string_view path) {
  std::string lower;
  for (char c : path) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.ends_with(".ps1") || lower.ends_with(".bat") || lower.ends_with(".cmd")) return "windows";
  std::vector<std::string> words;
  std::string word;
  for (char c : lower) {
    if (std::isalnum(static_cast<unsigned char>(c))) word += c;
    else if (!word.empty()) words.push_back(std::move(word)), word.clear();
  }
  if (!word.empty()) words.push_back(word);
  for (const std::string& w : words) {
    if (w == "rocm" || w == "amd" || w == "hip") return "rocm";
    if (w == "mac" || w == "macos" || w == "osx" || w == "darwin" || w == "mlx" || w == "metal" || w == "mps" ||
        w == "apple")
      return "macos";
    if (w == "windows" || w == "win" || w == "win32" || w == "win64") return "windows";
    if (w == "xpu" || w == "ipex") return "xpu";
    if (w == "cpu") return "cpu";
  }
  return {};
}

bool markers_meet(const ScannedRequirement& a, const ScannedRequirement& b) {
  return a.marker.empty() || b.marker.empty() || a.marker == b.marker;
}

std::optional<pep::Version> version_of(const ScannedRequirement& r) {
  if (r.version.empty()) return std::nullopt;
  auto v = pep::Version::parse(r.version);
  if (!v) return std::nullopt;
  return *v;
}

bool is_range(const ScannedRequirement& r) {
  return r.version.empty() && !r.specifier.empty() && r.url.empty() &&
         (r.pin == PinStatus::Bounded || r.pin == PinStatus::LowerBound || r.pin == PinStatus::UpperBound);
}

// Whether two specifier sets admit a common version, tried on every boundary
// version of both and a point just above each (exact for the usual >=, <, ==
// shapes; a rare miss only hides a warning).
bool overlap(const std::string& a, const std::string& b) {
  if (a == b) return true;
  auto sa = pep::SpecifierSet::parse(a);
  auto sb = pep::SpecifierSet::parse(b);
  if (!sa || !sb) return true;
  std::vector<std::string> candidates{"0", "0.0.0.1"};
  for (const auto* set : {&*sa, &*sb}) {
    for (const auto& clause : set->clauses()) {
      std::string text = clause.version_text();
      if (clause.has_wildcard()) text = text.substr(0, text.size() - 2);
      candidates.push_back(text);
      candidates.push_back(text + ".0.0.1");
      candidates.push_back(text + ".post1");
    }
  }
  for (const auto& candidate : candidates) {
    if (sa->contains(candidate, true) && sb->contains(candidate, true)) return true;
  }
  return false;
}

std::string where(const ScanResult& result, std::size_t index) {
  return result.requirements[index].declared.origin.to_string();
}

std::string shown(const ScannedRequirement& r) {
  if (!r.version.empty() && r.specifier.empty()) return "==" + r.version;
  return r.specifier.empty() ? std::string("unpinned") : r.specifier;
}

void add(ScanResult& result, Disagreement::Kind kind, const std::string& package, std::vector<std::size_t> indices,
         std::string message) {
  // Order is kept (the message's order); sameness is judged on the set.
  std::vector<std::size_t> sorted = indices;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (const auto& existing : result.disagreements) {
    std::vector<std::size_t> other = existing.requirements;
    std::sort(other.begin(), other.end());
    if (existing.kind == kind && existing.package == package && other == sorted) return;
  }
  std::vector<std::size_t> ordered;
  for (std::size_t i : indices) {
    if (std::find(ordered.begin(), ordered.end(), i) == ordered.end()) ordered.push_back(i);
  }
  indices = std::move(ordered);
  Finding finding;
  finding.rule = fmt::format("scan.{}", to_string(kind));
  bool warn = kind == Disagreement::Kind::ConflictingPins || kind == Disagreement::Kind::PinOutsideRange ||
              kind == Disagreement::Kind::DisjointRanges;
  finding.severity = warn ? Severity::Warning : Severity::Info;
  finding.message = message;
  for (std::size_t i : indices) finding.origins.push_back(result.requirements[i].declared.origin);
  result.findings.push_back(std::move(finding));
  result.disagreements.push_back({kind, package, std::move(indices), std::move(message)});
}

void compare_within_stack(ScanResult& result, const std::string& package, const std::vector<std::size_t>& members) {
  const auto& reqs = result.requirements;
  auto kind_of = [&](std::size_t i) { return result.manifests[reqs[i].manifest].kind; };
  // Two declarations are compared when they are in different files, and not
  // two requirements files of one folder: those are alternative profiles
  // (requirements_cuda.txt, requirements_rocm.txt) a user picks one of.
  auto comparable = [&](std::size_t i, std::size_t j) {
    const std::string& a = reqs[i].declared.origin.path;
    const std::string& b = reqs[j].declared.origin.path;
    if (a == b || !markers_meet(reqs[i], reqs[j])) return false;
    // An install script or requirements file for another platform (ROCm,
    // macOS/MLX, Windows) is an alternative, not the same stack.
    if (platform_of(a) != platform_of(b)) return false;
    if (kind_of(i) == ManifestKind::Requirements && kind_of(j) == ManifestKind::Requirements &&
        profile_root(a) == profile_root(b)) {
      return false;
    }
    return true;
  };
  // Conflicting exact pins: pins that can meet (files, markers) and differ in
  // public version are joined; each connected group is one disagreement.
  std::vector<std::size_t> pins;
  for (std::size_t i : members) {
    if (version_of(reqs[i])) pins.push_back(i);
  }
  std::map<std::size_t, std::size_t> group;  // union-find over pins
  std::function<std::size_t(std::size_t)> root = [&](std::size_t x) {
    auto it = group.find(x);
    if (it == group.end() || it->second == x) return x;
    return it->second = root(it->second);
  };
  for (std::size_t a = 0; a < pins.size(); ++a) {
    for (std::size_t b = a + 1; b < pins.size(); ++b) {
      std::size_t i = pins[a], j = pins[b];
      if (!comparable(i, j) || version_of(reqs[i])->public_version() == version_of(reqs[j])->public_version()) continue;
      group.emplace(i, i);
      group.emplace(j, j);
      group[root(i)] = root(j);
    }
  }
  std::map<std::size_t, std::vector<std::size_t>> components;
  for (const auto& [member, parent] : group) components[root(member)].push_back(member);
  for (auto& [leader, involved] : components) {
    // Manifests first: they are what the other sources drift from.
    std::stable_sort(involved.begin(), involved.end(), [&](std::size_t a, std::size_t b) {
      return declares(kind_of(a)) > declares(kind_of(b));
    });
  }
  for (auto& [leader, involved] : components) {
    std::string list;
    std::set<std::string> seen;
    for (std::size_t k : involved) {
      if (!seen.insert(version_of(reqs[k])->public_version().str()).second) continue;
      if (!list.empty()) list += ", ";
      list += fmt::format("=={} in {}", reqs[k].version, where(result, k));
    }
    add(result, Disagreement::Kind::ConflictingPins, package, involved,
        fmt::format("{} is pinned to different versions: {}", reqs[involved.front()].display_name, list));
  }
  for (std::size_t i : pins) {
    auto vi = version_of(reqs[i]);
    // A pin outside another source's range.
    for (std::size_t j : members) {
      if (!is_range(reqs[j]) || !comparable(i, j)) continue;
      auto set = pep::SpecifierSet::parse(reqs[j].specifier);
      if (set && !set->contains(*vi, true)) {
        add(result, Disagreement::Kind::PinOutsideRange, package, {i, j},
            fmt::format("{} is pinned to {} in {}, outside `{}` in {}", reqs[i].display_name, reqs[i].version,
                        where(result, i), reqs[j].specifier, where(result, j)));
      }
    }
  }
  // Ranges that admit no common version.
  for (std::size_t x = 0; x < members.size(); ++x) {
    for (std::size_t y = x + 1; y < members.size(); ++y) {
      std::size_t i = members[x], j = members[y];
      if (!is_range(reqs[i]) || !is_range(reqs[j]) || !comparable(i, j) ||
          overlap(reqs[i].specifier, reqs[j].specifier)) {
        continue;
      }
      add(result, Disagreement::Kind::DisjointRanges, package, {i, j},
          fmt::format("{}: `{}` in {} and `{}` in {} admit no common version", reqs[i].display_name,
                      reqs[i].specifier, where(result, i), reqs[j].specifier, where(result, j)));
    }
  }
  // Named only by commands. pip and the interpreter are tools, not
  // dependencies, and conda packages live in another namespace.
  bool declared = std::any_of(members.begin(), members.end(), [&](std::size_t i) { return declares(kind_of(i)); });
  bool conda = std::any_of(members.begin(), members.end(),
                           [&](std::size_t i) { return reqs[i].declared.form == RequirementForm::Conda; });
  if (!declared && !conda && package != "pip" && package != "python") {
    bool scripted = std::any_of(members.begin(), members.end(), [&](std::size_t i) { return is_script(kind_of(i)); });
    const auto& first = reqs[members.front()];
    if (scripted) {
      std::size_t script = *std::find_if(members.begin(), members.end(), [&](std::size_t i) { return is_script(kind_of(i)); });
      add(result, Disagreement::Kind::ScriptOnly, package, members,
          fmt::format("{} is installed by {} but declared by no manifest", reqs[script].display_name,
                      where(result, script)));
    } else {
      add(result, Disagreement::Kind::DocsOnly, package, members,
          fmt::format("{} is installed by a documented command ({}) but declared by no manifest", first.display_name,
                      where(result, members.front())));
    }
  }
}

std::string next_breaking(const pep::Version& version) {
  auto release = version.release();
  if (release.empty()) return {};
  if (release[0] > 0) return std::to_string(release[0] + 1);
  if (release.size() > 1) return fmt::format("0.{}", release[1] + 1);
  return "1";
}

void suggest(ScanResult& result, const std::map<std::string, std::pair<std::string, std::string>>& locked,
             const std::map<std::string, std::size_t>& exact_pin) {
  std::set<std::string> done;  // one suggestion per place (a group included in another lists it twice)
  for (std::size_t i = 0; i < result.requirements.size(); ++i) {
    const auto& r = result.requirements[i];
    if (!done.insert(r.declared.origin.to_string()).second) continue;
    const Manifest& manifest = result.manifests[r.manifest];
    // Manifests and install scripts; a README's commands are examples, not the install.
    if (!manifest.stack.empty() || r.name.empty()) continue;
    if (!declares(manifest.kind) && !is_script(manifest.kind)) continue;
    if (r.name == "pip" || r.name == "setuptools" || r.name == "wheel") continue;
    if (r.declared.scope == Scope::Build || r.declared.scope == Scope::Constraint) continue;
    if (r.pin != PinStatus::Unpinned && r.pin != PinStatus::LowerBound) continue;
    if (r.declared.form == RequirementForm::Conda) continue;
    Suggestion s;
    s.requirement = i;
    std::optional<pep::Version> lower;
    if (r.pin == PinStatus::LowerBound) {
      if (auto set = pep::SpecifierSet::parse(r.specifier)) {
        for (const auto& clause : set->clauses()) {
          if (clause.op() == pep::Specifier::Op::GreaterEqual || clause.op() == pep::Specifier::Op::Greater) {
            lower = clause.version();
          }
        }
      }
    }
    std::optional<pep::Version> known;
    if (auto it = locked.find(r.name); it != locked.end()) {
      if (auto v = pep::Version::parse(it->second.first)) known = *v;
      s.reason = fmt::format("{} resolves {}", it->second.second, it->second.first);
    } else if (auto pin = exact_pin.find(r.name); pin != exact_pin.end()) {
      const auto& p = result.requirements[pin->second];
      if (auto v = pep::Version::parse(p.version)) known = *v;
      s.reason = fmt::format("pinned =={} in {}", p.version, where(result, pin->second));
    }
    if (known) {
      std::string floor = lower ? lower->str() : known->public_version().str();
      s.suggested = fmt::format("{}>={},<{}", r.display_name, floor, next_breaking(*known));
    } else if (lower) {
      s.suggested = fmt::format("{}>={},<{}", r.display_name, lower->str(), next_breaking(*lower));
      s.reason = "caps the next breaking release (the next major; the next minor for 0.x)";
    } else {
      s.reason = "no version is known from the project's files; pin the version you test with";
    }
    result.suggestions.push_back(std::move(s));
  }
}

}  // namespace

void analyse(ScanResult& result, const std::map<std::string, std::pair<std::string, std::string>>& locked) {
  // stack -> name -> indices; the main stack is split by project folder
  // ("\x01" + folder), alternative stacks are keyed by their name.
  std::map<std::string, std::map<std::string, std::vector<std::size_t>>> by_stack;
  std::map<std::string, std::map<std::string, std::vector<std::size_t>>> by_project;
  for (std::size_t i = 0; i < result.requirements.size(); ++i) {
    const auto& r = result.requirements[i];
    if (r.name.empty() || r.pin == PinStatus::LocalPath) continue;
    const Manifest& manifest = result.manifests[r.manifest];
    by_stack[manifest.stack][r.name].push_back(i);
    if (manifest.stack.empty()) by_project[project_of(result, manifest.path)][r.name].push_back(i);
  }
  std::map<std::string, std::size_t> exact_pin;  // main stack: a source that pins it exactly
  bool any_manifest = std::any_of(result.manifests.begin(), result.manifests.end(),
                                  [](const Manifest& m) { return m.stack.empty() && declares(m.kind) && !m.requirements.empty(); });
  // The pin a suggestion quotes: a manifest's before a script's before a document's.
  auto rank = [&](std::size_t i) {
    ManifestKind kind = result.manifests[result.requirements[i].manifest].kind;
    return declares(kind) ? 0 : is_script(kind) ? 1 : 2;
  };
  for (auto& [name, members] : by_stack[""]) {
    for (std::size_t i : members) {
      if (result.requirements[i].version.empty()) continue;
      auto it = exact_pin.find(name);
      if (it == exact_pin.end() || rank(i) < rank(it->second)) exact_pin[name] = i;
    }
  }
  if (any_manifest) {
    for (auto& [project, packages] : by_project) {
      for (auto& [name, members] : packages) compare_within_stack(result, name, members);
    }
  }
  // Alternative stacks against the main pyproject.
  for (const auto& [stack, packages] : by_stack) {
    if (stack.empty()) continue;
    for (const auto& [name, members] : packages) {
      auto main = by_stack[""].find(name);
      if (main == by_stack[""].end()) continue;
      for (std::size_t a : members) {
        for (std::size_t m : main->second) {
          const auto& alt = result.requirements[a];
          const auto& base = result.requirements[m];
          if (result.manifests[base.manifest].kind != ManifestKind::Pyproject || !markers_meet(alt, base)) continue;
          bool open = base.pin == PinStatus::Unpinned || base.pin == PinStatus::LowerBound ||
                      base.pin == PinStatus::UpperBound;
          if (!alt.version.empty() && open) {
            add(result, Disagreement::Kind::StackPinsOpen, name, {m, a},
                fmt::format("{} pins {} =={} ({}), which {} leaves {}", stack, alt.display_name, alt.version,
                            where(result, a), where(result, m), shown(base)));
          } else if (shown(alt) != shown(base)) {
            add(result, Disagreement::Kind::StackDiffers, name, {m, a},
                fmt::format("{}: `{}` in {}, `{}` in {}", alt.display_name, shown(base), where(result, m), shown(alt),
                            where(result, a)));
          }
        }
      }
    }
  }
  suggest(result, locked, exact_pin);
}

}  // namespace mlstack::project::detail

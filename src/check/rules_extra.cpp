// SPDX-License-Identifier: MIT
// project.extra: distributions installed by name that the project neither
// declares nor needs through what it declares. They make the environment
// work for reasons the manifests do not record, and a fresh install from the
// manifests lacks them.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "check/check.h"
#include "pep/name.h"

namespace mlstack::check {
namespace {

// Installers' own tools, present in every environment whatever it is for.
bool is_tooling(std::string_view name) {
  return name == "pip" || name == "setuptools" || name == "wheel" || name == "uv" || name == "distribute";
}

// Names reachable from the declarations through the installed Requires-Dist,
// with markers evaluated for the environment and each package's extras.
std::set<std::string> needed_names(const std::vector<DeclaredRequirement>& declared, const Stack& environment) {
  pep::MarkerEnvironment base = pep::marker_environment(environment.platform);
  std::map<std::string, std::set<std::string>> extras_of;  // name -> extras asked for
  std::vector<std::pair<std::string, std::set<std::string>>> work;
  auto reach = [&](const std::string& name, const std::vector<std::string>& extras) {
    auto [it, inserted] = extras_of.try_emplace(name);
    std::set<std::string> added;
    for (const std::string& extra : extras)
      if (it->second.insert(pep::canonicalize_name(extra)).second) added.insert(pep::canonicalize_name(extra));
    if (inserted || !added.empty()) work.emplace_back(name, it->second);
  };
  for (const DeclaredRequirement& d : declared) {
    const pep::Requirement& req = d.requirement;
    if (req.marker && !req.marker->evaluate(base)) continue;
    reach(pep::canonicalize_name(req.name), req.extras);
  }
  while (!work.empty()) {
    auto [name, extras] = std::move(work.back());
    work.pop_back();
    const StackPackage* package = environment.find(name);
    if (package == nullptr) continue;
    pep::MarkerEnvironment env = base;
    env.extras = extras;
    for (const std::string& line : package->requires_dist) {
      auto req = pep::Requirement::parse(line);
      if (!req) continue;  // the environment read reported it
      if (req->marker && !req->marker->evaluate(env)) continue;
      reach(pep::canonicalize_name(req->name), req->extras);
    }
  }
  std::set<std::string> out;
  for (const auto& [name, extras] : extras_of) out.insert(name);
  return out;
}

}  // namespace

void check_extra_installed(const std::vector<DeclaredRequirement>& declared,
                           const std::vector<std::string>& project_names, const Stack& environment,
                           std::vector<Finding>& out) {
  // Without declarations everything would be "extra": nothing to compare with.
  if (declared.empty()) return;
  std::set<std::string> needed = needed_names(declared, environment);
  for (const std::string& name : project_names) needed.insert(pep::canonicalize_name(name));
  for (const StackPackage& package : environment.packages) {
    if (!package.requested || is_tooling(package.name) || needed.contains(package.name)) continue;
    std::string version = package.version ? package.version->str() : std::string();
    out.push_back(Finding{"project.extra", Severity::Info,
                          fmt::format("{} {} was installed by name, but the project does not declare it and "
                                      "nothing it declares requires it",
                                      package.display_name, version),
                          {package.origin},
                          fmt::format("declare \"{}\" if the project uses it, else `pip uninstall {}`",
                                      package.display_name, package.display_name),
                          {}});
  }
}

}  // namespace mlstack::check

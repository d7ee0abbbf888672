// SPDX-License-Identifier: MIT
#include "env/installed_packages.h"

#include <algorithm>

#include <fmt/format.h>

#include "env/env_json.h"
#include "env/machine.h"
#include "env/platform.h"
#include "pep/marker.h"
#include "pep/name.h"
#include "pep/requirement.h"

namespace mlstack::env {
namespace {

std::string describe(const Environment& environment) {
  std::string sites;
  for (const std::string& dir : environment.site_dirs) sites += (sites.empty() ? "" : ", ") + dir;
  if (sites.empty()) sites = environment.prefix.empty() ? "no site folder" : environment.prefix;
  return environment.found_by.empty() ? sites : fmt::format("{} ({})", sites, environment.found_by);
}

// The extras a Requires-Dist marker compares `extra` with: `extra == "gpu"`,
// `'gpu' == extra`. Older metadata names extras in markers without listing
// them in Provides-Extra.
std::vector<std::string> extras_named(std::string_view line) {
  std::vector<std::string> out;
  std::size_t semicolon = line.find(';');
  if (semicolon == std::string_view::npos) return out;
  std::string_view marker = line.substr(semicolon + 1);
  auto skip_spaces = [&](std::size_t i) {
    while (i < marker.size() && (marker[i] == ' ' || marker[i] == '\t')) ++i;
    return i;
  };
  for (std::size_t at = marker.find("extra"); at != std::string_view::npos; at = marker.find("extra", at + 5)) {
    std::size_t i = skip_spaces(at + 5);
    if (marker.substr(i, 2) != "==") continue;
    i = skip_spaces(i + 2);
    if (i >= marker.size() || (marker[i] != '"' && marker[i] != '\'')) continue;
    std::size_t close = marker.find(marker[i], i + 1);
    if (close == std::string_view::npos) continue;
    out.emplace_back(marker.substr(i + 1, close - i - 1));
  }
  return out;
}

}  // namespace

project::python::InstalledPackages installed_packages(const Environment& environment, const MarkerValues& markers) {
  std::vector<project::python::InstalledDistribution> out;
  pep::MarkerEnvironment base;
  base.values = markers;
  for (const Distribution& dist : environment.distributions) {
    if (dist.shadowed) continue;
    project::python::InstalledDistribution d;
    d.name = dist.name;
    d.canonical_name = dist.canonical_name;
    d.version = dist.version;
    d.metadata_dir = dist.metadata_dir;
    if (!dist.import_names.empty()) {
      d.import_names = dist.import_names;
      d.import_names_source = "RECORD";
    } else {
      d.import_names = dist.top_level;
      d.import_names_source = "top_level.txt";
    }
    for (const std::string& line : dist.requires_dist) {
      auto requirement = pep::Requirement::parse(line);
      if (!requirement) continue;
      project::python::InstalledRequirement edge{requirement->canonical_name(), requirement->extras, line, {}};
      if (!requirement->marker || requirement->marker->evaluate(base)) {
        d.requires_dist.push_back(std::move(edge));
        continue;
      }
      std::vector<std::string> extras;
      for (const std::string& extra : dist.provides_extra) extras.push_back(pep::canonicalize_name(extra));
      for (const std::string& extra : extras_named(line)) extras.push_back(pep::canonicalize_name(extra));
      std::sort(extras.begin(), extras.end());
      extras.erase(std::unique(extras.begin(), extras.end()), extras.end());
      for (const std::string& extra : extras) {
        pep::MarkerEnvironment with_extra = base;
        with_extra.extras = {extra};
        if (!requirement->marker->evaluate(with_extra)) continue;
        edge.extra = extra;
        d.requires_dist.push_back(edge);
      }
    }
    out.push_back(std::move(d));
  }
  return project::python::InstalledPackages(describe(environment), std::move(out));
}

ScanEnvironment read_scan_environment(const System& system, const EnvRequest& request) {
  EnvRequest files_only = request;
  files_only.read_torch = false;
  Environment environment = read_environment(system, files_only);
  Machine machine = probe_machine(system, MachineOptions{false});
  ScanEnvironment out{installed_packages(environment, marker_values(environment, machine)), {}};
  // Only what kept the environment from being read; its own problems are `mlstack env`'s and `mlstack check`'s.
  for (Finding& f : environment.findings)
    if (f.rule.starts_with("input.")) out.findings.push_back(std::move(f));
  return out;
}

ScanEnvironment load_scan_environment(const std::string& env_file) {
  ScanEnvironment out;
  auto saved = load_env_file(env_file);
  if (!saved) {
    out.findings.push_back(Finding{"input.env-file", Severity::Error, saved.error(), {Origin::file(env_file)}, {}, {}});
    return out;
  }
  saved->environment.found_by = "--env-file " + env_file;
  out.packages = installed_packages(saved->environment, marker_values(saved->environment, saved->machine));
  return out;
}

}  // namespace mlstack::env

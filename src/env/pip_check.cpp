// SPDX-License-Identifier: MIT
#include "env/pip_check.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "env/environment.h"
#include "pep/name.h"
#include "pep/requirement.h"

namespace mlstack::env {
namespace {

struct Node {
  const Distribution* dist = nullptr;
  std::vector<pep::Requirement> requirements;
};

// "name[extras]specifier" without the marker: what `pip install` needs.
std::string install_spec(const std::string& requirement) {
  std::string spec = requirement.substr(0, requirement.find(';'));
  while (!spec.empty() && spec.back() == ' ') spec.pop_back();
  return spec;
}

bool marker_holds(const pep::Requirement& requirement, const pep::MarkerEnvironment& environment) {
  return !requirement.marker || requirement.marker->evaluate(environment);
}

}  // namespace

const char* to_string(DependencyProblem::Kind kind) {
  switch (kind) {
    case DependencyProblem::Kind::Missing: return "missing";
    case DependencyProblem::Kind::Conflict: return "conflict";
    case DependencyProblem::Kind::ExtraMissing: return "extra-missing";
    case DependencyProblem::Kind::ExtraConflict: return "extra-conflict";
    case DependencyProblem::Kind::InvalidRequirement: return "invalid-requirement";
  }
  return "missing";
}

std::vector<DependencyProblem> check_dependencies(const Environment& environment, const MarkerValues& markers) {
  std::vector<DependencyProblem> problems;
  // pip's package set: the visible distributions whose every Requires-Dist
  // parses; one that does not is left out of the set altogether.
  std::map<std::string, Node, std::less<>> package_set;
  for (const Distribution& dist : environment.distributions) {
    if (dist.shadowed || package_set.count(dist.canonical_name) != 0) continue;
    Node node{&dist, {}};
    bool valid = true;
    for (const std::string& line : dist.requires_dist) {
      auto requirement = pep::Requirement::parse(line);
      if (!requirement) {
        DependencyProblem problem;
        problem.kind = DependencyProblem::Kind::InvalidRequirement;
        problem.dist = dist.canonical_name;
        problem.dist_version = dist.version;
        problem.requirement = line;
        problem.metadata_dir = dist.metadata_dir;
        problem.detail = render(requirement.error());
        problems.push_back(std::move(problem));
        valid = false;
        break;
      }
      node.requirements.push_back(std::move(*requirement));
    }
    if (valid) package_set.emplace(dist.canonical_name, std::move(node));
  }

  pep::MarkerEnvironment base;
  base.values = markers;
  for (const auto& [name, node] : package_set) {
    for (const pep::Requirement& requirement : node.requirements) {
      if (!marker_holds(requirement, base)) continue;
      std::string dependency = requirement.canonical_name();
      DependencyProblem problem;
      problem.dist = name;
      problem.dist_version = node.dist->version;
      problem.requirement = requirement.str();
      problem.dependency = dependency;
      problem.metadata_dir = node.dist->metadata_dir;
      auto target = package_set.find(dependency);
      if (target == package_set.end()) {
        problem.kind = DependencyProblem::Kind::Missing;
        problems.push_back(std::move(problem));
        continue;
      }
      const std::string& installed = target->second.dist->version;
      if (!requirement.specifier.contains(std::string_view(installed), true)) {
        problem.kind = DependencyProblem::Kind::Conflict;
        problem.installed_version = installed;
        problems.push_back(std::move(problem));
      }
      // What pip leaves out: the requirements the target declares for the
      // extras asked for here.
      for (const std::string& extra : requirement.extras) {
        pep::MarkerEnvironment with_extra = base;
        with_extra.extras.insert(pep::canonicalize_extra(extra));
        for (const pep::Requirement& extra_requirement : target->second.requirements) {
          if (!extra_requirement.marker || marker_holds(extra_requirement, base) || !marker_holds(extra_requirement, with_extra))
            continue;
          DependencyProblem extra_problem;
          extra_problem.dist = name;
          extra_problem.dist_version = node.dist->version;
          extra_problem.requirement = extra_requirement.str();
          extra_problem.dependency = extra_requirement.canonical_name();
          extra_problem.extra = pep::canonicalize_extra(extra);
          extra_problem.via = dependency;
          extra_problem.metadata_dir = node.dist->metadata_dir;
          auto needed = package_set.find(extra_problem.dependency);
          if (needed == package_set.end()) {
            extra_problem.kind = DependencyProblem::Kind::ExtraMissing;
            problems.push_back(std::move(extra_problem));
          } else if (!extra_requirement.specifier.contains(std::string_view(needed->second.dist->version), true)) {
            extra_problem.kind = DependencyProblem::Kind::ExtraConflict;
            extra_problem.installed_version = needed->second.dist->version;
            problems.push_back(std::move(extra_problem));
          }
        }
      }
    }
  }
  std::stable_sort(problems.begin(), problems.end(), [](const DependencyProblem& a, const DependencyProblem& b) {
    return std::tie(a.dist, a.kind, a.dependency, a.extra) < std::tie(b.dist, b.kind, b.dependency, b.extra);
  });
  problems.erase(std::unique(problems.begin(), problems.end()), problems.end());
  return problems;
}

std::string describe(const DependencyProblem& p) {
  switch (p.kind) {
    case DependencyProblem::Kind::Missing:
      return fmt::format("{} {} requires {}, which is not installed.", p.dist, p.dist_version, p.dependency);
    case DependencyProblem::Kind::Conflict:
      return fmt::format("{} {} has requirement {}, but you have {} {}.", p.dist, p.dist_version, p.requirement, p.dependency,
                         p.installed_version);
    case DependencyProblem::Kind::ExtraMissing:
      return fmt::format("{} {} requires {}[{}], whose extra needs {}, which is not installed.", p.dist, p.dist_version, p.via,
                         p.extra, p.dependency);
    case DependencyProblem::Kind::ExtraConflict:
      return fmt::format("{} {} requires {}[{}], whose extra has requirement {}, but you have {} {}.", p.dist, p.dist_version,
                         p.via, p.extra, p.requirement, p.dependency, p.installed_version);
    case DependencyProblem::Kind::InvalidRequirement:
      return fmt::format("{} {} has a Requires-Dist that is not a PEP 508 requirement: {}", p.dist, p.dist_version, p.requirement);
  }
  return {};
}

Finding to_finding(const DependencyProblem& p) {
  Finding finding;
  finding.message = describe(p);
  if (!finding.message.empty() && finding.message.back() == '.') finding.message.pop_back();
  finding.origins.push_back(Origin::dist(fmt::format("{} {}", p.dist, p.dist_version), p.metadata_dir));
  finding.severity = Severity::Error;
  switch (p.kind) {
    case DependencyProblem::Kind::Missing:
      finding.rule = "env.missing-dependency";
      finding.fix = fmt::format("python -m pip install '{}'", install_spec(p.requirement));
      break;
    case DependencyProblem::Kind::Conflict:
      finding.rule = "env.conflicting-dependency";
      finding.fix = fmt::format("python -m pip install '{}'", install_spec(p.requirement));
      break;
    case DependencyProblem::Kind::ExtraMissing:
      finding.rule = "env.missing-extra-dependency";
      finding.fix = fmt::format("python -m pip install '{}'", install_spec(p.requirement));
      break;
    case DependencyProblem::Kind::ExtraConflict:
      finding.rule = "env.conflicting-extra-dependency";
      finding.fix = fmt::format("python -m pip install '{}'", install_spec(p.requirement));
      break;
    case DependencyProblem::Kind::InvalidRequirement:
      finding.rule = "input.requires-dist-syntax";
      finding.origins[0] = Origin::file(p.metadata_dir + "/METADATA", 0, 0, p.dist);
      finding.detail = p.detail;
      break;
  }
  return finding;
}

}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
#include "check/analysis.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "check/stack_sources.h"
#include "env/env_json.h"
#include "env/installed_packages.h"
#include "env/platform.h"
#include "pep/name.h"

namespace mlstack::check {
namespace {

namespace fs = std::filesystem;

void step(const ProgressFn& progress, std::string_view what) {
  if (progress) progress(what);
}

// The environment of a saved `mlstack env --format json`, as `mlstack env` showed it.
std::shared_ptr<const env::EnvReport> saved_environment(const std::string& path) {
  auto saved = env::load_env_file(path);
  if (!saved) return nullptr;  // check_project reports input.env-file
  auto report = std::make_shared<env::EnvReport>();
  report->machine = std::move(saved->machine);
  report->environment = std::move(saved->environment);
  report->environment.found_by = "--env-file " + path;
  report->platform = env::to_platform(report->machine, report->environment);
  report->markers = env::marker_values(report->environment, report->machine);
  report->problems = std::move(saved->problems);
  return report;
}

std::string describe_source(const CheckOptions& options, const env::EnvReport& report) {
  if (!options.env_file.empty()) return "--env-file " + options.env_file;
  if (!options.env.request.site_dirs.empty()) return "--site " + fmt::format("{}", fmt::join(options.env.request.site_dirs, " --site "));
  if (!options.env.request.python.empty()) return "--python " + options.env.request.python;
  return fmt::format("found by {} (--env)", report.environment.found_by.empty() ? "nothing" : report.environment.found_by);
}

std::vector<InstalledRow> installed_rows(const project::ScanResult& scan, const Stack& environment) {
  std::vector<InstalledRow> rows;
  for (const DeclaredRequirement& d : declared_from_scan(scan)) {
    InstalledRow row;
    row.name = pep::canonicalize_name(d.requirement.name);
    row.declared = d.requirement.str();
    row.group = d.group;
    row.declared_at = d.origin;
    const StackPackage* installed = environment.find(row.name);
    if (installed) {
      row.installed = installed->version ? installed->version->str() : installed->requirement;
      row.installed_at = installed->origin;
    }
    Evaluation e = evaluate(d.requirement, environment);
    if (!installed && e.verdict == Verdict::NotApplicable) {
      // An extra's dependency that is absent is no error (check's project.missing says the same).
      if (d.requirement.marker) row.verdict = "not applicable";
      else row.verdict = d.optional ? "not installed (optional)" : "not installed";
    } else {
      row.verdict = to_string(e.verdict);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The dependency graph among the declared packages: declarations, kb
// couplings between packages, and (with an environment) Requires-Dist edges
// between packages already in the graph.
void dependency_graph(Analysis& analysis) {
  auto& nodes = analysis.graph_nodes;
  auto& edges = analysis.dependency_edges;
  auto has_node = [&](const std::string& name) { return std::find(nodes.begin(), nodes.end(), name) != nodes.end(); };
  auto add_edge = [&](DependencyEdge edge) {
    bool repeated = std::any_of(edges.begin(), edges.end(), [&](const DependencyEdge& e) {
      return e.from == edge.from && e.to == edge.to && e.kind == edge.kind && e.label == edge.label;
    });
    if (!repeated) edges.push_back(std::move(edge));
  };
  for (const DeclaredRequirement& d : declared_from_scan(analysis.scan)) {
    std::string name = pep::canonicalize_name(d.requirement.name);
    if (!has_node(name)) nodes.push_back(name);
    add_edge({"", name, d.optional ? DependencyEdge::Kind::Optional : DependencyEdge::Kind::Declared, d.group, false});
  }
  for (const CouplingRow& row : analysis.coupling) {
    if (row.machine || !has_node(row.name) || row.verdict == Verdict::NotApplicable) continue;
    if (!has_node(row.target)) nodes.push_back(row.target);
    add_edge({row.name, row.target, DependencyEdge::Kind::Coupling, row.needs, row.verdict == Verdict::Violated});
  }
  if (!analysis.check.environment) return;
  const Stack& environment = *analysis.check.environment;
  for (const StackPackage& package : environment.packages) {
    if (!has_node(package.name)) continue;
    for (const std::string& text : package.requires_dist) {
      auto requirement = pep::Requirement::parse(text);
      if (!requirement) continue;
      std::string target = pep::canonicalize_name(requirement->name);
      if (!has_node(target) || target == package.name) continue;
      Evaluation e = evaluate(*requirement, environment);
      if (e.verdict == Verdict::NotApplicable) continue;
      add_edge({package.name, target, DependencyEdge::Kind::RequiresDist, requirement->specifier.str(),
                e.verdict == Verdict::Violated});
    }
  }
}

}  // namespace

Expected<Analysis, std::string> analyse(const env::System& system, const AnalysisOptions& options,
                                        const ProgressFn& progress) {
  Analysis analysis;
  analysis.path = options.check.path;
  std::error_code ec;
  fs::path path(options.check.path);
  fs::path folder = fs::is_directory(path, ec) ? path : path.parent_path();
  fs::path absolute = fs::absolute(folder.empty() ? fs::path(".") : folder, ec);
  analysis.root = ec ? folder.string() : absolute.lexically_normal().string();

  step(progress, "reading the project, the environment and the machine; checking");
  auto checked = check_project(system, options.check);
  if (!checked) return unexpected(checked.error());
  analysis.check = std::move(*checked);
  if (!analysis.check.scan || !analysis.check.kb) return unexpected(std::string("the check kept no scan"));
  analysis.scan = *analysis.check.scan;
  const kb::KnowledgeBase& kb = *analysis.check.kb;

  // The environment as `mlstack env` shows it: the one check read, or the saved file.
  std::shared_ptr<const env::EnvReport> environment = analysis.check.env_report;
  if (!environment && !options.check.env_file.empty()) environment = saved_environment(options.check.env_file);
  if (environment) {
    analysis.environment = *environment;
    analysis.environment_source = describe_source(options.check, *environment);
  }

  if (options.read_code) {
    step(progress, "reading the Python sources");
    project::python::InstalledPackages installed;
    if (environment) installed = env::installed_packages(environment->environment, environment->markers);
    project::CodeScanOptions code_options{options.entries, environment ? &installed : nullptr};
    analysis.code = project::scan_code(options.check.path, analysis.scan, code_options);
  }

  step(progress, "judging couplings and bounds");
  if (analysis.check.environment) {
    auto rows = coupling_rows(kb, *analysis.check.environment);
    analysis.coupling.insert(analysis.coupling.end(), rows.begin(), rows.end());
    analysis.installed = installed_rows(analysis.scan, *analysis.check.environment);
  }
  for (const Stack& stack : analysis.check.declared_stacks) {
    auto rows = coupling_rows(kb, stack);
    analysis.coupling.insert(analysis.coupling.end(), rows.begin(), rows.end());
  }
  analysis.policy = pinning_policy(kb, analysis.scan);
  dependency_graph(analysis);
  return analysis;
}

std::vector<Finding> all_findings(const Analysis& analysis) {
  std::vector<Finding> out = analysis.check.findings;
  auto add = [&out](const std::vector<Finding>& more) {
    for (const Finding& f : more) {
      if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
    }
  };
  add(analysis.code.findings);
  return out;
}

}  // namespace mlstack::check

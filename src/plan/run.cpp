// SPDX-License-Identifier: MIT
#include "plan/run.h"

#include <filesystem>

#include <fmt/format.h>

#include "check/check_project.h"
#include "core/trace.h"
#include "env/env_json.h"
#include "env/inspect.h"
#include "env/platform.h"
#include "pep/name.h"
#include "plan/planner.h"
#include "plan/requirements.h"
#include "project/lock/lock_file.h"
#include "project/scan.h"

namespace mlstack::plan {

namespace {

struct TargetAndEnvironment {
  PlanTarget target;
  std::optional<env::Environment> environment;
};

Expected<TargetAndEnvironment, std::string> load_target(const env::System& system, const PlanOptions& options,
                                                        const kb::KnowledgeBase& kb) {
  TargetAndEnvironment out;
  if (!options.target.empty()) {
    auto target = parse_target_spec(options.target, kb);
    if (!target) return unexpected(target.error().message);
    out.target = std::move(*target);
    return out;
  }
  if (!options.env_file.empty()) {
    auto saved = env::load_env_file(options.env_file);
    if (!saved) return unexpected(saved.error());
    out.target = target_from_machine(saved->machine, env::to_platform(saved->machine, saved->environment), kb,
                                     options.env_file);
    out.environment = std::move(saved->environment);
  } else {
    env::InspectOptions inspect;
    if (!options.python.empty()) inspect.request.python = options.python;
    env::EnvReport report = env::inspect(system, inspect);
    out.target = target_from_machine(report.machine, report.platform, kb, "this machine");
    out.environment = std::move(report.environment);
  }
  if (!out.target.platform.python_version)
    return unexpected(fmt::format("{}: no Python interpreter was found, and the plan depends on it; give "
                                  "--target python=3.X,... or --python EXE",
                                  out.target.where));
  return out;
}

solve::PrereleaseMode prerelease_mode(const std::string& text) {
  if (text == "allow") return solve::PrereleaseMode::Allow;
  if (text == "disallow") return solve::PrereleaseMode::Disallow;
  return solve::PrereleaseMode::IfNecessaryOrExplicit;
}

}  // namespace

Expected<PlanRun, std::string> run_plan(const env::System& system, const PlanOptions& options) {
  PlanRun run;
  std::optional<trace::Phase> phase(std::in_place, "plan: kb");
  kb::KnowledgeBase kb = check::load_kb(options.kb_dir, run.findings);
  phase.emplace("plan: target");
  auto loaded = load_target(system, options, kb);
  if (!loaded) return unexpected(loaded.error());
  phase.emplace("plan: requirements");

  // Requirements: one existing path is a project; anything else, requirements.
  GatheredRequirements gathered;
  bool project = options.inputs.empty() ||
                 (options.inputs.size() == 1 && std::filesystem::exists(options.inputs[0]));
  if (project) {
    std::string root = options.inputs.empty() ? "." : options.inputs[0];
    auto scan = project::scan_project(root);
    if (!scan) return unexpected(scan.error());
    for (const Finding& f : scan->findings)
      if (is_input_error(f)) run.findings.push_back(f);
    pep::MarkerEnvironment markers = pep::marker_environment(loaded->target.platform);
    auto from_scan = requirements_from_scan(*scan, {options.stack, options.extras, options.groups, &markers});
    if (!from_scan) return unexpected(from_scan.error());
    gathered = std::move(*from_scan);
    run.label = options.stack.empty() ? root : fmt::format("{} (stack {})", root, options.stack);
  } else {
    if (!options.stack.empty() || !options.extras.empty() || !options.groups.empty())
      return unexpected(std::string("--stack, --extra and --group select from a project; give a PATH, not requirements"));
    auto from_args = requirements_from_arguments(options.inputs);
    if (!from_args) return unexpected(from_args.error());
    gathered = std::move(*from_args);
    run.label = options.inputs.size() == 1 ? options.inputs[0] : fmt::format("{} requirements", options.inputs.size());
  }
  if (gathered.roots.empty()) return unexpected(fmt::format("{}: nothing to plan", run.label));

  PlanRequest request;
  request.requirements = std::move(gathered.roots);
  request.target = std::move(loaded->target);
  request.nearest = options.nearest;
  request.root_name = project ? "the project's requirements" : "your requirements";
  request.policy.prereleases = prerelease_mode(options.prerelease);
  for (const std::string& name : options.allow_build) {
    if (name == ":all:") request.policy.build_all = true;
    else request.policy.build.insert(pep::canonicalize_name(name));
  }
  if (options.prefer_installed && loaded->environment) {
    for (const env::Distribution& dist : loaded->environment->distributions)
      if (auto v = pep::Version::parse(dist.version)) request.policy.preferences[dist.canonical_name] = *v;
    request.policy.preference_source = "the installed environment";
  }
  if (!options.lock.empty()) {
    project::LockFile lock = project::read_lock_file(options.lock);
    for (const Finding& f : lock.findings) run.findings.push_back(f);
    for (const project::LockedPackage& p : lock.packages)
      if (auto v = pep::Version::parse(p.version)) request.policy.preferences[pep::canonicalize_name(p.name)] = *v;
    request.policy.preference_source = options.lock;
  }
  for (const std::string& note : gathered.notes) request.target.notes.push_back(note);

  phase.emplace("plan: index session");
  auto session = PlanSession::open(options.sources, gathered.indexes, kb, request.target);
  if (!session) return unexpected(session.error());
  phase.reset();
  run.plan = make_plan(request, (*session)->source(), kb);
  return run;
}

}  // namespace mlstack::plan

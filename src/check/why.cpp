// SPDX-License-Identifier: MIT
#include "check/why.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "check/evaluate.h"
#include "check/stack_sources.h"
#include "env/env_json.h"
#include "kb/constraints.h"
#include "pep/name.h"
#include "project/scan.h"

namespace mlstack::check {
namespace {

std::string verdict_text(const Evaluation& e) {
  switch (e.verdict) {
    case Verdict::Satisfied: return "holds";
    case Verdict::Violated: return "violated: " + (e.package ? fmt::format("the stack has {}", e.found) : e.found);
    case Verdict::Unknown: return "unknown";
    case Verdict::NotApplicable: return "not applicable";
  }
  return "";
}

std::string label(const StackPackage& p) {
  return fmt::format("{} {}", p.display_name.empty() ? p.name : p.display_name, p.version ? p.version->str() : p.requirement);
}

void declared_entries(const project::ScanResult& scan, const std::string& name, const Stack* env, WhyReport& report) {
  for (const auto& r : scan.requirements) {
    if (r.name != name) continue;
    WhyEntry entry{"declared", r.declared.text, "", {r.declared.origin}};
    if (env) {
      if (auto req = pep::Requirement::parse(r.declared.text)) {
        Evaluation e = evaluate(*req, *env);
        entry.verdict = e.verdict == Verdict::NotApplicable && !env->find(name) ? "not installed" : verdict_text(e);
      }
    }
    report.entries.push_back(std::move(entry));
  }
}

void required_by_entries(const env::Environment& environment, const std::string& name, const Stack& stack,
                         WhyReport& report) {
  for (const auto& dist : environment.distributions) {
    if (dist.shadowed) continue;
    for (const auto& text : dist.requires_dist) {
      auto req = pep::Requirement::parse(text);
      if (!req || pep::canonicalize_name(req->name) != name) continue;
      Evaluation e = evaluate(*req, stack);
      // Requirements behind an extra that was not requested do not apply.
      if (e.verdict == Verdict::NotApplicable && req->marker) continue;
      report.entries.push_back({"required by", fmt::format("{} {} requires {}", dist.name, dist.version, text),
                                verdict_text(e), {Origin::dist(dist.name, dist.metadata_dir)}});
    }
  }
}

void kb_entries(const kb::KnowledgeBase& kb, const std::string& name, const Stack& stack, WhyReport& report) {
  // What the package itself needs.
  if (const StackPackage* self = stack.find(name); self && self->version) {
    for (const auto& c : kb::derive_constraints(kb, self->name, *self->version, self->tags)) {
      report.entries.push_back({"requires", fmt::format("{} needs {}", label(*self), c.requirement.str()),
                                verdict_text(evaluate(c.requirement, stack)), {c.origin}});
    }
  }
  // What other packages of the stack need of it.
  for (const auto& other : stack.packages) {
    if (other.name == name || !other.version) continue;
    for (const auto& c : kb::derive_constraints(kb, other.name, *other.version, other.tags)) {
      if (pep::canonicalize_name(c.requirement.name) != name) continue;
      report.entries.push_back({"required of it", fmt::format("{} needs {}", label(other), c.requirement.str()),
                                verdict_text(evaluate(c.requirement, stack)), {other.origin, c.origin}});
    }
  }
  // Releases: the ones this stack or project names, and the span the kb knows.
  std::vector<const kb::PackageRelease*> releases = kb.package_releases_of(name);
  std::vector<pep::Version> named;
  for (const auto& p : stack.packages) {
    if (p.name == name && p.version) named.push_back(p.version->public_version());
  }
  for (const auto& e : report.entries) {
    if (e.kind != "declared") continue;
    if (auto req = pep::Requirement::parse(e.text)) {
      for (const auto& clause : req->specifier.clauses()) {
        if (clause.op() != pep::Specifier::Op::Equal || clause.has_wildcard()) continue;
        if (auto v = pep::Version::parse(clause.version_text())) named.push_back(v->public_version());
      }
    }
  }
  for (const auto* release : releases) {
    if (std::find(named.begin(), named.end(), release->version) == named.end()) continue;
    report.entries.push_back({"release",
                              fmt::format("{} {} exists{}", name, release->version.str(),
                                          release->date ? fmt::format(", released {}", *release->date) : ""),
                              "", {release->fact.origin()}});
  }
  if (!releases.empty()) {
    auto [low, high] = std::minmax_element(releases.begin(), releases.end(),
                                           [](auto* a, auto* b) { return a->version < b->version; });
    report.entries.push_back({"release", fmt::format("{} releases of {} known, from {} to {} (`mlstack kb package {}`)",
                                                     releases.size(), name, (*low)->version.str(), (*high)->version.str(), name),
                              "", {}});
  }
}

}  // namespace

Expected<WhyReport, std::string> why_command(const env::System& system, const WhyOptions& options) {
  if (options.package.empty() || !pep::is_valid_name(options.package)) {
    return unexpected(fmt::format("`{}` is not a valid package name", options.package));
  }
  WhyReport report;
  report.package = pep::canonicalize_name(options.package);
  report.display_name = options.package;
  kb::KnowledgeBase kb = load_kb(options.kb_dir, report.findings);

  std::optional<env::Environment> environment;
  std::optional<Stack> stack;
  if (!options.env_file.empty()) {
    auto saved = env::load_env_file(options.env_file);
    if (!saved) return unexpected(saved.error());
    stack = stack_from_environment(saved->environment, saved->machine, kb);
    environment = std::move(saved->environment);
  } else if (options.read_env) {
    env::EnvReport env_report = env::inspect(system, options.env);
    report.findings.insert(report.findings.end(), env_report.environment.findings.begin(),
                           env_report.environment.findings.end());
    stack = stack_from_environment(env_report.environment, env_report.machine, kb);
    environment = std::move(env_report.environment);
  }

  std::error_code ec;
  if (std::filesystem::exists(options.path, ec)) {
    if (auto scan = project::scan_project(options.path)) declared_entries(*scan, report.package, stack ? &*stack : nullptr, report);
  }
  if (stack) {
    if (const StackPackage* installed = stack->find(report.package)) {
      report.entries.push_back({"installed", label(*installed), "", {installed->origin}});
    } else {
      report.entries.push_back({"installed", fmt::format("{} is not installed", options.package), "", {}});
    }
    required_by_entries(*environment, report.package, *stack, report);
    kb_entries(kb, report.package, *stack, report);
  } else {
    Stack empty;
    kb_entries(kb, report.package, empty, report);
  }
  return report;
}

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
#include "plan/planner.h"

#include <algorithm>

#include <fmt/format.h>

#include "check/check.h"
#include "core/trace.h"
#include "pep/name.h"
#include "plan/build_needs.h"
#include "kb/virtual_package.h"
#include "plan/kb_facts.h"
#include "solve/report.h"

namespace mlstack::plan {

namespace {

struct Attempt {
  solve::SolveResult result;
  std::vector<solve::Pick> picks;
  std::map<std::string, pep::Version> virtuals;
  std::vector<std::string> notes;
  std::vector<solve::ExplanationLine> explanation;
};

solve::Target solve_target(const PlanRequest& request, KbFacts& facts) {
  solve::Target target = solve::target_for(request.target.platform);
  for (auto& [name, virt] : facts.virtual_packages()) target.virtuals[name] = std::move(virt);
  target.description = request.target.describe();
  return target;
}

Attempt attempt(const PlanRequest& request, const std::vector<pep::Requirement>& roots, solve::PackageSource& source,
                KbFacts& facts, bool explain) {
  solve::PythonProvider provider(source, solve_target(request, facts), request.policy, roots, &facts,
                                 request.root_name);
  Attempt out;
  out.result = solve::solve(provider);
  out.notes = provider.notes();
  if (out.result.solution) {
    out.picks = provider.picks(out.result);
    out.virtuals = provider.virtual_values(out.result);
  } else if (explain && out.result.failure) {
    out.explanation = solve::explain(out.result, provider);
  }
  return out;
}

bool is_virtual(const std::string& name) { return name.starts_with("__"); }

int family_rank(const std::string& name) {
  if (name == "torch") return 0;
  if (name == "torchvision") return 1;
  if (name == "torchaudio") return 2;
  return 3;
}

// What the target or the plan gave a virtual package, in words.
std::string virtual_value(const std::string& name, const Attempt& attempt, const solve::Target& target) {
  auto value = attempt.virtuals.find(name);
  auto known = target.virtuals.find(name);
  if (known != target.virtuals.end() && !known->second.fact.empty()) return known->second.fact;
  // A build property: the sentence of the torch fact that fixed it.
  for (const solve::Pick& pick : attempt.picks)
    for (const solve::FactRequirement& fact : pick.facts)
      if (fact.requirement.name == name && value != attempt.virtuals.end() &&
          fact.requirement.specifier.contains(value->second, true))
        return fact.reason;
  return value != attempt.virtuals.end() ? fmt::format("{} is {}", name, value->second.str()) : "";
}

std::string sm_text(const pep::Version& cc) {
  auto r = cc.release();
  return fmt::format("sm_{}{}", r[0], r.size() > 1 ? r[1] : 0);
}

// One short phrase per fact that bore on a row, for the table.
std::string summarize(const PlanRow& row, const Attempt& attempt) {
  std::vector<std::string> parts;
  auto add = [&](std::string part) {
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(std::move(part));
  };
  for (const Reason& why : row.why) {
    auto req = kb::parse_requirement(why.requirement);
    if (!req) continue;
    const std::string& name = req->name;
    auto value = attempt.virtuals.find(name);
    if (name == "__cuda" && value != attempt.virtuals.end())
      add(fmt::format("driver runs CUDA ≤ {}", value->second.str()));
    else if (name.starts_with("__sm") && value != attempt.virtuals.end())
      add(fmt::format("kernels for {}", sm_text(value->second)));
    else if (name == "__cuda-runtime" && value != attempt.virtuals.end())
      add(value->second.str() == "0" ? "no CUDA runtime" : fmt::format("CUDA {} runtime", value->second.str()));
    else if (name == "__torch-cxx11abi" && value != attempt.virtuals.end())
      add(value->second.str() == "1" ? "C++11 ABI" : "pre-C++11 ABI");
    else if (name == "__python" && req->specifier.clauses().size() == 1 &&
             req->specifier.clauses()[0].op() == pep::Specifier::Op::Equal &&
             req->specifier.clauses()[0].has_wildcard()) {
      auto r = req->specifier.clauses()[0].version().release();  // "==3.10.*": a cp310 wheel
      if (r.size() >= 2) add(fmt::format("cp{}{} wheel", r[0], r[1]));
    }
    else if (!name.starts_with("__"))
      add(fmt::format("for {}{}", req->name, req->specifier.str()));
  }
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

std::vector<PlanRow> rows_of(const Attempt& attempt, const solve::Target& solved_for, const kb::KnowledgeBase& kb,
                             const PlanTarget& target) {
  std::vector<PlanRow> rows;
  for (const solve::Pick& pick : attempt.picks) {
    PlanRow row;
    row.name = pick.name;
    row.version = pick.version;
    row.extras = pick.extras;
    row.file = pick.file;
    row.required_by = pick.required_by;
    row.direct = pick.direct;
    row.dependencies_unknown = !pick.dependencies_unknown.empty();
    row.dependencies_reason = pick.dependencies_unknown;
    for (const solve::FactRequirement& fact : pick.facts) {
      Reason reason{fact.requirement.str(), fact.reason, "", fact.source};
      if (is_virtual(fact.requirement.name)) {
        reason.value = virtual_value(fact.requirement.name, attempt, solved_for);
        if (reason.value == reason.reason) reason.value.clear();  // a fact the package states of itself
      } else {
        for (const solve::Pick& other : attempt.picks)
          if (pep::canonicalize_name(fact.requirement.name) == other.name)
            reason.value = fmt::format("the plan has {} {}", other.name, other.version.str());
      }
      row.why.push_back(std::move(reason));
    }
    if (!pick.prerelease_reason.empty()) row.note = "pre-release: " + pick.prerelease_reason;
    if (!pick.yanked_reason.empty()) row.note = pick.yanked_reason;
    if (pick.preferred) row.note = "kept: the version preferred (lock file or installed)";
    if (!pick.file.is_wheel) row.build_needs = build_needs(kb, pick, attempt.picks, target);
    row.summary = summarize(row, attempt);
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const PlanRow& a, const PlanRow& b) {
    if (family_rank(a.name) != family_rank(b.name)) return family_rank(a.name) < family_rank(b.name);
    if (a.direct != b.direct) return a.direct;
    return a.name < b.name;
  });
  return rows;
}

std::string version_of(const std::vector<solve::Pick>& picks, const std::string& name) {
  for (const solve::Pick& pick : picks)
    if (pick.name == name) return pick.version.str();
  return "";
}

std::vector<NearestPlan> nearest_plans(const PlanRequest& request, const std::vector<pep::Requirement>& roots,
                                       solve::PackageSource& source, KbFacts& facts) {
  std::vector<NearestPlan> out;
  // What the plan gives each requirement; "not installed" only for the one
  // left out (others absent are for another platform: their marker is false).
  auto summarize = [&](NearestPlan plan, const Attempt& a, const std::vector<std::string>& left_out) {
    plan.packages = a.picks.size();
    for (const pep::Requirement& root : roots) {
      std::string name = pep::canonicalize_name(root.name);
      if (root.name.starts_with("__")) continue;
      std::string version = version_of(a.picks, name);
      if (!version.empty()) plan.differences.push_back(name + " " + version);
      else if (std::find(left_out.begin(), left_out.end(), name) != left_out.end())
        plan.differences.push_back(name + ": not installed");
    }
    out.push_back(std::move(plan));
  };
  // Freeing a version first (keeps the package), then leaving one out.
  for (std::size_t i = 0; i < roots.size() && out.size() < 4; ++i) {
    if (roots[i].specifier.empty()) continue;
    std::vector<pep::Requirement> relaxed = roots;
    relaxed[i].specifier = pep::SpecifierSet();
    Attempt a = attempt(request, relaxed, source, facts, false);
    if (a.result.solution)
      summarize({fmt::format("{} (any version) instead of {}", roots[i].name, roots[i].str()), {}, 0}, a, {});
  }
  for (std::size_t i = 0; i < roots.size() && out.size() < 4; ++i) {
    std::vector<pep::Requirement> fewer = roots;
    fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
    Attempt a = attempt(request, fewer, source, facts, false);
    if (a.result.solution)
      summarize({fmt::format("without {}", roots[i].str()), {}, 0}, a, {pep::canonicalize_name(roots[i].name)});
  }
  if (!out.empty()) return out;
  // No single change is enough: every version left free, and what no
  // index has left out.
  std::vector<pep::Requirement> free;
  std::vector<std::string> missing;
  for (const pep::Requirement& root : roots) {
    std::string name = pep::canonicalize_name(root.name);
    if (!name.starts_with("__")) {
      auto releases = source.releases(name);
      if (releases && releases->empty()) {
        missing.push_back(name);
        continue;
      }
    }
    pep::Requirement loose = root;
    if (!name.starts_with("__")) loose.specifier = pep::SpecifierSet();
    free.push_back(std::move(loose));
  }
  Attempt a = attempt(request, free, source, facts, false);
  if (a.result.solution) {
    std::string change = "every version left free";
    if (!missing.empty()) {
      std::string names;
      for (const std::string& m : missing) names += (names.empty() ? "" : ", ") + m;
      change += fmt::format(", without {} (no index has a release)", names);
    }
    summarize({change, {}, 0}, a, missing);
  }
  return out;
}

}  // namespace

Plan make_plan(const PlanRequest& request, solve::PackageSource& source, const kb::KnowledgeBase& kb) {
  Plan plan;
  plan.target = request.target;
  plan.requirements = request.requirements;
  plan.notes = request.target.notes;
  std::optional<trace::Phase> phase(std::in_place, "plan: solve");
  KbFacts facts(kb, request.target);
  std::vector<pep::Requirement> roots;
  for (const RootRequirement& root : request.requirements) roots.push_back(root.requirement);
  Attempt first = attempt(request, roots, source, facts, true);
  plan.stats = first.result.stats;
  if (trace::enabled())
    trace::note("plan", fmt::format("solver: {} decisions, {} conflicts, {} incompatibilities", plan.stats.decisions,
                                    plan.stats.conflicts, plan.stats.incompatibilities));
  phase.emplace("plan: rows and check");
  plan.solver_error = first.result.error;
  for (const std::string& note : first.notes) plan.notes.push_back(note);
  if (first.result.solution) {
    plan.solved = true;
    plan.rows = rows_of(first, solve_target(request, facts), kb, request.target);
    std::string unknown;
    for (const solve::Pick& pick : first.picks)
      if (!pick.dependencies_unknown.empty())
        unknown += (unknown.empty() ? "" : ", ") + fmt::format("{} {}", pick.name, pick.version.str());
    if (!unknown.empty())
      plan.notes.push_back(fmt::format("dependencies unknown, so not planned, for: {} (the index serves no metadata "
                                       "for them, or they are release assets; --verbose says which)",
                                       unknown));
    plan.virtuals = first.virtuals;
    plan.findings = check_plan(plan, kb);
    return plan;
  }
  for (const solve::ExplanationLine& line : first.explanation) {
    plan.explanation.push_back(line.text);
    plan.explanation_numbers.push_back(line.number);
  }
  phase.emplace("plan: nearest plans");
  if (request.nearest && first.result.failure) plan.nearest = nearest_plans(request, roots, source, facts);
  return plan;
}

std::vector<Finding> check_plan(const Plan& plan, const kb::KnowledgeBase& kb) {
  check::Stack stack;
  stack.label = "plan for " + plan.target.describe();
  stack.kind = check::Stack::Kind::Target;
  stack.platform = plan.target.platform;
  stack.has_machine = true;
  stack.machine_origin = Origin::machine(plan.target.where);
  auto abi = plan.virtuals.find("__torch-cxx11abi");
  if (abi != plan.virtuals.end()) stack.platform.torch_cxx11_abi = abi->second.release()[0] == 1;
  for (const PlanRow& row : plan.rows) {
    check::StackPackage package;
    package.name = row.name;
    package.display_name = row.name;
    package.version = row.version;
    package.tags = row.file.tags;
    if (row.file.is_wheel) package.wheel = row.file.filename;
    package.requirement = row.name + "==" + row.version.str();
    package.origin = Origin::file("plan", 0, 0, row.name);
    stack.packages.push_back(std::move(package));
  }
  check::CheckInput input;
  input.kb = &kb;
  input.declared_stacks.push_back(std::move(stack));
  return check::run_checks(input).findings;
}

}  // namespace mlstack::plan

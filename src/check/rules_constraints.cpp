// SPDX-License-Identifier: MIT
// The knowledge base's constraints, evaluated: for every package of a stack,
// what the kb says it requires (kb::derive_constraints), checked against the
// rest of the stack and the machine (virtual packages).
//
// A package the stack only declares as a range is judged through the
// releases it allows (check/fresh_install.h):
//   - error   every allowed version breaks the rule: no install can work
//             (for a range on the constraining side this needs the kb to
//             list the package's releases in full);
//   - warning today's newest allowed release breaks it and no installer
//             would avoid it (the rule is not in the package's own metadata):
//             a fresh install gets a broken stack; the finding names what it
//             gets and the bound to add;
//   - nothing otherwise.
// A driver older than a build's CUDA is judged with CUDA minor version
// compatibility (check/cuda_compat.h).
#include <algorithm>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "check/check.h"
#include "check/cuda_compat.h"
#include "check/evaluate.h"
#include "check/fix_plan.h"
#include "check/fresh_install.h"
#include "check/rule_catalog.h"
#include "check/suggest.h"
#include "kb/constraints.h"
#include "kb/local_label.h"
#include "kb/virtual_package.h"
#include "pep/name.h"

namespace mlstack::check {
namespace {

bool is_torch_family(std::string_view name) {
  return name == "torch" || name == "torchvision" || name == "torchaudio" || name == "triton";
}

std::string_view rule_for(const StackPackage& package, std::string_view target) {
  if (target == "__cuda") return "cuda.driver-too-old";
  if (target == "__cuda-runtime") return "ext.cuda-mismatch";
  if (target == "__cuda-toolkit") return "torch.toolkit-mismatch";
  if (target == "__torch-cxx11abi") return "ext.cxx11-abi";
  if (target == "__python") return "wheel.python";
  if (target == "__glibc") return "wheel.glibc";
  if (target == "__sm") return package.name == "torch" ? "torch.arch-missing" : "gpu.unsupported";
  if (is_torch_family(package.name) && is_torch_family(target)) return "torch.companion-mismatch";
  // Packages whose wheels hold kernels compiled against one torch.
  if (target == "torch" && (package.name == "flash-attn" || package.name == "xformers" || package.name == "vllm"))
    return "ext.torch-mismatch";
  return "coupling.violated";
}

std::string shown(const StackPackage& p) { return p.display_name.empty() ? p.name : p.display_name; }

std::string label(const StackPackage& package, const pep::Version& version) {
  return fmt::format("{} {}", shown(package), version.str());
}

std::string target_of(const kb::Constraint& c) {
  return c.requirement.name.starts_with("__") ? c.requirement.name : pep::canonicalize_name(c.requirement.name);
}

// How one constraint fares, with CUDA minor version compatibility applied.
enum class Outcome { Holds, Open, Limited, Violated };

struct Judged {
  const kb::Constraint* constraint = nullptr;
  Evaluation evaluation;
  Outcome outcome = Outcome::Open;
  std::optional<CudaCompat> compat;  // for __cuda
};

// The TORCH_CUDA_ARCH_LIST of a torch build, to tell whether a GPU needs PTX JIT.
const kb::TorchArchList* arch_list_of(const kb::KnowledgeBase& kb, const StackPackage& package,
                                      const pep::Version& version) {
  if (package.name != "torch") return nullptr;
  kb::LocalLabel label = kb::parse_local_label(version.local_view());
  std::string variant = label.cuda_tag;
  if (variant.empty() && !version.has_local())
    if (const kb::TorchRelease* release = kb.torch_release(version)) variant = release->pypi_cuda;
  return variant.empty() ? nullptr : kb.torch_arch_list(version, variant);
}

Judged judge(const kb::KnowledgeBase& kb, const Stack& stack, const StackPackage& package, const pep::Version& version,
             const kb::Constraint& constraint) {
  Judged out;
  out.constraint = &constraint;
  out.evaluation = evaluate(constraint.requirement, stack);
  switch (out.evaluation.verdict) {
    case Verdict::Satisfied: out.outcome = Outcome::Holds; break;
    case Verdict::NotApplicable: out.outcome = Outcome::Holds; break;
    case Verdict::Unknown: out.outcome = Outcome::Open; break;
    case Verdict::Violated: out.outcome = Outcome::Violated; break;
  }
  if (out.outcome == Outcome::Violated && constraint.requirement.name == "__cuda") {
    // __cuda>=X.Y: the lower bound is the build's CUDA.
    for (const pep::Specifier& clause : constraint.requirement.specifier.clauses()) {
      if (clause.op() != pep::Specifier::Op::GreaterEqual) continue;
      out.compat = judge_cuda_compat(kb, stack, clause.version(), arch_list_of(kb, package, version));
      if (out.compat->kind == CudaCompat::Kind::Limited) out.outcome = Outcome::Limited;
    }
  }
  return out;
}

// The worst outcome of a version's constraints on one target, with the one that gave it.
const Judged* worst(const std::vector<Judged>& judged) {
  const Judged* out = nullptr;
  for (const Judged& j : judged)
    if (out == nullptr || static_cast<int>(j.outcome) > static_cast<int>(out->outcome)) out = &j;
  return out;
}

// The stack's name, with its marker case when one of the declarations has a marker.
std::string scope_name(const Stack& stack, const StackPackage& package, const StackPackage* target) {
  bool marked = !package.marker.empty() || (target && !target->marker.empty());
  return marked ? stack.name() : (stack.label.empty() ? std::string("the stack") : stack.label);
}

// The requirement for a message: "triton==3.3.0 (where platform_system ==
// "Linux" and ...)" reads better than the PEP 508 "; marker" form.
std::string needs_text(const pep::Requirement& requirement) {
  if (!requirement.marker) return requirement.str();
  pep::Requirement bare = requirement;
  bare.marker.reset();
  return fmt::format("{} (where {})", bare.str(), requirement.marker->str());
}

// What the stack holds of the constrained package, for the message.
std::string found_text(const Judged& j, const Stack& stack) {
  const Evaluation& e = j.evaluation;
  if (!e.package) {
    if (j.constraint->requirement.name == "__cuda" && !stack.platform.driver_version_text.empty())
      return fmt::format("the driver ({}) supports CUDA up to {}", stack.platform.driver_version_text,
                         j.compat ? j.compat->driver_cuda : e.found);
    return e.found;
  }
  if (e.package->version) return fmt::format("the stack has {}", label(*e.package, *e.package->version));
  return fmt::format("{} allows only {} (no version satisfies both)", scope_name(stack, *e.package, nullptr),
                     e.package->requirement);
}

std::string list_versions(const std::vector<pep::Version>& versions) {
  std::string out;
  const std::size_t shown_max = 4;
  for (std::size_t i = 0; i < versions.size() && i < shown_max; ++i) out += (i ? ", " : "") + versions[i].str();
  if (versions.size() > shown_max) out += fmt::format(" and {} more", versions.size() - shown_max);
  return out;
}

struct PairContext {
  const kb::KnowledgeBase& kb;
  const Stack& stack;
  const FixContext& fixes;
  std::vector<Finding>& out;
};

Finding base_finding(std::string_view rule, const StackPackage& package, const Judged& j, const Stack& stack) {
  Finding finding;
  finding.rule = std::string(rule);
  finding.severity = find_rule(rule) ? find_rule(rule)->severity : Severity::Error;
  finding.detail = j.constraint->reason;
  finding.origins.push_back(package.origin);
  if (j.evaluation.package) finding.origins.push_back(j.evaluation.package->origin);
  else if (!stack.machine_origin.path.empty()) finding.origins.push_back(stack.machine_origin);
  finding.origins.push_back(j.constraint->origin);
  if (j.compat)
    for (const Origin& o : j.compat->sources)
      if (std::find(finding.origins.begin(), finding.origins.end(), o) == finding.origins.end()) finding.origins.push_back(o);
  return finding;
}

void add_detail(Finding& finding, const std::string& more) {
  if (more.empty()) return;
  if (!finding.detail.empty()) finding.detail += ". ";
  finding.detail += more;
}

// The rule broken for every allowed version (or the one pinned).
void report_violation(PairContext& pc, const StackPackage& package, const Allowed& allowed,
                      const std::vector<std::pair<pep::Version, const Judged*>>& per_version, std::string_view rule) {
  // The version a finding speaks of: the pinned one, else what a fresh install gets.
  const auto& [version, j] = per_version.back();
  Finding finding = base_finding(rule, package, *j, pc.stack);
  if (package.version) {
    finding.message =
        fmt::format("{} needs {}, but {}", label(package, version), needs_text(j->constraint->requirement), found_text(*j, pc.stack));
  } else {
    std::set<std::string> needs;
    for (const auto& [v, jj] : per_version) needs.insert(needs_text(jj->constraint->requirement));
    std::string need_text;
    for (const auto& n : needs) need_text += (need_text.empty() ? "" : " or ") + n;
    bool default_builds = std::all_of(per_version.begin(), per_version.end(),
                                      [](const auto& p) { return p.second->constraint->default_build; });
    finding.message = fmt::format("every {} release that {} allows ({}) needs {}{}, but {}", shown(package),
                                  package.requirement, list_versions(allowed.versions), need_text,
                                  default_builds ? " in the build pip installs by default (its PyPI wheel)" : "",
                                  found_text(*j, pc.stack));
  }
  if (j->compat && !j->compat->explanation.empty()) add_detail(finding, j->compat->explanation);
  PlannedFix planned = plan_fix(pc.fixes, package, version, *j->constraint, j->evaluation.package, rule);
  finding.fix = planned.fix;
  add_detail(finding, planned.detail);
  pc.out.push_back(std::move(finding));
}

// A build newer than the driver's CUDA that runs through minor version compatibility.
void report_limited(PairContext& pc, const StackPackage& package, const pep::Version& version, const Judged& j) {
  Finding finding = base_finding("cuda.minor-version-compat", package, j, pc.stack);
  finding.message = fmt::format("{} needs {}, but {}: {}", label(package, version), needs_text(j.constraint->requirement),
                                found_text(j, pc.stack), "it runs only through CUDA minor version compatibility");
  finding.detail = j.compat->explanation;
  // The driver of the build's own CUDA (Table 3), which lifts the limits.
  for (const pep::Specifier& clause : j.constraint->requirement.specifier.clauses())
    if (clause.op() == pep::Specifier::Op::GreaterEqual)
      if (const kb::CudaToolkit* toolkit = pc.kb.cuda_toolkit(clause.version()))
        finding.fix = fmt::format("upgrade the NVIDIA driver to {} or newer (CUDA {}) to lift the limits",
                                  toolkit->driver_linux_text, toolkit->version.str());
  if (finding.fix.empty())
    finding.fix = fmt::format("upgrade the NVIDIA driver to one that supports {} to lift the limits",
                              needs_text(j.constraint->requirement));
  pc.out.push_back(std::move(finding));
}

// A fresh install gets a newest release of the constrained package that the rule excludes.
bool report_fresh_target(PairContext& pc, const StackPackage& package, const pep::Version& version, const Judged& j,
                         std::string_view rule) {
  const StackPackage* target = j.evaluation.package;
  if (j.constraint->installer != kb::Constraint::Installer::Ignores || target == nullptr || target->version) return false;
  Allowed fresh = allowed_releases(pc.kb, *target);
  if (!fresh.newest || j.constraint->requirement.specifier.contains(*fresh.newest, true)) return false;
  Finding finding = base_finding(rule, package, j, pc.stack);
  finding.severity = Severity::Warning;
  finding.message = fmt::format(
      "{} needs {}, but a fresh install of {} gets {} {}, the newest release `{}` allows", label(package, version),
      needs_text(j.constraint->requirement), scope_name(pc.stack, package, target), shown(*target), fresh.newest->str(),
      target->requirement);
  if (!fresh.newest_source.path.empty() || !fresh.newest_source.context.empty()) finding.origins.push_back(fresh.newest_source);
  pep::SpecifierSet bound = j.constraint->requirement.specifier;
  if (target->constraint) bound = bound & *target->constraint;
  finding.fix = fmt::format("add the bound: declare {}{} in {} instead of {}", shown(*target), bound.str(),
                            pc.stack.label, target->requirement);
  add_detail(finding, fmt::format("{}'s own metadata does not state it, so pip installs the newest {}", shown(package),
                                  shown(*target)));
  pc.out.push_back(std::move(finding));
  return true;
}

// A fresh install gets a newest release of a ranged package whose own needs the stack breaks.
void report_fresh_package(PairContext& pc, const StackPackage& package, const Allowed& allowed,
                          const std::vector<std::pair<pep::Version, const Judged*>>& per_version, const Judged& j,
                          std::string_view rule) {
  Finding finding = base_finding(rule, package, j, pc.stack);
  finding.severity = Severity::Warning;
  finding.message = fmt::format("a fresh install of {} gets {} {}, the newest release `{}` allows, which needs {}, but {}",
                                scope_name(pc.stack, package, j.evaluation.package), shown(package),
                                allowed.newest->str(), package.requirement,
                                needs_text(j.constraint->requirement), found_text(j, pc.stack));
  if (!allowed.newest_source.path.empty() || !allowed.newest_source.context.empty())
    finding.origins.push_back(allowed.newest_source);
  if (j.compat && !j.compat->explanation.empty()) add_detail(finding, j.compat->explanation);
  // The bound: below the oldest breaking release above the newest one that works.
  std::optional<pep::Version> good, cut;
  for (auto it = per_version.rbegin(); it != per_version.rend(); ++it) {
    if (it->second->outcome != Outcome::Violated) {
      good = it->first;
      break;
    }
    cut = it->first;
  }
  if (good && cut) {
    pep::SpecifierSet bound = package.constraint.value_or(pep::SpecifierSet()) & *pep::SpecifierSet::parse("<" + cut->str());
    finding.fix = fmt::format("add the bound: declare {}{} in {} instead of {} ({} {} is the newest that fits)", shown(package),
                              bound.str(), pc.stack.label, package.requirement, shown(package), good->str());
  }
  pc.out.push_back(std::move(finding));
}

void check_package(PairContext& pc, const StackPackage& package,
                   std::set<std::tuple<std::string, std::string, std::string>>& seen) {
  Allowed allowed = allowed_releases(pc.kb, package);
  if (allowed.versions.empty()) return;
  // Constraints of every allowed version (for an exact package: its own,
  // local label and wheel tags included).
  std::vector<std::pair<pep::Version, std::vector<kb::Constraint>>> needs;
  for (const pep::Version& version : allowed.versions)
    needs.emplace_back(version, kb::derive_constraints(pc.kb, package.name, version, package.tags));
  std::vector<std::string> targets;
  for (const auto& [version, constraints] : needs)
    for (const kb::Constraint& c : constraints)
      if (std::find(targets.begin(), targets.end(), target_of(c)) == targets.end()) targets.push_back(target_of(c));

  for (const std::string& target : targets) {
    std::string rule(rule_for(package, target));
    std::string a = package.name, b = target;
    if (b < a && !b.starts_with("__")) std::swap(a, b);
    // Judgements per version, kept alive for the pointers below.
    std::vector<std::vector<Judged>> judged(needs.size());
    std::vector<std::pair<pep::Version, const Judged*>> per_version;
    bool all_violated = true;
    for (std::size_t i = 0; i < needs.size(); ++i) {
      for (const kb::Constraint& c : needs[i].second)
        if (target_of(c) == target) judged[i].push_back(judge(pc.kb, pc.stack, package, needs[i].first, c));
      const Judged* w = worst(judged[i]);
      if (w == nullptr) {
        all_violated = false;  // this version puts nothing on the target
        continue;
      }
      per_version.emplace_back(needs[i].first, w);
      all_violated &= w->outcome == Outcome::Violated;
    }
    if (per_version.empty()) continue;
    // The version a fresh install gets (the pinned one for an exact package).
    const Judged* fresh = nullptr;
    for (const auto& [version, j] : per_version)
      if (allowed.newest && version == *allowed.newest) fresh = j;
    if (all_violated && allowed.complete) {
      if (!seen.insert({rule, a, b}).second) continue;
      // Speak of the fresh install's version when there is one.
      auto ordered = per_version;
      if (fresh)
        std::stable_partition(ordered.begin(), ordered.end(), [&](const auto& p) { return p.second != fresh; });
      report_violation(pc, package, allowed, ordered, rule);
      continue;
    }
    if (fresh == nullptr) continue;
    const pep::Version& version = *allowed.newest;
    if (fresh->outcome == Outcome::Limited) {
      if (seen.insert({"cuda.minor-version-compat", a, b}).second) report_limited(pc, package, version, *fresh);
      continue;
    }
    if (fresh->outcome == Outcome::Violated && !package.version &&
        fresh->constraint->installer == kb::Constraint::Installer::Ignores) {
      if (seen.insert({rule, a, b}).second) report_fresh_package(pc, package, allowed, per_version, *fresh, rule);
      continue;
    }
    // Every constraint of the fresh version on a target the stack only bounds.
    for (std::size_t i = 0; i < needs.size(); ++i) {
      if (needs[i].first != version) continue;
      for (const Judged& j : judged[i]) {
        if (j.outcome != Outcome::Open) continue;
        if (seen.contains({rule, a, b})) break;
        if (report_fresh_target(pc, package, version, j, rule)) seen.insert({rule, a, b});
      }
    }
  }
}

}  // namespace

void check_kb_constraints(const kb::KnowledgeBase& kb, const Stack& stack, std::vector<Finding>& out,
                          const std::vector<Anchor>& anchors) {
  // (rule, package, target) already reported, so a pair that constrain each
  // other (torch <-> torchvision) is reported once.
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  FixContext fixes{&kb, &stack, anchors};
  PairContext pc{kb, stack, fixes, out};
  for (const StackPackage& package : stack.packages) check_package(pc, package, seen);
}

}  // namespace mlstack::check

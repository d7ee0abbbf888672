// SPDX-License-Identifier: MIT
// The knowledge base's constraints, evaluated: for every exact package of a
// stack, what the kb says it requires (kb::derive_constraints), checked
// against the rest of the stack (exact versions, and declared ranges as sets
// of versions) and the machine through virtual packages.
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "check/check.h"
#include "check/evaluate.h"
#include "check/rule_catalog.h"
#include "check/suggest.h"
#include "kb/constraints.h"
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
  if (target == "torch") return "ext.torch-mismatch";
  return "coupling.violated";
}

std::string label(const StackPackage& package) {
  return fmt::format("{} {}", package.display_name.empty() ? package.name : package.display_name,
                     package.version ? package.version->str() : package.requirement);
}

// What the stack holds of the constrained package, for the message.
std::string found_text(const Evaluation& result, const Stack& stack) {
  if (!result.package) return result.found;
  if (result.package->version) return fmt::format("the stack has {}", label(*result.package));
  return fmt::format("{} allows only {} (no version satisfies both)", stack.label.empty() ? "the stack" : stack.label,
                     result.package->requirement);
}

// A declared range that excludes every version the constraint admits is
// fixed where it is declared, not by installing something.
std::string range_fix(const StackPackage& declared, const Stack& stack, const pep::Requirement& needed) {
  return fmt::format("declare {}{} in {} instead of {}",
                     declared.display_name.empty() ? declared.name : declared.display_name, needed.specifier.str(),
                     stack.label.empty() ? "the stack" : stack.label, declared.requirement);
}

}  // namespace

void check_kb_constraints(const kb::KnowledgeBase& kb, const Stack& stack, std::vector<Finding>& out) {
  // (rule, package, target) already reported, so a pair that constrain each
  // other (torch <-> torchvision) is reported once.
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const StackPackage& package : stack.packages) {
    if (!package.version) continue;
    for (const kb::Constraint& constraint : kb::derive_constraints(kb, package.name, *package.version, package.tags)) {
      Evaluation result = evaluate(constraint.requirement, stack);
      if (result.verdict != Verdict::Violated) continue;
      std::string target = pep::canonicalize_name(constraint.requirement.name);
      if (constraint.requirement.name.starts_with("__")) target = constraint.requirement.name;
      std::string rule(rule_for(package, target));
      std::string a = package.name, b = target;
      if (b < a && !b.starts_with("__")) std::swap(a, b);
      if (!seen.insert({rule, a, b}).second) continue;

      Finding finding;
      finding.rule = rule;
      finding.severity = find_rule(rule) ? find_rule(rule)->severity : Severity::Error;
      finding.message =
          fmt::format("{} needs {}, but {}", label(package), constraint.requirement.str(), found_text(result, stack));
      finding.detail = constraint.reason;
      finding.origins.push_back(package.origin);
      if (result.package) finding.origins.push_back(result.package->origin);
      else if (!stack.machine_origin.path.empty()) finding.origins.push_back(stack.machine_origin);
      finding.origins.push_back(constraint.origin);
      bool declared_range = result.package && !result.package->version;
      finding.fix = declared_range ? range_fix(*result.package, stack, constraint.requirement)
                                   : suggest_fix(kb, stack, package, constraint.requirement, rule);
      out.push_back(std::move(finding));
    }
  }
}

}  // namespace mlstack::check

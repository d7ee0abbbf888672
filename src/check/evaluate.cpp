// SPDX-License-Identifier: MIT
#include "check/evaluate.h"

#include "check/range_verdict.h"
#include "check/virtual_packages.h"
#include "kb/virtual_package.h"
#include "pep/marker.h"
#include "pep/name.h"

namespace mlstack::check {
namespace {

bool marker_applies(const pep::Requirement& requirement, const Stack& stack) {
  if (!requirement.marker) return true;
  pep::MarkerEnvironment environment = pep::marker_environment(stack.platform);
  return requirement.marker->evaluate(environment);
}

Evaluation evaluate_virtual(const pep::Requirement& requirement, const Stack& stack) {
  std::vector<pep::Version> values = virtual_versions(stack, requirement.name);
  if (values.empty()) return {Verdict::Unknown, {}, nullptr};
  for (const auto& value : values) {
    // Machine facts are never pre-releases in the PEP 440 sense; allow them so that
    // a driver or CUDA "version" is compared on its numbers alone.
    if (!requirement.specifier.contains(value, true)) {
      return {Verdict::Violated, describe_virtual(requirement.name, value), nullptr};
    }
  }
  return {Verdict::Satisfied, describe_virtual(requirement.name, values.front()), nullptr};
}

}  // namespace

Evaluation evaluate(const pep::Requirement& requirement, const Stack& stack) {
  if (!marker_applies(requirement, stack)) return {Verdict::NotApplicable, {}, nullptr};
  if (kb::is_virtual_package(requirement.name)) return evaluate_virtual(requirement, stack);
  const StackPackage* package = stack.find(pep::canonicalize_name(requirement.name));
  if (!package) return {Verdict::NotApplicable, {}, nullptr};
  if (!package->version) {
    // A declared range: judged by set algebra (range_verdict.h); `found` is the range as written.
    Verdict verdict = package->constraint ? judge_range(*package->constraint, requirement.specifier) : Verdict::Unknown;
    return {verdict, package->requirement, package};
  }
  // An installed pre-release satisfies a requirement that allows its numbers, as pip check does.
  bool ok = requirement.specifier.contains(*package->version, true);
  return {ok ? Verdict::Satisfied : Verdict::Violated, package->version->str(), package};
}

}  // namespace mlstack::check

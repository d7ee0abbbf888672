// SPDX-License-Identifier: MIT
#include "check/coupling.h"

#include <algorithm>

#include <fmt/format.h>

#include "kb/constraints.h"
#include "kb/virtual_package.h"
#include "pep/name.h"

namespace mlstack::check {
namespace {

std::string label(const StackPackage& p) {
  return fmt::format("{} {}", p.display_name.empty() ? p.name : p.display_name,
                     p.version ? p.version->str() : p.requirement);
}

std::string found_text(const Evaluation& e) {
  if (!e.package) return e.found;
  if (e.package->version) return label(*e.package);
  return fmt::format("a range: {}", e.package->requirement);
}

}  // namespace

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::Satisfied: return "holds";
    case Verdict::Violated: return "violated";
    case Verdict::Unknown: return "unknown";
    case Verdict::NotApplicable: return "not applicable";
  }
  return "unknown";
}

std::vector<CouplingRow> coupling_rows(const kb::KnowledgeBase& kb, const Stack& stack) {
  std::vector<CouplingRow> rows;
  for (const StackPackage& package : stack.packages) {
    if (!package.version) continue;
    for (const kb::Constraint& constraint : kb::derive_constraints(kb, package.name, *package.version, package.tags)) {
      Evaluation e = evaluate(constraint.requirement, stack);
      // A marker that is false here, or a package the stack does not have: nothing is coupled.
      if (e.verdict == Verdict::NotApplicable) continue;
      CouplingRow row;
      row.stack = stack.label;
      row.package = label(package);
      row.name = package.name;
      row.needs = constraint.requirement.str();
      row.machine = kb::is_virtual_package(constraint.requirement.name);
      row.target = row.machine ? constraint.requirement.name : pep::canonicalize_name(constraint.requirement.name);
      row.verdict = e.verdict;
      row.found = found_text(e);
      row.reason = constraint.reason;
      row.package_origin = package.origin;
      row.fact = constraint.origin;
      if (e.package) row.found_origin = e.package->origin;
      else if (row.machine && !stack.machine_origin.path.empty()) row.found_origin = stack.machine_origin;
      bool repeated = std::any_of(rows.begin(), rows.end(), [&](const CouplingRow& kept) {
        return kept.name == row.name && kept.needs == row.needs && kept.package_origin == row.package_origin;
      });
      if (!repeated) rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
#include "check/fix_plan.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "check/evaluate.h"
#include "check/suggest.h"
#include "kb/virtual_package.h"
#include "pep/marker.h"
#include "pep/name.h"
#include "pep/specifier_algebra.h"

namespace mlstack::check {
namespace {

bool follows_torch(std::string_view name) {
  return name == "torchvision" || name == "torchaudio" || name == "triton" || name == "flash-attn" ||
         name == "xformers";
}

std::string shown(const StackPackage& p) { return p.display_name.empty() ? p.name : p.display_name; }

bool is_environment(const Stack& stack) { return stack.kind == Stack::Kind::Environment; }

// One way to fix the violation: a new requirement for one package.
struct Option {
  std::string name;                      // canonical: the package that changes
  std::string shown;
  pep::SpecifierSet specifier;           // what it must satisfy
  std::optional<pep::Version> version;   // the release it would be, when known
  std::string text;                      // the fix to paste
};

std::string change_text(const Stack& stack, const std::string& name_shown, const std::string& specifier,
                        const StackPackage* declared) {
  if (is_environment(stack)) return fmt::format("pip install \"{}{}\"", name_shown, specifier);
  if (declared == nullptr) return fmt::format("declare {}{} in {}", name_shown, specifier, stack.label);
  return fmt::format("declare {}{} in {} instead of {}", name_shown, specifier, stack.label, declared->requirement);
}

std::optional<pep::Version> exact_of(const pep::SpecifierSet& set) {
  if (set.clauses().size() != 1) return std::nullopt;
  const pep::Specifier& clause = set.clauses().front();
  if (clause.op() != pep::Specifier::Op::Equal || clause.has_wildcard()) return std::nullopt;
  return clause.version();
}

const Anchor* anchor_of(const FixContext& context, std::string_view name) {
  for (const Anchor& anchor : context.anchors)
    if (anchor.name == name) return &anchor;
  return nullptr;
}

// Why `option` contradicts the project or the rest of the stack; empty when it does not.
std::string conflict_of(const FixContext& context, const Option& option, const StackPackage& package,
                        const StackPackage* target) {
  const Stack& stack = *context.stack;
  if (const Anchor* anchor = anchor_of(context, option.name)) {
    bool allowed = option.version ? anchor->specifier.contains(*option.version, true)
                                  : !pep::is_unsatisfiable(anchor->specifier & option.specifier);
    if (!allowed) return fmt::format("{} declares {}", anchor->origin.to_string(), anchor->text);
  }
  // What the other packages of the stack need of the changed one.
  for (const StackPackage& other : stack.packages) {
    if (!other.version || other.name == option.name || other.name == package.name ||
        (target && other.name == target->name))
      continue;
    for (const kb::Constraint& c : kb::derive_constraints(*context.kb, other.name, *other.version, other.tags)) {
      if (pep::canonicalize_name(c.requirement.name) != option.name) continue;
      bool allowed = option.version ? c.requirement.specifier.contains(*option.version, true)
                                    : !pep::is_unsatisfiable(c.requirement.specifier & option.specifier);
      if (!allowed) return fmt::format("{} {} needs {}", shown(other), other.version->str(), c.requirement.str());
    }
  }
  // What the new release needs of the others (and of the machine).
  if (option.version) {
    for (const kb::Constraint& c : kb::derive_constraints(*context.kb, option.name, *option.version)) {
      std::string on = pep::canonicalize_name(c.requirement.name);
      if (on == package.name && option.name != package.name) continue;  // the pair being fixed
      Evaluation e = evaluate(c.requirement, stack);
      if (e.verdict != Verdict::Violated) continue;
      // An installer brings along what the new release states in its own
      // metadata, unless the project holds that package where it is.
      bool held = !is_environment(stack) || anchor_of(context, on) != nullptr;
      if (c.installer == kb::Constraint::Installer::Enforces && e.package && !held) continue;
      return fmt::format("{} {} needs {}, but {}", option.shown, option.version->str(), c.requirement.str(),
                         e.package ? (e.package->version ? fmt::format("{} {} is there", shown(*e.package),
                                                                         e.package->version->str())
                                                         : fmt::format("{} declares {}", stack.label, e.package->requirement))
                                   : e.found);
    }
  }
  return {};
}

// Change the constrained package so that the constraint holds.
std::optional<Option> change_target(const FixContext& context, const kb::Constraint& constraint,
                                    const StackPackage& target) {
  Option option;
  option.name = target.name;
  option.shown = shown(target);
  option.specifier = constraint.requirement.specifier;
  option.version = exact_of(option.specifier);
  if (!option.version) {
    // The release a fresh install of the new requirement would get.
    pep::SpecifierSet wanted = option.specifier;
    if (const Anchor* anchor = anchor_of(context, target.name)) wanted = wanted & anchor->specifier;
    std::vector<pep::Version> known = context.kb->releases_of(target.name);
    for (auto it = known.rbegin(); it != known.rend(); ++it)
      if (wanted.contains(*it)) {
        option.version = *it;
        break;
      }
  }
  option.text = change_text(*context.stack, option.shown, option.specifier.str(), &target);
  return option;
}

// Change the constraining package to a release whose needs the stack meets.
std::optional<Option> change_package(const FixContext& context, const StackPackage& package,
                                     const pep::Version& version, bool keep_anchor = true) {
  const Stack& stack = *context.stack;
  const Anchor* anchor = keep_anchor ? anchor_of(context, package.name) : nullptr;
  std::vector<pep::Version> known = context.kb->releases_of(package.name);
  for (auto it = known.rbegin(); it != known.rend(); ++it) {
    if (it->is_prerelease() || *it == version.public_version()) continue;
    if (anchor && !anchor->specifier.contains(*it, true)) continue;
    std::vector<kb::Constraint> needs = kb::derive_constraints(*context.kb, package.name, *it);
    if (needs.empty()) continue;  // nothing known of it: not a proven fit
    // It fits when no need is violated: an exact package satisfies it, a
    // declared range still holds a version that does (the range is the
    // project's, and stays).
    bool fits = true, proven = false;
    for (const kb::Constraint& c : needs) {
      Evaluation e = evaluate(c.requirement, stack);
      if (e.verdict == Verdict::Violated) fits = false;
      if (e.verdict == Verdict::Unknown && e.package && e.package->version) fits = false;
      // A release that meets only by not being judged (every need unknown) is no proof.
      if (e.verdict == Verdict::Satisfied || (e.verdict == Verdict::Unknown && e.package)) proven = true;
    }
    if (!fits || !proven) continue;
    Option option;
    option.name = package.name;
    option.shown = shown(package);
    option.version = *it;
    option.specifier = *pep::SpecifierSet::parse("==" + it->str());
    option.text = change_text(stack, option.shown, "==" + it->str(), &package);
    return option;
  }
  // None within the project's declaration: the one outside it, so that the
  // finding can say which declaration stands in the way.
  if (keep_anchor && anchor_of(context, package.name) != nullptr) return change_package(context, package, version, false);
  return std::nullopt;
}

}  // namespace

std::vector<Anchor> anchors_from(const std::vector<DeclaredRequirement>& declared, const pep::Platform& platform) {
  std::vector<Anchor> out;
  pep::MarkerEnvironment environment = pep::marker_environment(platform);
  for (const DeclaredRequirement& d : declared) {
    const pep::Requirement& r = d.requirement;
    if (r.url || r.specifier.empty()) continue;
    if (r.marker && !r.marker->evaluate(environment)) continue;
    out.push_back(Anchor{r.canonical_name(), r.specifier, r.name + r.specifier.str(), d.origin});
  }
  return out;
}

PlannedFix plan_fix(const FixContext& context, const StackPackage& package, const pep::Version& version,
                    const kb::Constraint& constraint, const StackPackage* target, std::string_view rule) {
  PlannedFix out;
  const Stack& stack = *context.stack;
  // An interpreter or GPU a release does not support: another release of the
  // package that does (the machine stays what it is).
  if (target == nullptr && (rule == "wheel.python" || rule == "gpu.unsupported") && package.name != "torch") {
    if (auto option = change_package(context, package, version)) {
      if (conflict_of(context, *option, package, nullptr).empty()) {
        out.fix = option->text;
        return out;
      }
    }
  }
  // The machine, or a wheel matched to the stack: the existing suggestions.
  if (target == nullptr || package.name == "flash-attn") {
    out.fix = suggest_fix(*context.kb, stack, package, constraint.requirement, rule, version);
    return out;
  }
  std::vector<Option> options;
  auto add = [&](std::optional<Option> option) {
    if (option) options.push_back(std::move(*option));
  };
  if (follows_torch(package.name) && target->name == "torch") {
    add(change_package(context, package, version));
    add(change_target(context, constraint, *target));
  } else {
    add(change_target(context, constraint, *target));
    add(change_package(context, package, version));
  }
  std::vector<std::string> refused;
  for (const Option& option : options) {
    std::string conflict = conflict_of(context, option, package, target);
    if (conflict.empty()) {
      out.fix = option.text;
      if (&option != &options.front())
        out.detail = fmt::format("Not `{}`: {}.", options.front().text, refused.front());
      return out;
    }
    refused.push_back(conflict);
  }
  if (options.empty()) return out;
  std::string why;
  for (std::size_t i = 0; i < options.size(); ++i)
    why += fmt::format("{}`{}` contradicts it: {}", i ? "; " : "", options[i].text, refused[i]);
  out.detail = fmt::format("No fix is given, because every change of one package contradicts the rest of the stack: {}. "
                           "Changing both needs a new set of pins.",
                           why);
  return out;
}

}  // namespace mlstack::check

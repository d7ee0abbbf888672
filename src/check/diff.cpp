// SPDX-License-Identifier: MIT
#include "check/diff.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "check/check.h"
#include "check/release_facts.h"
#include "kb/local_label.h"
#include "pep/specifier_algebra.h"

namespace mlstack::check {
namespace {

std::string shown(const StackPackage* p) {
  if (!p) return {};
  if (p->version) return p->version->str();
  if (p->constraint && !p->constraint->empty()) return p->constraint->str();
  // A direct reference (name @ git+https://...) is its own pin; anything else is open.
  if (p->requirement.find('@') != std::string::npos) return p->requirement;
  return "unpinned";
}

// Which packages a finding is about: the stack packages among its origins.
bool finding_mentions(const Finding& f, const StackPackage& p) {
  for (const auto& origin : f.origins) {
    if (origin == p.origin) return true;
  }
  return false;
}

// Status precedence when several apply: facts that make a side unusable first.
int rank(DiffStatus s) {
  switch (s) {
    case DiffStatus::DoesNotExist: return 6;
    case DiffStatus::Conflicts: return 5;
    case DiffStatus::NoWheel: return 4;
    case DiffStatus::OnlyInA:
    case DiffStatus::OnlyInB: return 3;
    case DiffStatus::Differs: return 2;
    case DiffStatus::Compatible: return 1;
    case DiffStatus::Same: return 0;
  }
  return 0;
}

void raise(DiffRow& row, DiffStatus status) {
  if (rank(status) > rank(row.status)) row.status = status;
}

// A flash-attn pin whose label names a wheel the kb's matrix does not have.
std::string missing_wheel_note(const kb::KnowledgeBase& kb, const Stack& stack, const StackPackage& p) {
  if (p.name != "flash-attn" || !p.version || !p.version->has_local() || !stack.platform.python_version) return {};
  kb::LocalLabel label = kb::parse_local_label(p.version->local());
  if (!label.torch || !label.cxx11abi || label.cuda_tag.empty()) return {};
  if (!kb.flash_attn_release(p.version->public_version())) return {};
  auto py = stack.platform.python_version->release();
  std::string python = py.size() >= 2 ? fmt::format("{}.{}", py[0], py[1]) : stack.platform.python_version->str();
  if (kb.flash_attn_wheel(p.version->public_version(), label.cuda_tag, *label.torch, *label.cxx11abi, python)) return {};
  return fmt::format("{}: no prebuilt flash-attn {} wheel for {} torch{} cxx11abi{} Python {} in the release matrix",
                     stack.label, p.version->public_version().str(), label.cuda_tag, *label.torch,
                     *label.cxx11abi ? "TRUE" : "FALSE", python);
}

void annotate(DiffRow& row, const StackPackage* p, const Stack& stack, const std::vector<Finding>& findings,
              const kb::KnowledgeBase& kb) {
  if (!p) return;
  row.origins.push_back(p->origin);
  for (const auto& f : findings) {
    if (!finding_mentions(f, *p)) continue;
    // A warning (what a fresh install may get) is a note, not a conflict.
    if (f.severity == Severity::Error)
      raise(row, f.rule == "release.unknown-version" ? DiffStatus::DoesNotExist : DiffStatus::Conflicts);
    row.notes.push_back(fmt::format("{}: {} [{}]", stack.label, f.message, f.rule));
  }
  if (row.status == DiffStatus::Same) return;  // same on both sides: nothing to tell apart
  for (const ReleaseFact& fact : pinned_release_facts(kb, stack)) {
    if (fact.name != p->name) continue;
    row.notes.push_back(fmt::format("{}: {} {} exists{} ({})", stack.label, fact.name, fact.version,
                                    fact.date.empty() ? "" : ", released " + fact.date, fact.fact.to_string()));
  }
  if (std::string note = missing_wheel_note(kb, stack, *p); !note.empty()) {
    raise(row, DiffStatus::NoWheel);
    row.notes.push_back(std::move(note));
  }
}

// A side as a set of versions: its pin, its range, or every version when unpinned.
std::optional<pep::SpecifierSet> as_range(const StackPackage& p) {
  if (p.version) return pep::SpecifierSet::parse("==" + p.version->str()).value_or(pep::SpecifierSet());
  if (p.requirement.find('@') != std::string::npos && !p.constraint) return std::nullopt;  // a direct reference
  return p.constraint.value_or(pep::SpecifierSet());
}

DiffStatus compare(const StackPackage& x, const StackPackage& y) {
  if (x.version && y.version) return *x.version == *y.version ? DiffStatus::Same : DiffStatus::Differs;
  if (shown(&x) == shown(&y)) return DiffStatus::Same;
  auto rx = as_range(x), ry = as_range(y);
  if (!rx || !ry) return DiffStatus::Differs;
  return pep::is_unsatisfiable(*rx & *ry) ? DiffStatus::Differs : DiffStatus::Compatible;
}

}  // namespace

const char* to_string(DiffStatus status) {
  switch (status) {
    case DiffStatus::Same: return "same";
    case DiffStatus::Compatible: return "compatible";
    case DiffStatus::Differs: return "differs";
    case DiffStatus::OnlyInA: return "only in A";
    case DiffStatus::OnlyInB: return "only in B";
    case DiffStatus::Conflicts: return "conflicts";
    case DiffStatus::DoesNotExist: return "does not exist";
    case DiffStatus::NoWheel: return "no prebuilt wheel";
  }
  return "same";
}

DiffResult diff_stacks(const Stack& a, const Stack& b, const kb::KnowledgeBase& kb) {
  DiffResult result{a.label, b.label, {}, {}};
  std::vector<Finding> findings_a, findings_b;
  check_kb_constraints(kb, a, findings_a);
  check_release_facts(kb, a, findings_a);
  check_kb_constraints(kb, b, findings_b);
  check_release_facts(kb, b, findings_b);

  std::map<std::string, std::pair<const StackPackage*, const StackPackage*>> names;
  for (const auto& p : a.packages) names[p.name].first = names[p.name].first ? names[p.name].first : &p;
  for (const auto& p : b.packages) names[p.name].second = names[p.name].second ? names[p.name].second : &p;

  for (const auto& [name, pair] : names) {
    auto [pa, pb] = pair;
    DiffRow row{name, shown(pa), shown(pb), DiffStatus::Same, {}, {}};
    if (!pa) row.status = DiffStatus::OnlyInB;
    else if (!pb) row.status = DiffStatus::OnlyInA;
    else row.status = compare(*pa, *pb);
    annotate(row, pa, a, findings_a, kb);
    annotate(row, pb, b, findings_b, kb);
    result.rows.push_back(std::move(row));
  }
  for (auto& f : findings_a) result.findings.push_back(std::move(f));
  for (auto& f : findings_b) result.findings.push_back(std::move(f));
  return result;
}

}  // namespace mlstack::check

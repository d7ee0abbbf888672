// SPDX-License-Identifier: MIT
// Report sections about what was judged: version coupling, the environment
// and machine, the findings, and the pinning policy.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "pep/name.h"
#include "report/check_view.h"
#include "report/env_view.h"
#include "report/report_sections.h"

namespace mlstack::report::detail {
namespace {

std::string fact_text(const Origin& fact) {
  return fact.source.empty() ? "kb:" + fact.context : fmt::format("kb:{} ({})", fact.context, fact.source);
}

// The Distributions table of `mlstack env`'s sections gets one anchor per row,
// so that findings citing an installed distribution link to it.
void anchor_distributions(std::vector<Section>& sections) {
  for (Section& s : sections) {
    if (s.title == "Distributions") {
      for (Block& b : s.blocks) {
        if (auto* t = std::get_if<Table>(&b)) {
          t->row_ids.clear();
          for (const auto& row : t->rows) t->row_ids.push_back(distribution_row(pep::canonicalize_name(row.front())));
        }
      }
    }
    anchor_distributions(s.subsections);
  }
}

}  // namespace

Section coupling_section(const check::Analysis& a) {
  Section section{"Version coupling", {}, {}, "coupling"};
  section.blocks.push_back(Paragraph{
      "What the knowledge base says each exact package needs of the others and of the machine, judged against each "
      "stack: an environment, a manifest's pins, an install script. A violated row is also a finding below."});
  std::map<std::string, bool> has_machine;
  if (a.check.environment) has_machine[a.check.environment->label] = true;
  for (const auto& s : a.check.declared_stacks) has_machine[s.label] = s.has_machine;
  std::vector<std::string> order;
  for (const auto& row : a.coupling) {
    if (std::find(order.begin(), order.end(), row.stack) == order.end()) order.push_back(row.stack);
  }
  std::size_t unjudged = 0;
  for (const auto& stack : order) {
    Table table{{{"Package"}, {"Needs", Align::Left, true}, {"Verdict"}, {"Stack has"}, {"Fact"}}, {}};
    for (std::size_t i = 0; i < a.coupling.size(); ++i) {
      const auto& row = a.coupling[i];
      if (row.stack != stack) continue;
      if (row.machine && !has_machine[stack]) {
        ++unjudged;
        continue;
      }
      table.rows.push_back({row.package, row.needs, check::to_string(row.verdict), row.found.empty() ? "-" : row.found,
                            fact_text(row.fact)});
      table.row_ids.push_back(coupling_row(i));
    }
    if (!table.rows.empty()) section.subsections.push_back(Section{fmt::format("`{}`", stack), {std::move(table)}, {}});
  }
  if (unjudged > 0)
    section.blocks.push_back(Paragraph{fmt::format(
        "{} requirement{} on the machine (driver CUDA, GPU architecture, Python, C library, C++ ABI) {} not judged: "
        "no environment or --target gives a machine.", unjudged, unjudged == 1 ? "" : "s", unjudged == 1 ? "is" : "are")});
  if (section.subsections.empty())
    section.blocks.push_back(Paragraph{"No exact pin or installed package that the knowledge base has couplings for."});
  return section;
}

Section environment_section(const check::Analysis& a) {
  Section section{"Environment and machine", {}, {}, "environment"};
  if (!a.environment && !a.check.target) {
    section.blocks.push_back(Paragraph{
        "No environment or machine was given: pass --env (the environment `mlstack env` finds), --site DIR, "
        "--python EXE or --env-file FILE, or --target to judge the pins on a machine."});
    return section;
  }
  if (a.check.target) section.subsections.push_back(Section{"Target machine", {platform_values(*a.check.target)}, {}, "target"});
  if (!a.environment) return section;
  section.blocks.push_back(Paragraph{fmt::format("Environment read: {}.", a.environment_source)});
  Table table{{{"Package"}, {"Declared", Align::Left, true}, {"Where"}, {"Installed", Align::Left, true}, {"Verdict"}}, {}};
  for (std::size_t i = 0; i < a.installed.size(); ++i) {
    const auto& row = a.installed[i];
    table.rows.push_back({row.name, row.declared, row.declared_at.to_string(), row.installed.empty() ? "-" : row.installed,
                          row.verdict});
    table.row_ids.push_back(installed_row(i));
  }
  if (!table.rows.empty()) section.subsections.push_back(Section{"Declared against installed", {std::move(table)}, {}, "installed"});
  Document env = env_document(*a.environment, false);
  anchor_distributions(env.sections);
  for (auto& s : env.sections) section.subsections.push_back(std::move(s));
  return section;
}

Section findings_section(const std::vector<Finding>& findings) {
  Section section{"Findings", {}, {}, "findings"};
  if (findings.empty()) {
    section.blocks.push_back(Paragraph{"None."});
    return section;
  }
  const std::pair<Severity, const char*> levels[] = {
      {Severity::Error, "Errors"}, {Severity::Warning, "Warnings"}, {Severity::Info, "Notes"}};
  for (const auto& [severity, title] : levels) {
    FindingList list;
    for (std::size_t i = 0; i < findings.size(); ++i) {
      if (findings[i].severity == severity) list.indices.push_back(i);
    }
    if (list.indices.empty()) continue;
    std::stable_sort(list.indices.begin(), list.indices.end(),
                     [&](std::size_t x, std::size_t y) { return findings[x].rule < findings[y].rule; });
    std::string name = fmt::format("{} ({})", title, list.indices.size());
    section.subsections.push_back(Section{name, {std::move(list)}, {}, fmt::format("findings-{}", to_string(severity))});
  }
  return section;
}

Section pinning_section(const check::Analysis& a) {
  Section section{"Pinning policy", {}, {}, "pinning"};
  const auto& policy = a.policy;
  if (policy.rows.empty()) {
    section.blocks.push_back(Paragraph{"The project declares no runtime dependency."});
    return section;
  }
  section.blocks.push_back(Paragraph{
      "Bounds for the project's own declarations that hold together: each is what the manifests declare and what the "
      "knowledge base says the exact pins need, narrowed by the reproducibility bound the scan found (a lock, a pin "
      "elsewhere, the next breaking release) where that bound agrees with them. Exact pins are kept."});
  if (policy.conflicts > 0)
    section.blocks.push_back(Paragraph{fmt::format(
        "{} package{} cannot be bounded: what {} declared and what the pins need admit no version together (see Why).",
        policy.conflicts, policy.conflicts == 1 ? "" : "s", policy.conflicts == 1 ? "is" : "are")});
  Table table{{{"Package"}, {"Now"}, {"Suggested", Align::Left, true}, {"Why"}, {"Where"}}, {}};
  std::string lines;
  for (std::size_t i = 0; i < policy.rows.size(); ++i) {
    const auto& row = policy.rows[i];
    std::string suggested = row.conflict ? "conflict" : row.suggested.empty() ? "-" : row.suggested;
    std::vector<std::string> where;
    for (const auto& o : row.origins) where.push_back(o.to_string());
    std::string why = row.reasons.empty() ? "no version is known from the project's files; pin the version you test with"
                                          : join(row.reasons, "; ");
    table.rows.push_back({row.display_name, row.now.empty() ? "not declared" : row.now, suggested, why, join(where, "; ")});
    table.row_ids.push_back(policy_row(i));
    if (!row.conflict && !row.suggested.empty()) lines += row.suggested + "\n";
  }
  section.blocks.push_back(std::move(table));
  if (!lines.empty()) {
    section.blocks.push_back(Paragraph{"As a constraints file (`pip install -c constraints.txt ...`):"});
    section.blocks.push_back(CodeBlock{"text", lines});
  }
  return section;
}

}  // namespace mlstack::report::detail

// SPDX-License-Identifier: MIT
// The report's last sections, present when asked: the fit of --model (as
// `mlstack fit` shows it, fit_view.cpp) and the install plan for --target
// (as `mlstack plan` shows it, plan_view.cpp), each under one heading and
// with its own findings listed in place.
#include <fmt/format.h>

#include "report/fit_view.h"
#include "report/plan_view.h"
#include "report/report_sections.h"

namespace mlstack::report::detail {
namespace {

// A reason as one line: a multi-line error joined.
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// The findings a plan or a fit carries, one bullet each: they are the plan's
// and the model's, not the project's, so the report's Findings leave them out.
void add_findings(Section& section, const std::vector<Finding>& findings, const char* title) {
  if (findings.empty()) return;
  std::vector<std::string> items;
  for (const Finding& f : findings) {
    std::string item = fmt::format("{} {}: {}", to_string(f.severity), f.rule, f.message);
    if (!f.fix.empty()) item += fmt::format(" Fix: {}", f.fix);
    items.push_back(std::move(item));
  }
  section.subsections.push_back(Section{title, {Bullets{std::move(items)}}, {}});
}

nlohmann::json findings_json(const std::vector<Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Finding& f : findings) out.push_back(to_json(f));
  return out;
}

// Why the solver found no plan, in one line: its own reason when it gave up,
// else the explanation's conclusion (its last line).
std::string no_plan_reason(const plan::Plan& plan) {
  if (!plan.solver_error.empty()) return "the solver gave up: " + one_line(plan.solver_error);
  if (!plan.explanation.empty()) return one_line(plan.explanation.back());
  return "the requirements cannot all hold on this target";
}

}  // namespace

Section model_fit_section(const ReportFit& fit, bool verbose) {
  Section section{"Model fit", {}, {}, "model-fit"};
  if (!fit.fit) {
    section.blocks.push_back(Paragraph{fmt::format("No fit for `{}`: {}", fit.model, one_line(fit.unavailable))});
    return section;
  }
  section.blocks.push_back(KeyValues{{{"Model", fit.fit->files.source}}});
  Document part;
  add_fit_sections(part, *fit.fit, {verbose, fit.machine_read});
  section.subsections = std::move(part.sections);
  add_findings(section, part.findings, "Problems in the model's files");
  return section;
}

Section install_plan_section(const ReportPlan& plan, bool verbose) {
  Section section{"Install plan", {}, {}, "install-plan"};
  if (!plan.plan) {
    section.blocks.push_back(Paragraph{fmt::format("No plan for --target {}: {}", plan.target, one_line(plan.unavailable))});
    return section;
  }
  const plan::Plan& made = *plan.plan;
  section.blocks.push_back(KeyValues{{{"Planned", plan.label}, {"Target", made.target.describe()}}});
  if (!made.solved) section.blocks.push_back(Paragraph{fmt::format("No plan: {}", no_plan_reason(made))});
  section.subsections = plan_sections(made, verbose);
  add_findings(section, made.findings, "Checked against the target");
  return section;
}

nlohmann::json model_fit_payload(const ReportFit& fit) {
  if (!fit.fit) return {{"model", fit.model}, {"unavailable", one_line(fit.unavailable)}};
  nlohmann::json out = fit_payload(*fit.fit);
  out["findings"] = findings_json(fit.fit->files.findings);
  return out;
}

nlohmann::json install_plan_payload(const ReportPlan& plan) {
  if (!plan.plan) return {{"target_spec", plan.target}, {"unavailable", one_line(plan.unavailable)}};
  nlohmann::json out = plan_payload(*plan.plan);
  out["target_spec"] = plan.target;
  out["label"] = plan.label;
  out["findings"] = findings_json(plan.plan->findings);
  return out;
}

}  // namespace mlstack::report::detail

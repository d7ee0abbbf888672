// SPDX-License-Identifier: MIT
// The sections of `mlstack report`, one builder each (report/report_*.cpp),
// in the order of a hand-written dependency analysis (seed 000): scope and
// sources, declared dependencies, build-time dependencies, optional features,
// imports against declarations, entry points with their file sets, version
// coupling, the environment, findings, pinning policy. Builders copy values
// from check::Analysis into blocks; the anchors they give rows (Table::row_ids)
// are the ones findings cite (report_view.cpp). Private to src/report.
#pragma once

#include <string>
#include <vector>

#include "check/analysis.h"
#include "report/document.h"
#include "report/report_view.h"

namespace mlstack::report::detail {

// Row anchors, shared by the builders and the finding links.
std::string requirement_row(std::size_t index);            // "req-12"
std::string coupling_row(std::size_t index);               // "cpl-3"
std::string installed_row(std::size_t index);              // "inst-4"
std::string distribution_row(std::string_view name);       // "dist-torch" (canonical)
std::string policy_row(std::size_t index);                 // "pol-0"
std::string extension_row(std::size_t script, std::size_t extension);  // "ext-0-1"
std::string entry_row(std::size_t index);                  // "entry-0"
std::string finding_row(std::size_t index);                // "imp-7": a row listing finding 7

// "==2.3.0", "unpinned", "path .", as the seed tables write a constraint.
std::string constraint_text(const project::ScannedRequirement& r);
std::string package_text(const project::ScannedRequirement& r);
std::string pin_text(project::PinStatus pin);
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

Section scope_section(const check::Analysis& a, const std::vector<Finding>& findings);
Section declared_section(const check::Analysis& a);
Section build_section(const check::Analysis& a);
Section features_section(const check::Analysis& a);
Section imports_section(const check::Analysis& a, const std::vector<Finding>& findings);
Section entries_section(const check::Analysis& a);
Section coupling_section(const check::Analysis& a);
Section environment_section(const check::Analysis& a);
Section findings_section(const std::vector<Finding>& findings);
Section pinning_section(const check::Analysis& a);

// With --model and --target (report_extra_sections.cpp): the fit and the
// install plan as their own verbs show them, and their JSON payloads.
Section model_fit_section(const ReportFit& fit, bool verbose);
Section install_plan_section(const ReportPlan& plan, bool verbose);
nlohmann::json model_fit_payload(const ReportFit& fit);
nlohmann::json install_plan_payload(const ReportPlan& plan);

// Graphs: the project's dependency graph and one entry point's file graph.
Graph dependency_graph(const check::Analysis& a);
Graph entry_file_graph(const project::python::EntryGraph& graph, std::size_t entry);

}  // namespace mlstack::report::detail

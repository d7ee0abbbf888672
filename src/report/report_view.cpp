// SPDX-License-Identifier: MIT
#include "report/report_view.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "pep/name.h"
#include "report/check_view.h"
#include "report/code_view.h"
#include "report/env_view.h"
#include "report/report_sections.h"
#include "report/scan_view.h"

namespace mlstack::report {
namespace {

using namespace detail;

// Keys an origin is found by: exactly, and (files) by file and line alone.
std::vector<std::string> keys_of(const Origin& o) {
  switch (o.kind) {
    case Origin::Kind::File:
      return {fmt::format("{}:{}:{}", o.path, o.line, o.column), fmt::format("{}:{}", o.path, o.line)};
    case Origin::Kind::Dist: return {"dist:" + pep::canonicalize_name(o.context)};
    case Origin::Kind::Fact: return {"fact:" + o.context};
    case Origin::Kind::Machine: return {};
  }
  return {};
}

void collect_ids(const std::vector<Section>& sections, std::set<std::string>& ids) {
  for (const auto& s : sections) {
    for (const auto& b : s.blocks) {
      if (const auto* t = std::get_if<Table>(&b)) ids.insert(t->row_ids.begin(), t->row_ids.end());
    }
    collect_ids(s.subsections, ids);
  }
}

// For each finding, the rows of the document that show what it cites.
std::vector<std::vector<std::string>> finding_links(const check::Analysis& a, const std::vector<Finding>& findings,
                                                    const std::vector<Section>& sections) {
  std::set<std::string> present;
  collect_ids(sections, present);
  std::map<std::string, std::vector<std::string>> rows;
  auto add = [&rows](const Origin& o, const std::string& id) {
    for (auto& key : keys_of(o)) rows[key].push_back(id);
  };
  for (std::size_t i = 0; i < a.scan.requirements.size(); ++i) add(a.scan.requirements[i].declared.origin, requirement_row(i));
  for (std::size_t i = 0; i < a.installed.size(); ++i) {
    add(a.installed[i].declared_at, installed_row(i));
    if (a.installed[i].installed_at) add(*a.installed[i].installed_at, installed_row(i));
  }
  if (a.environment) {
    for (const auto& d : a.environment->environment.distributions) rows["dist:" + d.canonical_name].push_back(distribution_row(d.canonical_name));
  }
  for (std::size_t s = 0; s < a.scan.setup_scripts.size(); ++s) {
    const auto& script = a.scan.setup_scripts[s];
    for (std::size_t e = 0; e < script.setup.extensions.size(); ++e)
      rows[fmt::format("{}:{}", script.path, script.setup.extensions[e].at.line)].push_back(extension_row(s, e));
  }
  for (std::size_t i = 0; i < a.policy.rows.size(); ++i) {
    for (const auto& o : a.policy.rows[i].origins) {
      if (o.kind == Origin::Kind::File) add(o, policy_row(i));
    }
  }

  std::vector<std::vector<std::string>> out(findings.size());
  for (std::size_t f = 0; f < findings.size(); ++f) {
    const Finding& finding = findings[f];
    std::vector<std::string>& ids = out[f];
    auto take = [&](const std::string& id) {
      if (present.count(id) && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    take(finding_row(f));
    for (const Origin& o : finding.origins) {
      auto keys = keys_of(o);
      for (std::size_t k = 0; k < keys.size(); ++k) {
        auto it = rows.find(keys[k]);
        if (it == rows.end()) continue;
        for (const auto& id : it->second) take(id);
        break;  // the exact key found rows: the line-only key would add neighbours
      }
    }
    // A coupling row is cited when the finding names both its package and its fact.
    for (std::size_t i = 0; i < a.coupling.size(); ++i) {
      const auto& row = a.coupling[i];
      bool fact = std::find(finding.origins.begin(), finding.origins.end(), row.fact) != finding.origins.end();
      bool package = std::find(finding.origins.begin(), finding.origins.end(), row.package_origin) != finding.origins.end();
      if (fact && package) take(coupling_row(i));
    }
  }
  return out;
}

nlohmann::json payload(const check::Analysis& a, const std::vector<Section>& sections) {
  using nlohmann::json;
  json data;
  data["project"] = a.path;
  data["root"] = a.root;
  json order = json::array();
  for (const auto& s : sections) order.push_back({{"id", s.id}, {"title", s.title}});
  data["sections"] = std::move(order);
  data["scan"] = scan_payload(a.scan);
  Document code;
  add_code_sections(code, a.code);
  data["code"] = code.data["code"];
  json checked = check_document(a.check).data;
  data["check"] = checked;
  data["environment"] = a.environment ? env_payload(*a.environment) : json(nullptr);
  if (a.environment) data["environment"]["source"] = a.environment_source;
  json coupling = json::array();
  for (const auto& row : a.coupling) {
    coupling.push_back({{"stack", row.stack}, {"package", row.package}, {"name", row.name}, {"needs", row.needs},
                        {"target", row.target}, {"machine", row.machine}, {"verdict", check::to_string(row.verdict)},
                        {"found", row.found}, {"reason", row.reason}, {"package_origin", to_json(row.package_origin)},
                        {"fact", to_json(row.fact)},
                        {"found_origin", row.found_origin ? to_json(*row.found_origin) : json(nullptr)}});
  }
  data["coupling"] = std::move(coupling);
  json installed = json::array();
  for (const auto& row : a.installed) {
    installed.push_back({{"name", row.name}, {"declared", row.declared}, {"group", row.group},
                         {"declared_at", to_json(row.declared_at)},
                         {"installed", row.installed.empty() ? json(nullptr) : json(row.installed)},
                         {"installed_at", row.installed_at ? to_json(*row.installed_at) : json(nullptr)},
                         {"verdict", row.verdict}});
  }
  data["installed"] = std::move(installed);
  json policy = json::array();
  for (const auto& row : a.policy.rows) {
    json origins = json::array();
    for (const auto& o : row.origins) origins.push_back(to_json(o));
    policy.push_back({{"name", row.name}, {"display_name", row.display_name}, {"group", row.group},
                      {"now", row.now.empty() ? json(nullptr) : json(row.now)},
                      {"suggested", row.suggested.empty() ? json(nullptr) : json(row.suggested)},
                      {"conflict", row.conflict}, {"changed", row.changed}, {"reasons", row.reasons},
                      {"origins", std::move(origins)}});
  }
  data["pinning_policy"] = {{"rows", std::move(policy)}, {"conflicts", a.policy.conflicts}};
  json edges = json::array();
  static const char* kinds[] = {"declared", "optional", "requires-dist", "coupling"};
  for (const auto& e : a.dependency_edges) {
    edges.push_back({{"from", e.from.empty() ? json(nullptr) : json(e.from)}, {"to", e.to},
                     {"kind", kinds[static_cast<int>(e.kind)]}, {"label", e.label}, {"violated", e.violated}});
  }
  data["dependency_graph"] = {{"nodes", a.graph_nodes}, {"edges", std::move(edges)}};
  return data;
}

}  // namespace

Document report_document(const check::Analysis& a, const ReportExtras& extras) {
  Document doc;
  doc.command = "report";
  doc.title = fmt::format("mlstack report: {}", a.path);
  doc.root = a.root;
  doc.findings = check::all_findings(a);
  doc.findings_in_sections = true;

  doc.sections.push_back(scope_section(a, doc.findings));
  Section declared = declared_section(a);
  if (!a.graph_nodes.empty())
    declared.subsections.push_back(Section{"Dependency graph", {dependency_graph(a)}, {}, "dependency-graph"});
  doc.sections.push_back(std::move(declared));
  doc.sections.push_back(build_section(a));
  doc.sections.push_back(features_section(a));
  doc.sections.push_back(imports_section(a, doc.findings));
  doc.sections.push_back(entries_section(a));
  doc.sections.push_back(coupling_section(a));
  doc.sections.push_back(environment_section(a));
  doc.sections.push_back(findings_section(doc.findings));
  doc.sections.push_back(pinning_section(a));
  if (extras.fit) doc.sections.push_back(model_fit_section(*extras.fit, extras.verbose));
  if (extras.plan) doc.sections.push_back(install_plan_section(*extras.plan, extras.verbose));
  doc.finding_rows = finding_links(a, doc.findings, doc.sections);
  doc.data = payload(a, doc.sections);
  doc.data["model_fit"] = extras.fit ? model_fit_payload(*extras.fit) : nlohmann::json(nullptr);
  doc.data["install_plan"] = extras.plan ? install_plan_payload(*extras.plan) : nlohmann::json(nullptr);
  return doc;
}

}  // namespace mlstack::report

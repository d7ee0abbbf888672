// SPDX-License-Identifier: MIT
#include "report/plan_view.h"

#include <fmt/format.h>

#include "report/plan_formats.h"

namespace mlstack::report {

namespace {

// "download.pytorch.org/whl/cu121" from an index URL; "" stays "".
std::string short_index(const std::string& url) {
  std::string out = url;
  bool file = out.starts_with("file://");
  for (const char* scheme : {"https://", "http://", "file://"})
    if (out.starts_with(scheme)) out.erase(0, std::string_view(scheme).size());
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (out == "pypi.org/simple") return "PyPI";
  if (file) {
    // A local folder: its last two parts say which ("pypi/simple").
    std::size_t cut = out.rfind('/');
    if (cut != std::string::npos && cut > 0) cut = out.rfind('/', cut - 1);
    return cut == std::string::npos ? out : "…" + out.substr(cut);
  }
  return out;
}

nlohmann::json file_json(const solve::DistFile& file) {
  nlohmann::json out = {{"filename", file.filename}, {"url", file.url}, {"index", file.index},
                        {"kind", file.is_wheel ? "wheel" : "sdist"}};
  out["sha256"] = file.sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(file.sha256);
  out["size"] = file.size ? nlohmann::json(*file.size) : nlohmann::json(nullptr);
  out["upload_time"] = file.upload_time.empty() ? nlohmann::json(nullptr) : nlohmann::json(file.upload_time);
  if (!file.variant_label.empty()) out["variant"] = file.variant_label;
  return out;
}

nlohmann::json row_json(const plan::PlanRow& row) {
  nlohmann::json why = nlohmann::json::array();
  for (const plan::Reason& r : row.why)
    why.push_back({{"requirement", r.requirement}, {"reason", r.reason}, {"value", r.value}, {"source", r.source}});
  return {{"name", row.name},
          {"version", row.version.str()},
          {"extras", row.extras},
          {"file", file_json(row.file)},
          {"why", std::move(why)},
          {"summary", row.summary},
          {"required_by", row.required_by},
          {"direct", row.direct},
          {"note", row.note},
          {"build_needs", row.build_needs},
          {"dependencies_unknown", row.dependencies_unknown ? nlohmann::json(row.dependencies_reason) : nlohmann::json(nullptr)}};
}

nlohmann::json target_json(const plan::PlanTarget& target) {
  nlohmann::json gpus = nlohmann::json::array();
  for (const plan::TargetGpu& gpu : target.gpus)
    gpus.push_back({{"name", gpu.name}, {"kb_name", gpu.kb_name}, {"compute_capability", gpu.cc.str()}});
  auto opt = [](const std::optional<pep::Version>& v) { return v ? nlohmann::json(v->str()) : nlohmann::json(nullptr); };
  const pep::Platform& p = target.platform;
  return {{"description", target.describe()}, {"from", target.where},   {"gpus", std::move(gpus)},
          {"driver", target.driver.empty() ? nlohmann::json(nullptr) : nlohmann::json(target.driver)},
          {"driver_cuda", opt(p.driver_cuda)},  {"python", opt(p.python_version)},
          {"glibc", opt(p.libc_version)},       {"os", p.os},
          {"arch", p.arch},                     {"notes", target.notes}};
}

Section solved_sections(const plan::Plan& plan, bool verbose, std::vector<Section>& more) {
  std::size_t wheels = 0;
  for (const plan::PlanRow& row : plan.rows) wheels += row.file.is_wheel ? 1 : 0;
  std::size_t errors = 0, warnings = 0;
  for (const Finding& f : plan.findings) {
    errors += f.severity == Severity::Error ? 1 : 0;
    warnings += f.severity == Severity::Warning ? 1 : 0;
  }
  Section main{"Plan", {}, {}};
  main.blocks.push_back(Paragraph{fmt::format(
      "{} packages, {}; checked against the target: {}.", plan.rows.size(),
      wheels == plan.rows.size() ? "all prebuilt wheels" : fmt::format("{} to build from source", plan.rows.size() - wheels),
      errors + warnings == 0 ? "no findings" : fmt::format("{} errors, {} warnings", errors, warnings))});
  Table table{{{"Package"}, {"Version", Align::Left, true}, {"From"}, {"Why"}}, {}};
  for (const plan::PlanRow& row : plan.rows) {
    std::string name = row.name;
    if (!row.extras.empty()) {
      name += "[";
      for (std::size_t i = 0; i < row.extras.size(); ++i) name += (i ? "," : "") + row.extras[i];
      name += "]";
    }
    std::string why = row.summary;
    if (!row.file.is_wheel) why = "built from sdist" + (why.empty() ? "" : "; " + why);
    if (row.dependencies_unknown) why += (why.empty() ? "" : "; ") + std::string("deps unknown");
    if (!row.note.empty() && verbose) why += (why.empty() ? "" : "; ") + row.note;
    // Packages nothing about the machine constrains stay in the table, quietly.
    table.rows.push_back({name, row.version.str(), short_index(row.file.index), why});
  }
  main.blocks.push_back(std::move(table));

  Section reasons{"Why these builds", {}, {}};
  for (const plan::PlanRow& row : plan.rows) {
    std::vector<std::string> items;
    for (const plan::Reason& r : row.why) {
      if (!verbose && !r.requirement.starts_with("__") && r.value.empty()) continue;
      std::string item = fmt::format("{}: {}", r.requirement, r.reason);
      if (!r.value.empty()) item += fmt::format(" — {}", r.value);
      if (verbose && !r.source.empty()) item += fmt::format(" [{}]", r.source);
      items.push_back(std::move(item));
    }
    if (items.empty()) continue;
    reasons.blocks.push_back(Paragraph{fmt::format("{} {} ({})", row.name, row.version.str(), row.file.filename)});
    reasons.blocks.push_back(Bullets{std::move(items)});
  }
  if (!reasons.blocks.empty()) more.push_back(std::move(reasons));

  if (verbose) {
    std::vector<std::string> unknown;
    for (const plan::PlanRow& row : plan.rows)
      if (row.dependencies_unknown)
        unknown.push_back(fmt::format("{} {}: {}", row.name, row.version.str(), row.dependencies_reason));
    if (!unknown.empty()) more.push_back(Section{"Dependencies not known", {Bullets{std::move(unknown)}}, {}});
  }
  std::vector<std::string> builds;
  for (const plan::PlanRow& row : plan.rows)
    for (const std::string& need : row.build_needs) builds.push_back(need);
  if (!builds.empty()) more.push_back(Section{"What the builds need", {Bullets{builds}}, {}});
  more.push_back(Section{"Install, in this order", {CodeBlock{"bash", plan_commands(plan)}}, {}});
  return main;
}

}  // namespace

std::vector<Section> plan_sections(const plan::Plan& plan, bool verbose) {
  std::vector<Section> out;
  if (plan.solved) {
    std::vector<Section> more;
    out.push_back(solved_sections(plan, verbose, more));
    for (Section& s : more) out.push_back(std::move(s));
  } else {
    std::string text;
    for (std::size_t i = 0; i < plan.explanation.size(); ++i) {
      if (plan.explanation_numbers[i] > 0) text += fmt::format("({}) ", plan.explanation_numbers[i]);
      text += plan.explanation[i] + "\n";
    }
    if (!plan.solver_error.empty()) text += "The solver gave up: " + plan.solver_error + "\n";
    out.push_back(Section{"Why there is no plan", {CodeBlock{"", text}}, {}});
    if (!plan.nearest.empty()) {
      std::vector<std::string> items;
      for (const plan::NearestPlan& n : plan.nearest) {
        std::string result;
        for (const std::string& d : n.differences) result += (result.empty() ? "" : ", ") + d;
        items.push_back(fmt::format("{}: {} packages; {}", n.change, n.packages, result));
      }
      out.push_back(Section{"Nearest plans that exist", {Bullets{std::move(items)}}, {}});
    } else {
      out.push_back(Section{"Nearest plans that exist", {Paragraph{"None found by freeing or leaving out one requirement."}}, {}});
    }
  }
  std::vector<std::string> notes = plan.notes;
  if (!notes.empty()) out.push_back(Section{"Notes", {Bullets{notes}}, {}});
  if (verbose) {
    std::vector<std::string> requested;
    for (const plan::RootRequirement& r : plan.requirements) requested.push_back(fmt::format("{} ({})", r.requirement.str(), r.origin));
    out.push_back(Section{"Requested", {Bullets{requested}}, {}});
    out.push_back(Section{"Solver", {Paragraph{fmt::format("{} decisions, {} conflicts resolved, {} incompatibilities",
                                                            plan.stats.decisions, plan.stats.conflicts,
                                                            plan.stats.incompatibilities)}}, {}});
  }
  return out;
}

nlohmann::json plan_payload(const plan::Plan& plan) {
  nlohmann::json rows = nlohmann::json::array();
  for (const plan::PlanRow& row : plan.rows) rows.push_back(row_json(row));
  nlohmann::json virtuals = nlohmann::json::object();
  for (const auto& [name, version] : plan.virtuals) virtuals[name] = version.str();
  nlohmann::json explanation = nlohmann::json::array();
  for (std::size_t i = 0; i < plan.explanation.size(); ++i)
    explanation.push_back({{"text", plan.explanation[i]}, {"number", plan.explanation_numbers[i]}});
  nlohmann::json nearest = nlohmann::json::array();
  for (const plan::NearestPlan& n : plan.nearest)
    nearest.push_back({{"change", n.change}, {"packages", n.packages}, {"result", n.differences}});
  nlohmann::json requirements = nlohmann::json::array();
  for (const plan::RootRequirement& r : plan.requirements)
    requirements.push_back({{"requirement", r.requirement.str()}, {"origin", r.origin}});
  return {{"target", target_json(plan.target)},
          {"requirements", std::move(requirements)},
          {"solved", plan.solved},
          {"packages", std::move(rows)},
          {"virtual_packages", std::move(virtuals)},
          {"explanation", std::move(explanation)},
          {"nearest", std::move(nearest)},
          {"notes", plan.notes},
          {"stats", {{"decisions", plan.stats.decisions}, {"conflicts", plan.stats.conflicts},
                     {"incompatibilities", plan.stats.incompatibilities}}}};
}

Document plan_document(const plan::Plan& plan, const std::string& label, bool verbose) {
  Document doc;
  doc.command = "plan";
  doc.title = plan.solved ? fmt::format("mlstack plan: {} on {}", label, plan.target.describe())
                          : fmt::format("mlstack plan: no plan for {} on {}", label, plan.target.describe());
  doc.sections = plan_sections(plan, verbose);
  doc.findings = plan.findings;
  doc.data = plan_payload(plan);
  return doc;
}

}  // namespace mlstack::report

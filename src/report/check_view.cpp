// SPDX-License-Identifier: MIT
#include "report/check_view.h"

#include <fmt/format.h>

namespace mlstack::report {
namespace {

std::string join_cc(const std::vector<int>& ccs) {
  std::string out;
  for (int cc : ccs) out += fmt::format("{}sm_{}", out.empty() ? "" : ", ", cc);
  return out;
}

std::string or_unknown(const std::optional<pep::Version>& v) { return v ? v->str() : "unknown"; }

}  // namespace

KeyValues platform_values(const pep::Platform& p) {
  KeyValues kv;
  kv.items.push_back({"Platform", fmt::format("{} {} ({} {})", p.os, p.arch, p.libc, or_unknown(p.libc_version))});
  kv.items.push_back({"Python", p.python_version ? fmt::format("{} {}", p.python_implementation, p.python_version->str()) : "unknown"});
  kv.items.push_back({"NVIDIA driver", p.driver_version ? p.driver_version->str() : "none found"});
  kv.items.push_back({"Highest CUDA of the driver", or_unknown(p.driver_cuda)});
  kv.items.push_back({"CUDA toolkit", p.cuda_toolkit ? p.cuda_toolkit->str() : "none found"});
  kv.items.push_back({"GPUs", p.gpu_compute_capabilities.empty() ? "none found" : join_cc(p.gpu_compute_capabilities)});
  kv.items.push_back({"torch C++11 ABI", p.torch_cxx11_abi ? (*p.torch_cxx11_abi ? "yes" : "no") : "unknown"});
  return kv;
}

nlohmann::json to_json(const pep::Platform& p) {
  auto opt = [](const std::optional<pep::Version>& v) { return v ? nlohmann::json(v->str()) : nlohmann::json(nullptr); };
  return {{"os", p.os},
          {"arch", p.arch},
          {"libc", p.libc},
          {"libc_version", opt(p.libc_version)},
          {"python_implementation", p.python_implementation},
          {"python_version", opt(p.python_version)},
          {"driver_version", opt(p.driver_version)},
          {"driver_cuda", opt(p.driver_cuda)},
          {"cuda_toolkit", opt(p.cuda_toolkit)},
          {"gpu_compute_capabilities", p.gpu_compute_capabilities},
          {"torch_cxx11_abi", p.torch_cxx11_abi ? nlohmann::json(*p.torch_cxx11_abi) : nlohmann::json(nullptr)}};
}

nlohmann::json to_json(const check::Stack& stack) {
  nlohmann::json packages = nlohmann::json::array();
  for (const auto& p : stack.packages) {
    nlohmann::json row = {{"name", p.name}, {"display_name", p.display_name}, {"origin", to_json(p.origin)}};
    row["version"] = p.version ? nlohmann::json(p.version->str()) : nlohmann::json(nullptr);
    row["constraint"] = p.constraint ? nlohmann::json(p.constraint->str()) : nlohmann::json(nullptr);
    if (!p.wheel.empty()) row["wheel"] = p.wheel;
    packages.push_back(std::move(row));
  }
  return {{"label", stack.label}, {"kind", check::to_string(stack.kind)}, {"packages", std::move(packages)}};
}

namespace {

// What the package indexes say of each pin (check/rules_index.h): one table,
// or one line when nothing could be verified (offline, nothing cached).
nlohmann::json index_pins_section(const check::CheckReport& report, Document& doc) {
  if (!report.index_read) return nullptr;
  nlohmann::json out = nlohmann::json::array();
  Table table{{{"Package"}, {"Version", Align::Left, true}, {"On the index"}, {"Uploaded"}, {"Index"}, {"Pinned at"}}, {}};
  std::size_t unverified = 0;
  std::string first_note;
  for (const auto& pin : report.index_pins) {
    bool open = pin.verdict == check::IndexPin::Verdict::Unverified;
    if (open) {
      ++unverified;
      if (first_note.empty()) first_note = pin.note;
    }
    // "download.pytorch.org/whl/cu128": the scheme and the trailing slash say nothing in a table.
    std::string_view where = pin.index_url;
    if (where.starts_with("https://")) where.remove_prefix(8);
    if (where.ends_with('/')) where.remove_suffix(1);
    table.rows.push_back({pin.name, pin.version, check::to_string(pin.verdict),
                          pin.upload_time.size() >= 10 ? pin.upload_time.substr(0, 10) : "", std::string(where),
                          pin.pinned_at.to_string()});
    out.push_back({{"name", pin.name},
                   {"version", pin.version},
                   {"stack", pin.stack},
                   {"verdict", check::to_string(pin.verdict)},
                   {"upload_time", pin.upload_time.empty() ? nlohmann::json(nullptr) : nlohmann::json(pin.upload_time)},
                   {"index", pin.index_url.empty() ? nlohmann::json(nullptr) : nlohmann::json(pin.index_url)},
                   {"yanked_reason", pin.verdict == check::IndexPin::Verdict::Yanked ? nlohmann::json(pin.yanked_reason)
                                                                                      : nlohmann::json(nullptr)},
                   {"nearest", pin.nearest},
                   {"wheel", pin.wheel.empty() ? nlohmann::json(nullptr) : nlohmann::json(pin.wheel)},
                   {"note", pin.note.empty() ? nlohmann::json(nullptr) : nlohmann::json(pin.note)},
                   {"pinned_at", to_json(pin.pinned_at)}});
  }
  if (report.index_pins.empty()) return out;
  Section section{"Pins on the package indexes", {}, {}};
  if (unverified == report.index_pins.size()) {
    section.blocks.push_back(Paragraph{fmt::format("{} pin{} not verified: no index answered for {} (first: {}).",
                                                   unverified, unverified == 1 ? "" : "s",
                                                   unverified == 1 ? "it" : "them", first_note)});
  } else {
    section.blocks.push_back(std::move(table));
  }
  doc.sections.push_back(std::move(section));
  return out;
}

}  // namespace

Document check_document(const check::CheckReport& report) {
  Document doc;
  doc.command = "check";
  doc.title = fmt::format("mlstack check: {}", report.path);
  if (report.environment || report.target) {
    const pep::Platform& machine = report.target ? *report.target : report.environment->platform;
    doc.sections.push_back(Section{report.target ? "Target machine" : "Machine", {platform_values(machine)}, {}});
  }
  Table stacks{{{"Stack"}, {"Kind"}, {"Packages", Align::Right}, {"Exact", Align::Right}}, {}};
  auto add_row = [&](const check::Stack& s) {
    std::size_t exact = 0;
    for (const auto& p : s.packages) exact += p.version ? 1 : 0;
    stacks.rows.push_back({s.label, check::to_string(s.kind), std::to_string(s.packages.size()), std::to_string(exact)});
  };
  if (report.environment) add_row(*report.environment);
  for (const auto& s : report.declared_stacks) add_row(s);
  Section checked{"Stacks checked", {}, {}};
  if (stacks.rows.empty()) checked.blocks.push_back(Paragraph{"Nothing to check: no manifest pins anything and no environment was read."});
  else checked.blocks.push_back(stacks);
  checked.blocks.push_back(Paragraph{fmt::format(
      "{} declared requirement(s) compared with the environment; {} extension module(s) and {} shared librar{} analysed.",
      report.declared_requirements, report.native_modules, report.native_libraries,
      report.native_libraries == 1 ? "y" : "ies")});
  doc.sections.push_back(std::move(checked));
  nlohmann::json releases = nlohmann::json::array();
  if (!report.releases.empty()) {
    Table table{{{"Package"}, {"Version", Align::Left, true}, {"Released"}, {"Pinned at"}, {"Fact"}}, {}};
    for (const auto& r : report.releases) {
      // The table names the fact; its source is in the JSON and in `mlstack kb`.
      table.rows.push_back({r.name, r.version, r.date.empty() ? "date unknown" : r.date, r.pinned_at.to_string(),
                            "kb:" + r.fact.context});
      releases.push_back({{"name", r.name}, {"version", r.version},
                          {"date", r.date.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.date)},
                          {"pinned_at", to_json(r.pinned_at)}, {"fact", to_json(r.fact)}});
    }
    doc.sections.push_back(Section{"Pinned releases the knowledge base knows", {std::move(table)}, {}});
  }
  nlohmann::json index_pins = index_pins_section(report, doc);
  doc.findings = report.findings;

  nlohmann::json declared = nlohmann::json::array();
  for (const auto& s : report.declared_stacks) declared.push_back(to_json(s));
  doc.data = {{"project", report.path},
              {"environment", report.environment ? to_json(*report.environment) : nlohmann::json(nullptr)},
              {"machine", report.environment ? to_json(report.environment->platform) : nlohmann::json(nullptr)},
              {"target", report.target ? to_json(*report.target) : nlohmann::json(nullptr)},
              {"declared_stacks", std::move(declared)},
              {"releases", std::move(releases)},
              {"index_pins", std::move(index_pins)},
              {"native_modules", report.native_modules},
              {"native_libraries", report.native_libraries}};
  return doc;
}

Document diff_document(const check::DiffReport& report) {
  const check::DiffResult& d = report.diff;
  Document doc;
  doc.command = "diff";
  doc.title = fmt::format("mlstack diff: {} vs {}", d.label_a, d.label_b);
  Table table{{{"Component"}, {"A", Align::Left, true}, {"B", Align::Left, true}, {"Status"}, {"Notes"}}, {}};
  nlohmann::json rows = nlohmann::json::array();
  std::size_t differing = 0;
  for (const auto& row : d.rows) {
    std::string notes;
    for (const auto& n : row.notes) notes += (notes.empty() ? "" : "; ") + n;
    table.rows.push_back({row.name, row.a, row.b, check::to_string(row.status), notes});
    if (row.status != check::DiffStatus::Same) ++differing;
    nlohmann::json origins = nlohmann::json::array();
    for (const auto& o : row.origins) origins.push_back(to_json(o));
    rows.push_back({{"name", row.name},
                    {"a", row.a.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.a)},
                    {"b", row.b.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.b)},
                    {"status", check::to_string(row.status)},
                    {"notes", row.notes},
                    {"origins", std::move(origins)}});
  }
  doc.sections.push_back(Section{"Comparison",
                                 {KeyValues{{{"A", d.label_a}, {"B", d.label_b}}},
                                  table,
                                  Paragraph{fmt::format("{} of {} components differ or carry a finding.", differing, d.rows.size())}},
                                 {}});
  doc.findings = report.findings;
  doc.findings.insert(doc.findings.end(), d.findings.begin(), d.findings.end());
  doc.data = {{"a", d.label_a}, {"b", d.label_b}, {"rows", std::move(rows)}};
  return doc;
}

}  // namespace mlstack::report

namespace mlstack::report {

Document why_document(const check::WhyReport& report) {
  Document doc;
  doc.command = "why";
  doc.title = fmt::format("mlstack why {}", report.display_name);
  Table table{{{"Kind"}, {"Constraint or fact"}, {"Verdict"}, {"Where"}}, {}};
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& e : report.entries) {
    std::string where;
    for (const auto& o : e.origins) where += (where.empty() ? "" : "; ") + o.to_string();
    table.rows.push_back({e.kind, e.text, e.verdict, where});
    nlohmann::json origins = nlohmann::json::array();
    for (const auto& o : e.origins) origins.push_back(to_json(o));
    entries.push_back({{"kind", e.kind}, {"text", e.text}, {"verdict", e.verdict}, {"origins", std::move(origins)}});
  }
  Section section{"What bears on " + report.display_name, {}, {}};
  if (table.rows.empty()) section.blocks.push_back(Paragraph{"Nothing: the project, the environment and the knowledge base say nothing about it."});
  else section.blocks.push_back(std::move(table));
  doc.sections.push_back(std::move(section));
  doc.findings = report.findings;
  doc.data = {{"package", report.package}, {"entries", std::move(entries)}};
  return doc;
}

}  // namespace mlstack::report

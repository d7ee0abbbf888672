// SPDX-License-Identifier: MIT
#include "report/code_view.h"

#include <fmt/format.h>

#include "project/python/entry_graph.h"

namespace mlstack::report {
namespace {

std::string how(const project::python::ThirdPartyImport& tp) {
  if (tp.required_at_import()) return "at import";
  if (tp.only_optional()) return "optional (try/except)";
  bool lazy = false, conditional = false;
  for (const auto& s : tp.sites) {
    lazy |= s.record.lazy;
    conditional |= s.record.conditional || !s.record.guards.empty() || !s.record.unset_guards.empty();
  }
  if (lazy) return "lazy (inside a function)";
  if (conditional) return "conditional";
  return "typing only";
}

std::string files_of(const project::python::ThirdPartyImport& tp) {
  std::vector<std::string> files;
  for (const auto& s : tp.sites) {
    if (std::find(files.begin(), files.end(), s.file) == files.end()) files.push_back(s.file);
  }
  std::string out;
  for (std::size_t i = 0; i < files.size() && i < 3; ++i) out += (i ? ", " : "") + files[i];
  if (files.size() > 3) out += fmt::format(" (+{})", files.size() - 3);
  return out;
}

nlohmann::json imports_json(const std::vector<project::python::ThirdPartyImport>& imports) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& tp : imports) {
    nlohmann::json sites = nlohmann::json::array();
    for (const auto& s : tp.sites) {
      sites.push_back({{"file", s.file}, {"line", s.record.line}, {"lazy", s.record.lazy}, {"optional", s.record.optional},
                       {"typing_only", s.record.typing_only}, {"conditional", s.record.conditional}, {"guards", s.record.guards},
                       {"unset_guards", s.record.unset_guards}});
    }
    nlohmann::json entry = {{"import", tp.import_name}, {"distribution", tp.distribution.distribution}, {"how", how(tp)},
                            {"sites", std::move(sites)}};
    if (!tp.distribution.installed.empty()) {
      entry["installed"] = tp.distribution.installed;
      entry["evidence"] = tp.distribution.evidence;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

void add_code_sections(Document& document, const project::CodeScan& code) {
  const auto& a = code.analysis;
  Section section{"What the code imports and runs", {}, {}};
  if (!code.environment.empty())
    section.blocks.push_back(Paragraph{fmt::format("Installed environment: {}. Its RECORD and top_level.txt files name "
                                                   "the distribution behind each import, its Requires-Dist what each requires.",
                                                   code.environment)});

  Table imports{{{"Import"}, {"Distribution"}, {"How"}, {"Files"}}, {}};
  for (const auto& tp : a.third_party) imports.rows.push_back({tp.import_name, tp.distribution.distribution, how(tp), files_of(tp)});
  section.subsections.push_back(Section{"Third-party imports",
                                        {imports.rows.empty() ? Block{Paragraph{"No third-party imports."}} : Block{imports}}, {}});

  if (!a.flag_guards.empty()) {
    Table flags{{{"Flag"}, {"Guards import"}, {"Where"}}, {}};
    for (const auto& g : a.flag_guards) {
      flags.rows.push_back({g.flag, g.import.module, fmt::format("{}:{}", g.file, g.import.line)});
    }
    section.subsections.push_back(Section{"Feature flags and the optional imports they guard", {flags}, {}});
  }

  nlohmann::json entries = nlohmann::json::array();
  if (!a.entries.empty()) {
    Table table{{{"Entry"}, {"Files", Align::Right}, {"Third-party packages"}}, {}};
    for (const auto& e : a.entries) {
      std::string packages;
      for (const auto& tp : e.third_party) packages += (packages.empty() ? "" : ", ") + tp.distribution.distribution;
      table.rows.push_back({e.entry, std::to_string(e.files.size()), packages});
      entries.push_back({{"entry", e.entry}, {"found", e.found}, {"files", e.files}, {"unresolved", e.unresolved},
                         {"third_party", imports_json(e.third_party)}});
    }
    section.subsections.push_back(Section{"Entry points: the file set each one needs", {table}, {}});
  }

  nlohmann::json calls = nlohmann::json::array();
  if (!a.extension_calls.empty()) {
    Table table{{{"Extension"}, {"Imported by"}, {"Calls"}}, {}};
    for (const auto& c : a.extension_calls) {
      std::string functions;
      for (const auto& f : c.functions) functions += (functions.empty() ? "" : ", ") + f;
      table.rows.push_back({c.extension, fmt::format("{}:{}", c.file, c.import_line), functions});
      calls.push_back({{"extension", c.extension}, {"file", c.file}, {"line", c.import_line}, {"functions", c.functions}});
    }
    section.subsections.push_back(Section{"Native extension call sites", {table}, {}});
  }

  nlohmann::json commands = nlohmann::json::array();
  if (!a.commands.empty()) {
    Table table{{{"Command"}, {"Where"}, {"Runs"}, {"Flags"}}, {}};
    for (const auto& c : a.commands) {
      std::size_t bad = 0;
      for (const auto& f : c.check.flags)
        bad += f.status != project::python::FlagStatus::Exact && f.status != project::python::FlagStatus::Unknown;
      std::string runs = c.check.target_exists ? c.check.target_file : "(missing) " + c.check.target;
      std::string flags = c.check.flags.empty() ? "-" : fmt::format("{} checked, {} not exact", c.check.flags.size(), bad);
      table.rows.push_back({c.check.command, fmt::format("{}:{}", c.source.file, c.source.line), runs, flags});
      nlohmann::json checks = nlohmann::json::array();
      for (const auto& f : c.check.flags) {
        checks.push_back({{"flag", f.flag}, {"status", project::python::to_string(f.status)}, {"matches", f.matches},
                          {"suggestion", f.suggestion}});
      }
      commands.push_back({{"command", c.check.command}, {"file", c.source.file}, {"line", c.source.line},
                          {"target", c.check.target}, {"target_exists", c.check.target_exists}, {"flags", std::move(checks)}});
    }
    section.subsections.push_back(Section{"Documented commands", {table}, {}});
  }

  document.sections.push_back(std::move(section));
  document.findings.insert(document.findings.end(), code.findings.begin(), code.findings.end());
  document.data["code"] = {{"environment", code.environment.empty() ? nlohmann::json(nullptr) : nlohmann::json(code.environment)},
                           {"imports", imports_json(a.third_party)},
                           {"entries", std::move(entries)},
                           {"extension_calls", std::move(calls)},
                           {"commands", std::move(commands)}};
}

std::string code_dot(const project::CodeScan& code) {
  std::string out;
  for (const auto& e : code.analysis.entries) out += project::python::to_dot(e);
  if (out.empty()) out = "digraph mlstack {}\n";
  return out;
}

}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
#include "report/code_view.h"

#include <algorithm>
#include <set>

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
    conditional |= s.record.conditional || !s.record.guards().empty() || !s.record.unset_guards().empty();
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

// A site as JSON: where, and only the flags that are set (a site is most
// often plain, and a large tree has tens of thousands of them).
nlohmann::json site_json(const project::python::ImportSite& s) {
  nlohmann::json site = {{"file", s.file}, {"line", s.record.line}};
  if (s.record.lazy) site["lazy"] = true;
  if (s.record.optional) site["optional"] = true;
  if (s.record.fallback) site["fallback"] = true;
  if (s.record.typing_only) site["typing_only"] = true;
  if (s.record.conditional) site["conditional"] = true;
  if (!s.record.guards().empty()) site["guards"] = s.record.guards();
  if (!s.record.unset_guards().empty()) site["unset_guards"] = s.record.unset_guards();
  return site;
}

// `list` (at most `cap` entries unless cap is 0) under `key`, and its full size under `key`_total.
template <typename T, typename ToJson>
void put_capped(nlohmann::json& into, const std::string& key, const std::vector<T>& list, std::size_t cap, ToJson&& to_json) {
  nlohmann::json items = nlohmann::json::array();
  std::size_t n = cap == 0 ? list.size() : std::min(cap, list.size());
  for (std::size_t i = 0; i < n; ++i) items.push_back(to_json(list[i]));
  into[key] = std::move(items);
  into[key + "_total"] = list.size();
}

nlohmann::json imports_json(const std::vector<project::python::ThirdPartyImport>& imports, std::size_t cap) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& tp : imports) {
    nlohmann::json entry = {{"import", tp.import_name}, {"distribution", tp.distribution.distribution}, {"how", how(tp)}};
    put_capped(entry, "sites", tp.sites, cap, site_json);
    if (!tp.distribution.installed.empty()) {
      entry["installed"] = tp.distribution.installed;
      entry["evidence"] = tp.distribution.evidence;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::string megabytes(std::uint64_t bytes) {
  return bytes >= 1000000 ? fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6)
                          : fmt::format("{} kB", (bytes + 999) / 1000);
}

// "torch, numpy, ... and 12 more"
std::string first_few(const std::vector<std::string>& items, std::size_t shown) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < shown; ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  if (items.size() > shown) out += fmt::format(" and {} more", items.size() - shown);
  return out;
}

std::size_t bad_flags(const project::python::DocCommandCheck& c) {
  std::size_t bad = 0;
  for (const auto& f : c.check.flags)
    bad += f.status != project::python::FlagStatus::Exact && f.status != project::python::FlagStatus::Unknown;
  return bad;
}

void add_summary(Document& document, const project::CodeScan& code) {
  const auto& a = code.analysis;
  KeyValues lines;
  std::vector<std::string> names;
  for (const auto& tp : a.third_party) names.push_back(tp.import_name);
  lines.items.push_back(
      {"Python", fmt::format("{} file{} ({}); {} third-party import{}{}", a.scan.layout.files().size(),
                             a.scan.layout.files().size() == 1 ? "" : "s", megabytes(a.scan.bytes), names.size(),
                             names.size() == 1 ? "" : "s", names.empty() ? "" : ": " + first_few(names, 8))});
  if (!code.environment.empty()) lines.items.push_back({"Environment", code.environment});
  if (!a.commands.empty()) {
    // The same judgement as the doc findings: a missing script counts only
    // where the command's folder is known and no folder it may run from has
    // it; an undefined or ambiguous flag fails (an abbreviation works).
    std::size_t broken = 0, unjudged = 0;
    for (const auto& c : a.commands) {
      if (!c.check.target_exists) {
        if (!c.source.working_dir_known || !c.check.found_elsewhere.empty()) ++unjudged;
        else ++broken;
        continue;
      }
      bool fails = false;
      for (const auto& f : c.check.flags)
        fails |= f.status == project::python::FlagStatus::Undefined || f.status == project::python::FlagStatus::Ambiguous;
      broken += fails;
    }
    std::string verdict = broken == 0 ? std::string("none fails as written")
                                      : fmt::format("{} do{} not work as written", broken, broken == 1 ? "es" : "");
    if (unjudged > 0)
      verdict += fmt::format("; {} run{} from a folder the project does not ship or fix (not judged)", unjudged,
                             unjudged == 1 ? "s" : "");
    lines.items.push_back({"Commands", fmt::format("{} documented Python command{}; {}", a.commands.size(),
                                                   a.commands.size() == 1 ? "" : "s", verdict)});
  }
  if (!a.entries.empty())
    lines.items.push_back({"Entries", fmt::format("{} entry point{} (--show entries for the files each loads)",
                                                  a.entries.size(), a.entries.size() == 1 ? "" : "s")});
  if (document.summary.empty()) document.summary.push_back(std::move(lines));
  else if (auto* kv = std::get_if<KeyValues>(&document.summary.front()))
    kv->items.insert(kv->items.end(), lines.items.begin(), lines.items.end());
  else document.summary.push_back(std::move(lines));
}

}  // namespace

void add_code_sections(Document& document, const project::CodeScan& code, const ScanViewOptions& options) {
  const auto& a = code.analysis;
  const std::size_t cap = options.all ? 0 : k_json_list_cap;
  add_summary(document, code);
  Section section{"What the code imports and runs", {}, {}};
  if (!code.environment.empty())
    section.blocks.push_back(Paragraph{fmt::format("Installed environment: {}. Its RECORD and top_level.txt files name "
                                                   "the distribution behind each import, its Requires-Dist what each requires.",
                                                   code.environment)});

  if (shows(options, "imports")) {
    Table imports{{{"Import"}, {"Distribution"}, {"How"}, {"Files"}}, {}};
    for (const auto& tp : a.third_party) imports.rows.push_back({tp.import_name, tp.distribution.distribution, how(tp), files_of(tp)});
    section.subsections.push_back(Section{"Third-party imports",
                                          {imports.rows.empty() ? Block{Paragraph{"No third-party imports."}} : Block{imports}}, {}});
  }

  if (!a.flag_guards.empty() && shows(options, "flags")) {
    Table flags{{{"Flag"}, {"Guards import"}, {"Where"}}, {}};
    std::set<std::vector<std::string>> seen;
    for (const auto& g : a.flag_guards) {
      std::vector<std::string> row{g.flag, g.import.module, fmt::format("{}:{}", g.file, g.import.line)};
      if (seen.insert(row).second) flags.rows.push_back(std::move(row));
    }
    section.subsections.push_back(Section{"Feature flags and the optional imports they guard", {flags}, {}});
  }

  nlohmann::json entries = nlohmann::json::array();
  if (!a.entries.empty()) {
    Table table{{{"Entry"}, {"Files", Align::Right}, {"Third-party packages"}}, {}};
    for (const auto& e : a.entries) {
      std::vector<std::string> packages;
      for (const auto& tp : e.third_party)
        if (std::find(packages.begin(), packages.end(), tp.distribution.distribution) == packages.end())
          packages.push_back(tp.distribution.distribution);
      table.rows.push_back({e.entry, std::to_string(e.files.size()), first_few(packages, 8)});
      // The third-party imports by name only: their sites are in code.imports.
      nlohmann::json third_party = nlohmann::json::array();
      for (const auto& tp : e.third_party)
        third_party.push_back({{"import", tp.import_name}, {"distribution", tp.distribution.distribution}});
      nlohmann::json entry = {{"entry", e.entry}, {"found", e.found}};
      put_capped(entry, "files", e.files, cap, [](std::string_view f) { return std::string(f); });
      put_capped(entry, "unresolved", e.unresolved, cap, [](const std::string& u) { return u; });
      entry["third_party"] = std::move(third_party);
      entries.push_back(std::move(entry));
    }
    if (shows(options, "entries"))
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
    if (shows(options, "extensions")) section.subsections.push_back(Section{"Native extension call sites", {table}, {}});
  }

  nlohmann::json commands = nlohmann::json::array();
  if (!a.commands.empty()) {
    Table table{{{"Command"}, {"Where"}, {"Runs"}, {"Flags"}}, {}};
    for (const auto& c : a.commands) {
      std::size_t bad = bad_flags(c);
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
    if (shows(options, "commands")) section.subsections.push_back(Section{"Documented commands", {table}, {}});
  }

  if (!section.subsections.empty()) document.sections.push_back(std::move(section));
  document.findings.insert(document.findings.end(), code.findings.begin(), code.findings.end());
  document.data["code"] = {{"environment", code.environment.empty() ? nlohmann::json(nullptr) : nlohmann::json(code.environment)},
                           {"python_files", a.scan.layout.files().size()},
                           {"python_bytes", a.scan.bytes},
                           {"imports", imports_json(a.third_party, cap)},
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

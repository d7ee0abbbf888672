// SPDX-License-Identifier: MIT
#include "project/manifest/setup_cfg.h"

#include <fmt/format.h>

#include "project/manifest/detail/text.h"

namespace mlstack::project {
namespace {

struct ValueLine {
  std::string_view text;
  std::size_t line;
  std::size_t column;
};

// One `key = value` with its continuation lines.
struct Entry {
  std::string section;
  std::string key;
  std::vector<ValueLine> lines;  // the first line's value (if any) then continuations
  std::size_t line = 0;
};

std::vector<Entry> read_entries(std::string_view text, const std::string& path, Manifest& manifest) {
  std::vector<Entry> entries;
  std::string section;
  std::size_t pos = 0;
  std::size_t number = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++number;
    std::size_t line_start = pos;
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view stripped = detail::trim(line);
    if (stripped.empty() || stripped.starts_with("#") || stripped.starts_with(";")) continue;
    bool indented = line.front() == ' ' || line.front() == '\t';
    if (indented && !entries.empty() && entries.back().section == section) {
      std::size_t column = static_cast<std::size_t>(stripped.data() - text.data()) - line_start + 1;
      entries.back().lines.push_back({stripped, number, column});
      continue;
    }
    if (stripped.starts_with("[")) {
      if (!stripped.ends_with("]")) {
        manifest.findings.push_back(input_error("input.ini-syntax", "section header without a closing `]`",
                                                Origin::file(path, number, 1)));
        continue;
      }
      section = std::string(detail::trim(stripped.substr(1, stripped.size() - 2)));
      continue;
    }
    std::size_t sep = stripped.find_first_of("=:");
    if (sep == std::string_view::npos) {
      manifest.findings.push_back(input_error(
          "input.ini-syntax", fmt::format("line is neither `[section]` nor `key = value`: `{}`", stripped),
          Origin::file(path, number, 1)));
      continue;
    }
    Entry entry;
    entry.section = section;
    entry.key = std::string(detail::trim(stripped.substr(0, sep)));
    entry.line = number;
    std::string_view value = detail::trim(stripped.substr(sep + 1));
    if (!value.empty()) {
      std::size_t column = static_cast<std::size_t>(value.data() - text.data()) - line_start + 1;
      entry.lines.push_back({value, number, column});
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

void add_requirements(const Entry& entry, Scope scope, const std::string& group, const std::string& path,
                      Manifest& manifest) {
  std::string context = group.empty() ? entry.key : "extra " + group;
  auto add = [&](std::string_view text, std::size_t line, std::size_t column) {
    text = detail::trim(text);
    if (text.empty() || text.starts_with("#")) return;
    DeclaredRequirement requirement;
    requirement.raw = std::string(text);
    requirement.text = requirement.raw;
    requirement.form = detail::classify_requirement_text(text);
    requirement.scope = scope;
    requirement.group = group;
    requirement.origin = Origin::file(path, line, column, context);
    manifest.requirements.push_back(std::move(requirement));
  };
  if (entry.lines.size() == 1 && entry.lines.front().text.starts_with("file:")) {
    manifest.findings.push_back(Finding{
        "scan.setup-cfg-file", Severity::Info,
        fmt::format("`{}` is read from `{}`", entry.key, detail::trim(entry.lines.front().text.substr(5))),
        {Origin::file(path, entry.line, 1)}, {}, {}});
    return;
  }
  if (entry.lines.size() == 1) {
    // setuptools' list-semi: a one-line value splits at ';'.
    std::string_view value = entry.lines.front().text;
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t semi = value.find(';', start);
      if (semi == std::string_view::npos) semi = value.size();
      add(value.substr(start, semi - start), entry.lines.front().line, entry.lines.front().column + start);
      start = semi + 1;
    }
    return;
  }
  for (const auto& line : entry.lines) add(line.text, line.line, line.column);
}

}  // namespace

Manifest parse_setup_cfg(std::string_view text, const std::string& path) {
  Manifest manifest;
  manifest.path = path;
  manifest.kind = ManifestKind::SetupCfg;
  for (const Entry& entry : read_entries(text, path, manifest)) {
    if (entry.section == "metadata" && entry.key == "name" && !entry.lines.empty()) {
      manifest.name = DeclaredValue{std::string(entry.lines.front().text),
                                    Origin::file(path, entry.lines.front().line, entry.lines.front().column)};
    } else if (entry.section == "options") {
      if (entry.key == "install_requires") add_requirements(entry, Scope::Runtime, {}, path, manifest);
      else if (entry.key == "setup_requires") add_requirements(entry, Scope::Build, {}, path, manifest);
      else if (entry.key == "tests_require") add_requirements(entry, Scope::Group, "tests", path, manifest);
      else if (entry.key == "python_requires" && !entry.lines.empty()) {
        manifest.requires_python = DeclaredValue{std::string(entry.lines.front().text),
                                                 Origin::file(path, entry.lines.front().line, entry.lines.front().column)};
      }
    } else if (entry.section == "options.extras_require") {
      add_requirements(entry, Scope::Extra, entry.key, path, manifest);
    } else if (entry.section == "options.entry_points") {
      for (const auto& line : entry.lines) {
        std::size_t eq = line.text.find('=');
        if (eq == std::string_view::npos) continue;
        manifest.entry_points.push_back({entry.key, std::string(detail::trim(line.text.substr(0, eq))),
                                         std::string(detail::trim(line.text.substr(eq + 1))),
                                         Origin::file(path, line.line, line.column)});
      }
    }
  }
  return manifest;
}

}  // namespace mlstack::project

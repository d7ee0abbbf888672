// SPDX-License-Identifier: MIT
// Plain text for terminals: headings, aligned tables, findings in the
// `severity[rule]: message` / `--> origin` shape that compilers and ruff use.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/document.h"
#include "report/sanitize.h"
#include "report/text_table.h"

namespace mlstack::report {
namespace {

struct Ansi {
  bool on;
  std::string wrap(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

const char* severity_color(Severity severity) {
  switch (severity) {
    case Severity::Error: return "1;31";
    case Severity::Warning: return "1;33";
    case Severity::Info: return "1;36";
  }
  return "1";
}

void render_block(std::string& out, const Block& block, const TextStyle& style) {
  if (const auto* p = std::get_if<Paragraph>(&block)) {
    out += p->text + "\n";
  } else if (const auto* b = std::get_if<Bullets>(&block)) {
    for (const auto& item : b->items) out += "  - " + item + "\n";
  } else if (const auto* kv = std::get_if<KeyValues>(&block)) {
    std::size_t key_width = 0;
    for (const auto& [key, value] : kv->items) key_width = std::max(key_width, key.size());
    // A long value (a summary's list of sources) wraps under itself.
    std::size_t indent = 2 + key_width + 2;
    std::size_t room = style.width > 0 && static_cast<std::size_t>(style.width) > indent + 20
                           ? static_cast<std::size_t>(style.width) - indent
                           : 20;
    for (const auto& [key, value] : kv->items) {
      std::vector<std::string> lines = wrap_text(value, room);
      out += fmt::format("  {:<{}}  {}\n", key, key_width, lines.front());
      for (std::size_t i = 1; i < lines.size(); ++i) out += fmt::format("{:{}}{}\n", "", indent, lines[i]);
    }
  } else if (const auto* t = std::get_if<Table>(&block)) {
    out += format_text_table(*t, style.width);
  } else if (const auto* c = std::get_if<CodeBlock>(&block)) {
    std::string_view text = c->text;
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      out += "    ";
      out += text.substr(0, end);
      out += '\n';
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
  }
}

void render_section(std::string& out, const Section& section, const TextStyle& style, int depth) {
  Ansi ansi{style.color};
  if (!section.title.empty()) {
    out += '\n';
    out += ansi.wrap(depth == 0 ? "1" : "4", section.title);
    out += '\n';
  }
  for (const auto& block : section.blocks) render_block(out, block, style);
  for (const auto& sub : section.subsections) render_section(out, sub, style, depth + 1);
}

std::string summary(const std::vector<Finding>& findings) {
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& f : findings) ++counts[static_cast<int>(f.severity)];
  auto plural = [](std::size_t n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  return fmt::format("{}, {}, {}", plural(counts[2], "error"), plural(counts[1], "warning"),
                     plural(counts[0], "note"));
}

void append_lines(std::string& out, std::string_view prefix, std::string_view text) {
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    out += prefix;
    out += text.substr(0, end);
    out += '\n';
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

// One finding in the compiler shape; at most `max_origins` origins (0: all).
void render_finding(std::string& out, const Finding& f, const Ansi& ansi, std::size_t max_origins) {
  out += fmt::format("{}: {}\n", ansi.wrap(severity_color(f.severity), fmt::format("{}[{}]", to_string(f.severity), f.rule)),
                     f.message);
  std::size_t shown = max_origins == 0 ? f.origins.size() : std::min(max_origins, f.origins.size());
  for (std::size_t i = 0; i < shown; ++i) out += "  --> " + f.origins[i].to_string() + "\n";
  if (shown < f.origins.size()) out += fmt::format("  --> ... and {} more\n", f.origins.size() - shown);
  append_lines(out, "   | ", f.detail);
  for (const auto& note : f.notes) out += "  = note: " + note + "\n";
  if (!f.fix.empty()) out += "  = fix: " + f.fix + "\n";
}

// The findings of one rule; those that differ only in their origins are one entry.
struct RuleGroup {
  std::string rule;
  Severity severity = Severity::Info;
  std::vector<Finding> entries;
};

std::vector<RuleGroup> group_by_rule(const std::vector<Finding>& findings) {
  std::vector<RuleGroup> groups;
  std::map<std::string, std::size_t, std::less<>> group_of;
  std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> entry_of;  // key -> (group, entry)
  std::map<std::pair<std::size_t, std::size_t>, std::set<std::string>> origins_seen;
  for (const Finding& f : findings) {
    auto [g, fresh] = group_of.try_emplace(f.rule, groups.size());
    if (fresh) groups.push_back(RuleGroup{f.rule, f.severity, {}});
    RuleGroup& group = groups[g->second];
    group.severity = std::max(group.severity, f.severity);
    std::string key = fmt::format("{}\n{}\n{}\n{}\n{}\n{}", f.rule, static_cast<int>(f.severity), f.message, f.fix, f.detail,
                                  fmt::join(f.notes, "\n"));
    auto [e, first] = entry_of.try_emplace(key, g->second, group.entries.size());
    if (first) {
      group.entries.push_back(f);
      auto& seen = origins_seen[e->second];
      for (const Origin& o : f.origins) seen.insert(o.to_string());
      continue;
    }
    Finding& into = group.entries[e->second.second];
    auto& seen = origins_seen[e->second];
    for (const Origin& o : f.origins)
      if (seen.insert(o.to_string()).second) into.origins.push_back(o);
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const RuleGroup& a, const RuleGroup& b) { return a.severity > b.severity; });
  return groups;
}

void render_grouped(std::string& out, const Document& document, const Ansi& ansi) {
  const FindingsLayout& layout = document.findings_layout;
  std::vector<RuleGroup> groups = group_by_rule(document.findings);
  std::vector<Finding> entries;  // the tally counts what is listed: a finding met in many places once
  for (const RuleGroup& group : groups) entries.insert(entries.end(), group.entries.begin(), group.entries.end());
  out += fmt::format("\n{}\n", ansi.wrap("1", entries.empty() ? std::string("No findings.")
                                                                : fmt::format("Findings: {}", summary(entries))));
  for (const RuleGroup& group : groups) {
    std::size_t shown = layout.per_rule == 0 ? group.entries.size() : std::min(layout.per_rule, group.entries.size());
    for (std::size_t i = 0; i < shown; ++i) render_finding(out, group.entries[i], ansi, layout.origins);
    if (shown == group.entries.size()) continue;
    // The rest of the rule in one line: how many, and where the first few are.
    std::vector<std::string> places;
    std::size_t more_places = 0;
    for (std::size_t i = shown; i < group.entries.size(); ++i) {
      const Finding& f = group.entries[i];
      if (f.origins.empty()) continue;
      if (places.size() < 3) places.push_back(f.origins.front().to_string());
      else ++more_places;
    }
    std::string where;
    for (std::size_t i = 0; i < places.size(); ++i) {
      if (i) where += ", ";
      where += places[i];
    }
    if (more_places > 0) where += fmt::format(" and {} more", more_places);
    out += fmt::format("{}: {} more like these{}{}\n",
                       ansi.wrap(severity_color(group.severity), fmt::format("{}[{}]", to_string(group.severity), group.rule)),
                       group.entries.size() - shown, where.empty() ? std::string() : fmt::format(", at {}", where),
                       layout.more_hint.empty() ? std::string() : fmt::format(" ({})", layout.more_hint));
  }
}

}  // namespace

std::string render_text(const Document& untrusted, const TextStyle& style) {
  const Document document = terminal_safe(untrusted);  // escapes and masked credentials, see sanitize.h
  Ansi ansi{style.color};
  std::string out;
  if (!document.title.empty()) out += ansi.wrap("1", document.title) + "\n";
  for (const auto& block : document.summary) render_block(out, block, style);
  if (document.findings_layout.grouped) {
    render_grouped(out, document, ansi);
    for (const auto& section : document.sections) render_section(out, section, style, 0);
    if (!document.footer.empty()) out += fmt::format("\n{}\n", document.footer);
    return out;
  }
  for (const auto& section : document.sections) render_section(out, section, style, 0);
  if (!document.findings.empty()) {
    out += fmt::format("\n{}\n", ansi.wrap("1", "Findings"));
    for (const auto& f : document.findings) render_finding(out, f, ansi, 0);
  }
  out += fmt::format("\n{}\n", summary(document.findings));
  if (!document.footer.empty()) out += document.footer + "\n";
  return out;
}

}  // namespace mlstack::report

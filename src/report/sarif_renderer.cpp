// SPDX-License-Identifier: MIT
// SARIF 2.1.0 (OASIS, errata 01), what GitHub code scanning and other CI
// tools read. One run; tool.driver.rules has one reportingDescriptor per rule
// id that occurs, with its docs anchor as helpUri (report/rule_docs.h); each
// finding is a result whose locations are its file origins, relative to the
// project root (uriBaseId %SRCROOT%), line and column when known. Origins that
// are not project files (an installed distribution, a kb row, the machine)
// are kept in the result's properties, and the fix, which mlstack states as
// text a person pastes rather than as a file edit, is in the message and in
// properties ("fixes" would need artifactChanges).
// Validated against schemas/sarif-schema-2.1.0.json by tests/report.
#include <map>

#include <nlohmann/json.hpp>

#include "mlstack/build_info.h"
#include "report/document.h"
#include "report/json_text.h"
#include "report/rule_docs.h"

namespace mlstack::report {
namespace {

using nlohmann::ordered_json;

constexpr const char* k_schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

const char* level(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
  }
  return "none";
}

// RFC 3986: keep unreserved characters and '/', percent-encode the rest.
std::string uri_path(std::string_view path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string relative(std::string_view path) {
  while (path.starts_with("./")) path.remove_prefix(2);
  return std::string(path);
}

ordered_json physical_location(const Origin& origin) {
  ordered_json artifact;
  if (origin.path.starts_with("/")) {
    artifact["uri"] = "file://" + uri_path(origin.path);
  } else {
    artifact["uri"] = uri_path(relative(origin.path));
    artifact["uriBaseId"] = "%SRCROOT%";
  }
  ordered_json location = {{"artifactLocation", std::move(artifact)}};
  if (origin.line > 0) {
    ordered_json region = {{"startLine", origin.line}};
    if (origin.column > 0) region["startColumn"] = origin.column;
    location["region"] = std::move(region);
  }
  return location;
}

ordered_json rule_descriptor(const std::string& id) {
  RuleHelp help = rule_help(id);
  ordered_json rule = {{"id", id}};
  if (!help.title.empty()) rule["shortDescription"] = {{"text", help.title}};
  rule["helpUri"] = rule_help_uri(id);
  if (help.severity) rule["defaultConfiguration"] = {{"level", level(*help.severity)}};
  return rule;
}

std::string message_text(const Finding& f) {
  std::string text = f.message;
  if (!text.empty() && text.back() != '.') text += '.';
  if (!f.fix.empty()) text += " Fix: " + f.fix;
  return text;
}

}  // namespace

std::string render_sarif(const Document& document) {
  std::map<std::string, std::size_t> rule_index;
  ordered_json rules = ordered_json::array();
  for (const Finding& f : document.findings) {
    if (rule_index.try_emplace(f.rule, rule_index.size()).second) rules.push_back(rule_descriptor(f.rule));
  }

  ordered_json results = ordered_json::array();
  for (const Finding& f : document.findings) {
    ordered_json result;
    result["ruleId"] = f.rule;
    result["ruleIndex"] = rule_index[f.rule];
    result["level"] = level(f.severity);
    result["message"] = {{"text", message_text(f)}};
    ordered_json locations = ordered_json::array();
    ordered_json related = ordered_json::array();
    ordered_json elsewhere = ordered_json::array();
    for (const Origin& origin : f.origins) {
      if (origin.kind == Origin::Kind::File && !origin.path.empty()) {
        if (locations.empty()) {
          locations.push_back({{"physicalLocation", physical_location(origin)}});
        } else {
          ordered_json location = {{"id", related.size()}, {"physicalLocation", physical_location(origin)}};
          if (!origin.context.empty()) location["message"] = {{"text", origin.context}};
          related.push_back(std::move(location));
        }
      } else {
        elsewhere.push_back({{"kind", to_string(origin.kind)}, {"text", origin.to_string()}});
      }
    }
    if (!locations.empty()) result["locations"] = std::move(locations);
    if (!related.empty()) result["relatedLocations"] = std::move(related);
    ordered_json properties;
    if (!f.fix.empty()) properties["fix"] = f.fix;
    if (!f.detail.empty()) properties["detail"] = f.detail;
    if (!elsewhere.empty()) properties["origins"] = std::move(elsewhere);
    if (!properties.empty()) result["properties"] = std::move(properties);
    results.push_back(std::move(result));
  }

  ordered_json driver = {{"name", "mlstack"},
                         {"version", k_version},
                         {"semanticVersion", k_version},
                         {"informationUri", std::string(k_docs_url) + "rules.md"},
                         {"rules", std::move(rules)}};
  ordered_json run = {{"tool", {{"driver", std::move(driver)}}}};
  if (document.root.starts_with("/")) {
    std::string root = uri_path(document.root);
    if (!root.ends_with("/")) root += '/';
    run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", "file://" + root}}}};
  }
  run["results"] = std::move(results);
  if (!document.command.empty()) run["properties"] = {{"command", "mlstack " + document.command}};
  ordered_json log = {{"$schema", k_schema}, {"version", "2.1.0"}, {"runs", ordered_json::array({std::move(run)})}};
  return dump_json(log, 2) + "\n";
}

}  // namespace mlstack::report

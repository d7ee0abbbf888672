// SPDX-License-Identifier: MIT
// The JSON envelope, schema "mlstack/1" (docs/json-schema.md). Keys of the
// verb's payload sit beside the envelope's; "findings" is always present.
#include "mlstack/build_info.h"
#include "report/document.h"
#include "report/json_text.h"
#include "report/sanitize.h"

namespace mlstack::report {

nlohmann::json to_json(const Origin& origin) {
  nlohmann::json out = {{"kind", to_string(origin.kind)}};
  if (!origin.path.empty()) out["path"] = origin.path;
  if (origin.line > 0) out["line"] = origin.line;
  if (origin.column > 0) out["column"] = origin.column;
  if (!origin.context.empty()) out["context"] = origin.context;
  if (!origin.source.empty()) out["source"] = origin.source;
  return out;
}

nlohmann::json to_json(const Finding& finding) {
  nlohmann::json origins = nlohmann::json::array();
  for (const auto& origin : finding.origins) origins.push_back(to_json(origin));
  nlohmann::json out = {{"rule", finding.rule},
                        {"severity", to_string(finding.severity)},
                        {"message", finding.message},
                        {"origins", std::move(origins)}};
  out["fix"] = finding.fix.empty() ? nlohmann::json(nullptr) : nlohmann::json(finding.fix);
  if (!finding.detail.empty()) out["detail"] = finding.detail;
  if (!finding.notes.empty()) out["notes"] = finding.notes;
  return out;
}

namespace {

std::string dump(const auto& value) { return dump_json(value, 2); }

// The envelope as one ordered document: the payload copied in, a payload key
// that repeats an envelope key replacing it where it stands.
std::string render_copied(const Document& document) {
  nlohmann::ordered_json out;
  out["schema"] = "mlstack/1";
  out["command"] = document.command;
  out["mlstack_version"] = k_version;
  if (document.data.is_object()) {
    for (const auto& [key, value] : document.data.items()) out[key] = value;
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : document.findings) findings.push_back(to_json(f));
  out["findings"] = std::move(findings);
  return mask_url_credentials_in(dump(out) + "\n");
}

}  // namespace

std::string render_json(const Document& document) {
  // A payload that names an envelope key: the copy keeps one of each.
  for (const char* key : {"schema", "command", "mlstack_version", "findings"})
    if (document.data.is_object() && document.data.contains(key)) return render_copied(document);
  nlohmann::ordered_json head;
  head["schema"] = "mlstack/1";
  head["command"] = document.command;
  head["mlstack_version"] = k_version;
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : document.findings) findings.push_back(to_json(f));
  // The payload's members are written where they stand, not copied into the
  // envelope first (a deep copy of every value: a tenth of a warm
  // `mlstack index`). Its keys come in the payload's own (sorted) order, as
  // a copy would keep them: the text is one ordered document's dump(2).
  std::string out = "{\n";
  append_json_members(out, head, 2, 1);
  if (document.data.is_object() && !document.data.empty()) {
    out.append(",\n", 2);
    append_json_members(out, document.data, 2, 1);
  }
  out.append(",\n  \"findings\": ");
  append_json(out, findings, 2, 1);
  out.append("\n}\n", 3);
  // Invalid UTF-8 from a project file must not abort the whole output.
  // Credentials in URLs are masked in the finished text: a saved report or
  // environment is shared (control characters are already \u-escaped).
  return mask_url_credentials_in(std::move(out));
}

}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
#include "env/record.h"

#include "env/system.h"

namespace mlstack::env {

std::vector<std::string> split_csv_row(std::string_view row) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < row.size(); ++i) {
    char c = row[i];
    if (quoted) {
      if (c == '"' && i + 1 < row.size() && row[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

RecordSummary summarize_record(std::string_view text, const std::string& site_dir, const std::string& prefix) {
  RecordSummary summary;
  std::string root = prefix.empty() ? std::string() : normalize_path(prefix);
  if (!root.empty() && root != "/") root += '/';
  std::size_t pos = 0;
  std::size_t line = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.empty()) continue;
    // Most rows have no quotes: take the path up to the first comma without copying.
    std::string path;
    if (row.front() == '"') path = split_csv_row(row)[0];
    else path = std::string(row.substr(0, row.find(',')));
    if (path.empty()) continue;
    ++summary.files;
    if (path.ends_with(".so") || path.find(".so.") != std::string::npos) {
      if (!path.starts_with("../") && !path.starts_with('/')) summary.extension_modules.push_back(path);
    }
    if (root.empty()) continue;
    // Only paths that climb or are absolute can leave the environment.
    if (!path.starts_with('/') && path.find("..") == std::string::npos) continue;
    std::string resolved = normalize_path(join_path(site_dir, path)) + (path.ends_with('/') ? "/" : "");
    if (!(resolved + "/").starts_with(root)) summary.escapes.push_back({line, path});
  }
  return summary;
}

}  // namespace mlstack::env

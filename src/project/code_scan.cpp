// SPDX-License-Identifier: MIT
#include "project/code_scan.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "core/file_guard.h"
#include "core/mapped_file.h"
#include "project/code_findings.h"
#include "project/doc_commands.h"

namespace mlstack::project {
namespace {

namespace fs = std::filesystem;

bool skipped_dir(const std::string& name) {
  return name.starts_with(".") || name == "node_modules" || name == "build" || name == "dist" || name == "__pycache__" ||
         name == "site-packages";
}

// Findings that differ only in where they were met become one finding with
// every origin, in first-seen order: the same problem at a thousand import
// sites is one finding that lists a thousand places, not a thousand findings.
void merge_repeated(std::vector<Finding>& findings) {
  std::vector<Finding> merged;
  std::map<std::string, std::size_t, std::less<>> index;
  for (Finding& f : findings) {
    std::string key = f.rule + '\n' + f.message + '\n' + f.fix + '\n' + f.detail + '\n' + to_string(f.severity);
    auto [it, fresh] = index.try_emplace(std::move(key), merged.size());
    if (fresh) {
      merged.push_back(std::move(f));
      continue;
    }
    Finding& into = merged[it->second];
    for (Origin& o : f.origins)
      if (std::find(into.origins.begin(), into.origins.end(), o) == into.origins.end()) into.origins.push_back(std::move(o));
  }
  findings = std::move(merged);
}

}  // namespace

std::vector<python::DocCommand> documented_commands(const std::string& root) {
  std::vector<python::DocCommand> out;
  std::error_code ec;
  const std::string root_real = real_path(root).value_or(root);
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (skipped_dir(name) || fs::exists(it->path() / "pyvenv.cfg", ec)) it.disable_recursion_pending();
      continue;
    }
    bool markdown = name.ends_with(".md");
    if (!markdown && !name.ends_with(".sh")) continue;
    if (it->file_size(ec) > (4u << 20)) continue;
    if (it->is_symlink(ec)) {  // a link is read only when it leads to a file inside the project
      auto real = real_path(it->path().string());
      if (!real || !is_within(root_real, *real)) continue;
    }
    auto text = read_file(it->path().string());
    if (!text) continue;
    commands_in(*text, fs::relative(it->path(), root, ec).string(), markdown, out);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return std::tie(a.file, a.line) < std::tie(b.file, b.line); });
  return out;
}

CodeScan scan_code(const std::string& root, const ScanResult& manifests, const CodeScanOptions& options) {
  CodeScan result;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return result;  // a single manifest has no code to read
  python::AnalysisOptions analysis_options;
  analysis_options.entries = options.entries;
  analysis_options.entry_options.details = options.entry_details;
  analysis_options.scan.threads = options.threads;
  analysis_options.installed = options.installed;
  if (options.installed) result.environment = options.installed->description();
  analysis_options.target_pythons = project_pythons(manifests);
  analysis_options.scan.source_roots = project_roots(manifests);
  result.commands = documented_commands(root);
  analysis_options.commands = result.commands;
  result.analysis = python::analyze_python_project(root, analysis_options);
  // What the source walk skipped for safety (a link out of the project, a
  // FIFO named like a module) is said, as the manifest walk says it.
  for (const Finding& f : result.analysis.scan.findings)
    if (f.rule == "input.symlink-outside" || f.rule == "input.special-file") result.findings.push_back(f);
  import_findings(manifests, result.analysis, options.installed, result.findings);
  doc_findings(result.analysis, result.findings);
  stdlib_findings(manifests, result.analysis, result.findings);
  merge_repeated(result.findings);
  // Every finding and view is made from the analysis; the per-file import
  // records and attribute reads it was made from are most of a large tree's
  // memory (14 MB of a 6,500-file tree's), released before the report is built.
  std::vector<python::FileImports>().swap(result.analysis.scan.imports);
  result.analysis.scan.attributes = {};
  return result;
}

}  // namespace mlstack::project

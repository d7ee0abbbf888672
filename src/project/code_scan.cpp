// SPDX-License-Identifier: MIT
#include "project/code_scan.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

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

}  // namespace

std::vector<python::DocCommand> documented_commands(const std::string& root) {
  std::vector<python::DocCommand> out;
  std::error_code ec;
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
  analysis_options.installed = options.installed;
  if (options.installed) result.environment = options.installed->description();
  analysis_options.target_pythons = project_pythons(manifests);
  analysis_options.scan.source_roots = project_roots(manifests);
  result.commands = documented_commands(root);
  analysis_options.commands = result.commands;
  result.analysis = python::analyze_python_project(root, analysis_options);
  import_findings(manifests, result.analysis, options.installed, result.findings);
  doc_findings(result.analysis, result.findings);
  stdlib_findings(manifests, result.analysis, result.findings);
  return result;
}

}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
#include "kb/loader.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/mapped_file.h"
#include "kb/detail/table_readers.h"
#include "kb/embedded.h"

namespace mlstack::kb {

namespace {

constexpr std::string_view k_known_files[] = {"coupling.toml", "cuda.toml",  "flash_attn.toml", "gpu.toml",
                                              "numpy.toml",    "packages.toml", "ptx.toml", "torch.toml"};

Finding input_finding(std::string rule, Severity severity, std::string message, const std::string& path,
                      std::size_t line = 0, std::size_t column = 0) {
  Finding finding;
  finding.rule = std::move(rule);
  finding.severity = severity;
  finding.message = std::move(message);
  finding.origins.push_back(Origin::file(path, line, column));
  return finding;
}

// Parses one file; toml++ reports syntax errors by exception, which stops here.
std::optional<toml::table> parse_toml(const KbFile& file, std::vector<Finding>& findings) {
  try {
    return toml::parse(file.text, file.path);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    findings.push_back(input_finding(
        "input.kb-syntax", Severity::Error,
        fmt::format("{}:{}:{}: invalid TOML: {}", file.path, begin.line, begin.column, error.description()),
        file.path, begin.line, begin.column));
    findings.back().fix = "fix the TOML syntax; the facts of this file are not loaded";
    return std::nullopt;
  }
}

void read_kb_file(const KbFile& file, KnowledgeBase& kb, std::vector<Finding>& findings) {
  std::optional<toml::table> document = parse_toml(file, findings);
  if (!document) return;
  if (document->empty()) {
    // An empty file in a --kb folder would silently replace the built-in one with no facts.
    findings.push_back(input_finding("input.kb-empty", Severity::Error,
                                     fmt::format("{}: holds no tables: it would replace every fact of {} with none",
                                                 file.path, file.name),
                                     file.path));
    findings.back().fix = "remove the file to keep the built-in facts, or fill it";
    return;
  }
  for (const auto& [key, node] : *document) {
    std::string_view table(key.str());
    const toml::array* rows = node.as_array();
    auto reader = detail::table_reader(file.name, table);
    if (reader == nullptr || rows == nullptr) {
      findings.push_back(input_finding(
          "input.kb-unknown-table", Severity::Warning,
          fmt::format("{}:{}: unknown table `{}` in {} (ignored)", file.path, node.source().begin.line, table, file.name),
          file.path, node.source().begin.line, node.source().begin.column));
      continue;
    }
    for (const auto& element : *rows) {
      const toml::table* row = element.as_table();
      if (row == nullptr) {
        findings.push_back(input_finding(
            "input.kb-row", Severity::Error,
            fmt::format("{}:{}: `{}` must be an array of tables ([[{}]])", file.path, element.source().begin.line,
                        table, table),
            file.path, element.source().begin.line, element.source().begin.column));
        continue;
      }
      detail::RowReader row_reader(*row, file.path, table, findings);
      reader(row_reader, kb);
      row_reader.warn_unknown_fields();
    }
  }
}

}  // namespace

std::span<const std::string_view> known_files() { return k_known_files; }

LoadResult load(std::span<const KbFile> files) {
  LoadResult result;
  for (const KbFile& file : files) {
    if (std::find(std::begin(k_known_files), std::end(k_known_files), file.name) == std::end(k_known_files)) {
      result.findings.push_back(input_finding("input.kb-unknown-file", Severity::Warning,
                                              fmt::format("{}: not a knowledge-base file mlstack knows (ignored)", file.path),
                                              file.path));
      continue;
    }
    result.files.push_back(file.path);
    read_kb_file(file, result.kb, result.findings);
  }
  detail::check_references(result.kb, result.findings);
  result.kb.index_rows();
  return result;
}

LoadResult load_embedded() {
  std::vector<KbFile> files;
  for (const EmbeddedFile& file : embedded_files())
    files.push_back(KbFile{std::string(file.name), std::string(file.name), std::string(file.text)});
  return load(files);
}

LoadResult load_embedded(std::span<const std::string_view> names) {
  std::vector<KbFile> files;
  for (const EmbeddedFile& file : embedded_files())
    if (std::find(names.begin(), names.end(), file.name) != names.end())
      files.push_back(KbFile{std::string(file.name), std::string(file.name), std::string(file.text)});
  return load(files);
}

LoadResult load_with_overrides(const std::filesystem::path& directory) {
  std::map<std::string, KbFile> files;
  for (const EmbeddedFile& file : embedded_files())
    files[std::string(file.name)] = KbFile{std::string(file.name), std::string(file.name), std::string(file.text)};

  std::vector<Finding> findings;
  std::error_code error;
  std::filesystem::directory_iterator it(directory, error);
  if (error) {
    findings.push_back(input_finding("input.kb-dir", Severity::Error,
                                     fmt::format("{}: cannot read the --kb directory: {}", directory.string(), error.message()),
                                     directory.string()));
  } else {
    for (const auto& entry : it) {
      if (entry.path().extension() != ".toml") continue;
      std::string path = entry.path().string();
      std::error_code kind_error;
      if (!entry.is_regular_file(kind_error)) {
        // A FIFO would block its reader forever, a device never ends: never opened.
        findings.push_back(input_finding("input.kb-special-file", Severity::Warning,
                                         fmt::format("{}: not a regular file (a FIFO, socket, device or folder); skipped", path),
                                         path));
        continue;
      }
      auto text = mlstack::read_file(path);
      if (!text) {
        findings.push_back(input_finding("input.kb-read", Severity::Error,
                                         fmt::format("{}: cannot read: {}", path, text.error()), path));
        continue;
      }
      std::string name = entry.path().filename().string();
      files[name] = KbFile{name, path, std::move(*text)};
    }
  }
  std::vector<KbFile> ordered;
  for (auto& [name, file] : files) ordered.push_back(std::move(file));
  LoadResult result = load(ordered);
  result.findings.insert(result.findings.begin(), findings.begin(), findings.end());
  return result;
}

}  // namespace mlstack::kb

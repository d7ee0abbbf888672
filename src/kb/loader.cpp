// SPDX-License-Identifier: MIT
#include "kb/loader.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/mapped_file.h"
#include "kb/detail/parsed_document.h"
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

// The rows of one file, however it was read. `name` decides its tables,
// `path` is what findings cite.
void read_document(const detail::KbDocument& document, std::string_view name, const std::string& path,
                   KnowledgeBase& kb, std::vector<Finding>& findings) {
  if (document.tables.empty()) {
    // An empty file in a --kb folder would silently replace the built-in one with no facts.
    findings.push_back(input_finding("input.kb-empty", Severity::Error,
                                     fmt::format("{}: holds no tables: it would replace every fact of {} with none",
                                                 path, name),
                                     path));
    findings.back().fix = "remove the file to keep the built-in facts, or fill it";
    return;
  }
  for (const detail::KbTable& table : document.tables) {
    std::string_view table_name = document.text(table.name);
    auto reader = detail::table_reader(name, table_name);
    if (reader == nullptr || !table.is_array) {
      findings.push_back(input_finding(
          "input.kb-unknown-table", Severity::Warning,
          fmt::format("{}:{}: unknown table `{}` in {} (ignored)", path, table.line, table_name, name), path,
          table.line, table.column));
      continue;
    }
    for (const detail::KbRow& row : document.rows_of(table)) {
      if (!row.is_table) {
        findings.push_back(input_finding(
            "input.kb-row", Severity::Error,
            fmt::format("{}:{}: `{}` must be an array of tables ([[{}]])", path, row.line, table_name, table_name),
            path, row.line, row.column));
        continue;
      }
      detail::RowReader row_reader(document, row, path, table_name, findings);
      reader(row_reader, kb);
      row_reader.warn_unknown_fields();
    }
  }
}

void read_kb_file(const KbFile& file, KnowledgeBase& kb, std::vector<Finding>& findings) {
  std::optional<toml::table> parsed = parse_toml(file, findings);
  if (!parsed) return;
  detail::ParsedDocument document(std::move(*parsed));
  read_document(document.view(), file.name, file.path, kb, findings);
}

bool is_known(std::string_view name) {
  return std::find(std::begin(k_known_files), std::end(k_known_files), name) != std::end(k_known_files);
}

// One file to load: a built-in one (pre-parsed) or a text to parse.
struct Input {
  const EmbeddedDocument* embedded = nullptr;
  const KbFile* file = nullptr;
};

LoadResult load_inputs(std::span<const Input> inputs) {
  LoadResult result;
  for (const Input& input : inputs) {
    std::string name = input.embedded ? std::string(input.embedded->name) : input.file->name;
    std::string path = input.embedded ? name : input.file->path;
    if (!is_known(name)) {
      result.findings.push_back(input_finding("input.kb-unknown-file", Severity::Warning,
                                              fmt::format("{}: not a knowledge-base file mlstack knows (ignored)", path),
                                              path));
      continue;
    }
    result.files.push_back(path);
    if (input.embedded) read_document(input.embedded->document, name, path, result.kb, result.findings);
    else read_kb_file(*input.file, result.kb, result.findings);
  }
  detail::check_references(result.kb, result.findings);
  result.kb.index_rows();
  return result;
}

}  // namespace

std::span<const std::string_view> known_files() { return k_known_files; }

LoadResult load(std::span<const KbFile> files) {
  std::vector<Input> inputs;
  for (const KbFile& file : files) inputs.push_back({nullptr, &file});
  return load_inputs(inputs);
}

LoadResult load_embedded() {
  std::vector<Input> inputs;
  for (const EmbeddedDocument& document : embedded_documents()) inputs.push_back({&document, nullptr});
  return load_inputs(inputs);
}

LoadResult load_embedded(std::span<const std::string_view> names) {
  std::vector<Input> inputs;
  for (const EmbeddedDocument& document : embedded_documents())
    if (std::find(names.begin(), names.end(), document.name) != names.end()) inputs.push_back({&document, nullptr});
  return load_inputs(inputs);
}

LoadResult load_with_overrides(const std::filesystem::path& directory) {
  // By name: the directory's file where it has one, else the built-in one.
  std::map<std::string, KbFile> files;
  std::map<std::string, const EmbeddedDocument*, std::less<>> builtin;
  for (const EmbeddedDocument& document : embedded_documents()) builtin[std::string(document.name)] = &document;

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
  std::vector<Input> ordered;
  for (const auto& [name, document] : builtin)
    if (!files.contains(name)) ordered.push_back({document, nullptr});
  for (const auto& [name, file] : files) ordered.push_back({nullptr, &file});
  std::sort(ordered.begin(), ordered.end(), [](const Input& a, const Input& b) {
    return (a.embedded ? a.embedded->name : std::string_view(a.file->name)) <
           (b.embedded ? b.embedded->name : std::string_view(b.file->name));
  });
  LoadResult result = load_inputs(ordered);
  result.findings.insert(result.findings.begin(), findings.begin(), findings.end());
  return result;
}

}  // namespace mlstack::kb

// SPDX-License-Identifier: MIT
#include "project/manifest/requirements_txt.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "project/manifest/detail/line_index.h"
#include "project/manifest/detail/text.h"

namespace mlstack::project {
namespace {

using detail::LineIndex;

// A logical line: physical lines joined at trailing backslashes, with the
// map from its bytes back to the file's bytes.
struct LogicalLine {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> segments;  // (logical offset, file offset)

  std::size_t file_offset(std::size_t logical) const {
    auto it = std::upper_bound(segments.begin(), segments.end(), std::make_pair(logical, SIZE_MAX));
    if (it == segments.begin()) return logical;
    --it;
    return it->second + (logical - it->first);
  }
};

bool is_comment_line(std::string_view line) {
  std::size_t i = line.find_first_not_of(" \t");
  return i != std::string_view::npos && line[i] == '#';
}

// Splits the file into logical lines the way pip's join_lines does.
std::vector<LogicalLine> logical_lines(std::string_view text) {
  std::vector<LogicalLine> lines;
  LogicalLine current;
  bool joining = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    bool continues = !line.empty() && line.back() == '\\' && !is_comment_line(line);
    if (continues) line.remove_suffix(1);
    if (!joining) current = LogicalLine{};
    current.segments.emplace_back(current.text.size(), pos);
    // A comment line ends a continuation; pip prefixes a space so that the
    // comment is still stripped.
    if (joining && is_comment_line(line)) current.text += ' ';
    current.text.append(line);
    joining = continues;
    if (!joining) lines.push_back(std::move(current));
    if (end == text.size()) break;
    pos = end + 1;
  }
  if (joining) lines.push_back(std::move(current));
  return lines;
}

// Removes a comment: `#` at the start or after whitespace, with the
// whitespace before it (pip's COMMENT_RE).
std::string_view strip_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '#') continue;
    if (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t') return line.substr(0, i);
  }
  return line;
}

struct Token {
  std::string_view text;
  std::size_t offset;  // in the logical line
};

// Splits on runs of spaces and tabs.
std::vector<Token> split_tokens(std::string_view line, std::size_t base) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) tokens.push_back({line.substr(start, i - start), base + start});
  }
  return tokens;
}

// pip's options, by what they take.
enum class OptionKind { Requirement, Constraint, Editable, IndexUrl, ExtraIndexUrl, NoIndex, FindLinks,
                        Pre, Hash, TakesValue, Flag, Unknown };

struct OptionSpec {
  std::string_view long_name;
  std::string_view short_name;
  OptionKind kind;
};

constexpr OptionSpec k_options[] = {
    {"--requirement", "-r", OptionKind::Requirement},
    {"--constraint", "-c", OptionKind::Constraint},
    {"--editable", "-e", OptionKind::Editable},
    {"--index-url", "-i", OptionKind::IndexUrl},
    {"--extra-index-url", "", OptionKind::ExtraIndexUrl},
    {"--no-index", "", OptionKind::NoIndex},
    {"--find-links", "-f", OptionKind::FindLinks},
    {"--pre", "", OptionKind::Pre},
    {"--hash", "", OptionKind::Hash},
    {"--trusted-host", "", OptionKind::TakesValue},
    {"--no-binary", "", OptionKind::TakesValue},
    {"--only-binary", "", OptionKind::TakesValue},
    {"--use-feature", "", OptionKind::TakesValue},
    {"--global-option", "", OptionKind::TakesValue},
    {"--config-settings", "", OptionKind::TakesValue},
    {"--prefer-binary", "", OptionKind::Flag},
    {"--require-hashes", "", OptionKind::Flag},
    {"--always-unzip", "-Z", OptionKind::Flag},
};

// Resolves a token to an option and its inline value ("--index-url=URL", "-iURL").
OptionKind classify_option(std::string_view token, std::string_view* inline_value, bool* has_inline) {
  *has_inline = false;
  for (const auto& spec : k_options) {
    if (token.starts_with("--")) {
      if (token == spec.long_name) return spec.kind;
      if (token.starts_with(spec.long_name) && token.size() > spec.long_name.size() &&
          token[spec.long_name.size()] == '=') {
        *inline_value = token.substr(spec.long_name.size() + 1);
        *has_inline = true;
        return spec.kind;
      }
    } else if (!spec.short_name.empty() && token.starts_with(spec.short_name)) {
      if (token.size() == spec.short_name.size()) return spec.kind;
      *inline_value = token.substr(spec.short_name.size());
      if (inline_value->starts_with("=")) inline_value->remove_prefix(1);
      *has_inline = true;
      return spec.kind;
    }
  }
  return OptionKind::Unknown;
}

bool takes_value(OptionKind kind) {
  return kind != OptionKind::NoIndex && kind != OptionKind::Pre && kind != OptionKind::Flag &&
         kind != OptionKind::Unknown;
}

class Reader {
 public:
  Reader(std::string_view text, const std::string& path, const RequirementsOptions& options)
      : m_text(text), m_index(text), m_options(options) {
    m_result.manifest.path = path;
    m_result.manifest.kind = ManifestKind::Requirements;
  }

  RequirementsFile run() {
    for (auto& line : logical_lines(m_text)) read_line(line);
    return std::move(m_result);
  }

 private:
  Origin origin_at(const LogicalLine& line, std::size_t logical_offset) const {
    LineColumn lc = m_index.at(line.file_offset(logical_offset));
    return Origin::file(m_result.manifest.path, lc.line, lc.column);
  }

  void error(const LogicalLine& line, std::size_t offset, std::string message) {
    ParseError parse{message, offset, 1, line.text};
    m_result.manifest.findings.push_back(
        input_error("input.requirements-syntax", std::move(message), origin_at(line, offset), render(parse)));
  }

  // Expands ${NAME} (upper-case, digits, underscore, as pip does).
  std::string expand(std::string_view text, std::vector<std::string>* notes) const {
    return detail::expand_braced_variables(text, m_options.variables, notes);
  }

  void read_line(const LogicalLine& line) {
    std::string_view body = strip_comment(line.text);
    std::vector<Token> tokens = split_tokens(body, 0);
    if (tokens.empty()) return;
    // The requirement is every token before the first one that starts with '-'.
    std::size_t first_option = 0;
    while (first_option < tokens.size() && !tokens[first_option].text.starts_with("-")) ++first_option;
    if (first_option > 0) {
      std::size_t start = tokens.front().offset;
      std::size_t end = tokens[first_option - 1].offset + tokens[first_option - 1].text.size();
      DeclaredRequirement requirement;
      requirement.raw = std::string(body.substr(start, end - start));
      requirement.origin = origin_at(line, start);
      read_options(line, tokens, first_option, &requirement);
      add_requirement(std::move(requirement));
      return;
    }
    read_options(line, tokens, 0, nullptr);
  }

  // Reads options from tokens[i..]; per-requirement options go to `requirement`.
  void read_options(const LogicalLine& line, const std::vector<Token>& tokens, std::size_t i,
                    DeclaredRequirement* requirement) {
    while (i < tokens.size()) {
      const Token& token = tokens[i];
      std::string_view value;
      bool has_inline = false;
      OptionKind kind = classify_option(token.text, &value, &has_inline);
      if (kind == OptionKind::Unknown) {
        error(line, token.offset, fmt::format("unknown option `{}` (pip rejects this line)", token.text));
        return;
      }
      std::size_t value_offset = token.offset + (token.text.size() - value.size());
      ++i;
      if (takes_value(kind) && !has_inline) {
        if (i >= tokens.size()) {
          error(line, token.offset, fmt::format("option `{}` needs a value", token.text));
          return;
        }
        value = tokens[i].text;
        value_offset = tokens[i].offset;
        ++i;
      }
      if (requirement != nullptr && kind != OptionKind::Hash && kind != OptionKind::TakesValue) {
        error(line, token.offset, fmt::format("option `{}` is not allowed after a requirement", token.text));
        return;
      }
      apply_option(line, kind, value, value_offset, tokens, &i, requirement);
    }
  }

  void apply_option(const LogicalLine& line, OptionKind kind, std::string_view value, std::size_t value_offset,
                    const std::vector<Token>& tokens, std::size_t* i, DeclaredRequirement* requirement) {
    Manifest& manifest = m_result.manifest;
    switch (kind) {
      case OptionKind::Requirement:
      case OptionKind::Constraint:
        m_result.includes.push_back(
            {std::string(value), kind == OptionKind::Constraint, origin_at(line, value_offset)});
        break;
      case OptionKind::Editable: {
        DeclaredRequirement editable;
        // `-e path[extra] ; marker` may run on past the value: take the rest of the line.
        std::size_t end = value_offset + value.size();
        while (*i < tokens.size() && !tokens[*i].text.starts_with("-")) {
          end = tokens[*i].offset + tokens[*i].text.size();
          ++*i;
        }
        editable.raw = std::string(std::string_view(line.text).substr(value_offset, end - value_offset));
        editable.origin = origin_at(line, value_offset);
        editable.editable = true;
        add_requirement(std::move(editable));
        break;
      }
      case OptionKind::IndexUrl:
      case OptionKind::ExtraIndexUrl:
      case OptionKind::FindLinks: {
        IndexEntry entry;
        entry.kind = kind == OptionKind::IndexUrl        ? IndexEntry::Kind::IndexUrl
                     : kind == OptionKind::ExtraIndexUrl ? IndexEntry::Kind::ExtraIndexUrl
                                                         : IndexEntry::Kind::FindLinks;
        entry.url = expand(value, nullptr);
        entry.origin = origin_at(line, value_offset);
        manifest.indexes.push_back(std::move(entry));
        break;
      }
      case OptionKind::NoIndex: {
        IndexEntry entry;
        entry.kind = IndexEntry::Kind::NoIndex;
        entry.origin = origin_at(line, 0);
        manifest.indexes.push_back(std::move(entry));
        break;
      }
      case OptionKind::Pre:
        manifest.pre_releases = true;
        break;
      case OptionKind::Hash:
        if (value.find(':') == std::string_view::npos) {
          error(line, value_offset, fmt::format("--hash needs `algorithm:digest`, got `{}`", value));
          break;
        }
        if (requirement == nullptr) {
          error(line, value_offset, "--hash must follow a requirement on the same line");
          break;
        }
        requirement->hashes.emplace_back(value);
        break;
      case OptionKind::TakesValue:
      case OptionKind::Flag:
      case OptionKind::Unknown:
        break;
    }
  }

  void add_requirement(DeclaredRequirement requirement) {
    requirement.scope = m_options.scope;
    requirement.text = expand(requirement.raw, &requirement.notes);
    requirement.form = detail::classify_requirement_text(requirement.text);
    m_result.manifest.requirements.push_back(std::move(requirement));
  }

  std::string_view m_text;
  LineIndex m_index;
  const RequirementsOptions& m_options;
  RequirementsFile m_result;
};

constexpr std::size_t k_max_include_depth = 32;
constexpr std::size_t k_max_included_files = 256;

std::string parent_dir(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

void read_recursive(const std::string& path, std::string_view text, const FileLoader& load,
                    const RequirementsOptions& options, std::vector<std::string>& stack,
                    std::set<std::string>& done, Manifest& out, const std::string& included_from) {
  RequirementsFile file = parse_requirements(text, path, options);
  for (auto& requirement : file.manifest.requirements) {
    requirement.included_from = included_from;
    out.requirements.push_back(std::move(requirement));
  }
  for (auto& index : file.manifest.indexes) out.indexes.push_back(std::move(index));
  for (auto& finding : file.manifest.findings) out.findings.push_back(std::move(finding));
  out.pre_releases = out.pre_releases || file.manifest.pre_releases;
  stack.push_back(path);
  for (const auto& include : file.includes) {
    if (include.target.find("://") != std::string::npos) {
      Finding note{"scan.remote-include", Severity::Info,
                   fmt::format("`{}` includes a remote file, which is not read", include.target),
                   {include.origin}, {}, {}};
      out.findings.push_back(std::move(note));
      continue;
    }
    std::string dir = parent_dir(path);
    std::string target = include.target.starts_with("/")
                             ? std::string()
                             : normalize_relative(dir.empty() ? include.target : dir + "/" + include.target);
    if (target.empty()) {
      out.findings.push_back(input_error(
          "input.requirements-include",
          fmt::format("include `{}` points outside the project and is not read", include.target), include.origin));
      continue;
    }
    if (std::find(stack.begin(), stack.end(), target) != stack.end()) {
      std::string cycle;
      for (auto it = std::find(stack.begin(), stack.end(), target); it != stack.end(); ++it) cycle += *it + " -> ";
      out.findings.push_back(input_error("input.requirements-include-cycle",
                                         fmt::format("include cycle: {}{}", cycle, target), include.origin));
      continue;
    }
    if (!done.insert(target).second) continue;  // a diamond: read once
    // Distinct paths can name one file (through a symlink to `.`): bound the
    // chain and the fan-out so that such a tree cannot make the read explode.
    if (stack.size() >= k_max_include_depth || done.size() > k_max_included_files) {
      out.findings.push_back(input_error(
          "input.requirements-include",
          fmt::format("include `{}` not read: over {} levels or {} files of includes (a cycle through links?)",
                      include.target, k_max_include_depth, k_max_included_files),
          include.origin));
      continue;
    }
    auto included = load(target);
    if (!included) {
      out.findings.push_back(input_error(
          "input.requirements-include",
          fmt::format("included file `{}` cannot be read: {}", include.target, included.error()), include.origin));
      continue;
    }
    out.includes.push_back(target);
    RequirementsOptions inner = options;
    if (include.constraint) inner.scope = Scope::Constraint;
    read_recursive(target, *included, load, inner, stack, done, out, path);
  }
  stack.pop_back();
}

}  // namespace

RequirementsFile parse_requirements(std::string_view text, const std::string& path,
                                    const RequirementsOptions& options) {
  return Reader(text, path, options).run();
}

Manifest read_requirements(const std::string& path, const FileLoader& load, const RequirementsOptions& options) {
  Manifest out;
  out.path = path;
  out.kind = ManifestKind::Requirements;
  auto text = load(path);
  if (!text) {
    out.findings.push_back(input_error("input.unreadable", text.error(), Origin::file(path)));
    return out;
  }
  std::vector<std::string> stack;
  std::set<std::string> done{path};
  read_recursive(path, *text, load, options, stack, done, out, {});
  return out;
}

std::string normalize_relative(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(pos, slash - pos);
    if (part == "..") {
      if (parts.empty()) return {};
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    pos = slash + 1;
  }
  std::string out;
  for (auto part : parts) {
    if (!out.empty()) out += '/';
    out.append(part);
  }
  return out;
}

}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
#include "pep/metadata.h"

#include <algorithm>

#include "pep/detail/text.h"
#include "pep/name.h"

namespace mlstack::pep {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (detail::lower(a[i]) != detail::lower(b[i])) return false;
  }
  return true;
}

// Where a field's value lands; single fields hold a string, multiple-use
// fields a list.
struct FieldSlot {
  std::string_view name;
  std::string CoreMetadata::*single = nullptr;
  std::vector<std::string> CoreMetadata::*multiple = nullptr;
};

const FieldSlot k_fields[] = {
    {"Metadata-Version", &CoreMetadata::metadata_version},
    {"Name", &CoreMetadata::name},
    {"Version", &CoreMetadata::version},
    {"Summary", &CoreMetadata::summary},
    {"Description", &CoreMetadata::description},
    {"Description-Content-Type", &CoreMetadata::description_content_type},
    {"Keywords", &CoreMetadata::keywords},
    {"Home-page", &CoreMetadata::home_page},
    {"Download-URL", &CoreMetadata::download_url},
    {"Author", &CoreMetadata::author},
    {"Author-email", &CoreMetadata::author_email},
    {"Maintainer", &CoreMetadata::maintainer},
    {"Maintainer-email", &CoreMetadata::maintainer_email},
    {"License", &CoreMetadata::license},
    {"License-Expression", &CoreMetadata::license_expression},
    {"Requires-Python", &CoreMetadata::requires_python},
    {"Requires-Dist", nullptr, &CoreMetadata::requires_dist},
    {"Provides-Extra", nullptr, &CoreMetadata::provides_extra},
    {"Classifier", nullptr, &CoreMetadata::classifiers},
    {"Project-URL", nullptr, &CoreMetadata::project_urls},
    {"Platform", nullptr, &CoreMetadata::platforms},
    {"Supported-Platform", nullptr, &CoreMetadata::supported_platforms},
    {"Requires-External", nullptr, &CoreMetadata::requires_external},
    {"Provides-Dist", nullptr, &CoreMetadata::provides_dist},
    {"Obsoletes-Dist", nullptr, &CoreMetadata::obsoletes_dist},
    {"License-File", nullptr, &CoreMetadata::license_files},
    {"Dynamic", nullptr, &CoreMetadata::dynamic},
};

const FieldSlot* find_field(std::string_view name) {
  for (const FieldSlot& slot : k_fields) {
    if (iequals(slot.name, name)) return &slot;
  }
  return nullptr;
}

constexpr std::string_view k_metadata_versions[] = {"1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5"};

// One field as read: name, unfolded value, and where it started.
struct RawField {
  std::string_view name;
  std::string value;
  std::size_t line = 0;
};

// setuptools folds a multi-line Description as "first\n        |second";
// older tools indent continuation lines by eight spaces.
std::string unfold_description(const std::vector<std::string_view>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (i > 0) {
      out += '\n';
      if (line.substr(0, 8) == "        ") line.remove_prefix(8);
      else if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) line.remove_prefix(1);
      if (!line.empty() && line[0] == '|') line.remove_prefix(1);
    }
    out += line;
  }
  return out;
}

}  // namespace

Expected<CoreMetadata, ParseError> parse_metadata(std::string_view text) {
  CoreMetadata meta;
  std::vector<RawField> fields;
  std::vector<std::vector<std::string_view>> field_lines;
  std::size_t pos = 0, line_number = 0;
  std::size_t body_start = std::string_view::npos;
  auto problem = [&](std::string field, std::size_t line, std::string message, std::string_view input,
                     std::size_t start = 0, std::size_t len = std::string_view::npos) {
    if (len == std::string_view::npos) len = input.size();  // the whole value
    meta.problems.push_back({std::move(field), line, ParseError{std::move(message), start, len, std::string(input)}});
  };
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(pos, (end == std::string_view::npos ? text.size() : end) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number;
    if (line.empty()) {
      body_start = next;
      break;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
      field_lines.back().push_back(line);
    } else {
      std::size_t colon = line.find(':');
      bool valid_name = colon != std::string_view::npos && colon > 0 &&
                        std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon),
                                    [](char c) { return c > ' ' && c < 127; });
      if (!valid_name) {
        problem("", line_number, "not a \"Field: value\" line", line);
      } else {
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        fields.push_back({line.substr(0, colon), {}, line_number});
        field_lines.push_back({value});
      }
    }
    pos = next;
  }
  if (fields.empty()) {
    return unexpected(ParseError{"not a metadata file: no \"Field: value\" header", 0,
                                 std::min<std::size_t>(text.find('\n'), text.size()), std::string(text)});
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    RawField& field = fields[i];
    const FieldSlot* slot = find_field(field.name);
    if (slot && slot->name == "Description") {
      field.value = unfold_description(field_lines[i]);
    } else {
      // RFC 822 unfolding: the line break goes, the whitespace stays.
      for (std::string_view part : field_lines[i]) field.value += part;
    }
    while (!field.value.empty() && (field.value.back() == ' ' || field.value.back() == '\t')) field.value.pop_back();
    meta.headers.emplace_back(std::string(field.name), field.value);
    if (slot == nullptr) continue;  // unknown fields are kept in headers only
    if (slot->multiple) {
      (meta.*(slot->multiple)).push_back(field.value);
      continue;
    }
    std::string& target = meta.*(slot->single);
    bool repeated = std::any_of(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(i),
                                [&](const RawField& earlier) { return iequals(earlier.name, field.name); });
    if (repeated) {
      problem(std::string(slot->name), field.line, std::string(slot->name) + " appears more than once", field.value);
      continue;
    }
    target = field.value;
  }
  if (body_start != std::string_view::npos && body_start < text.size()) {
    std::string_view body = text.substr(body_start);
    if (!meta.description.empty() && !detail::strip_space(body).empty()) {
      problem("Description", 0, "both a Description field and a message body; the body is used", meta.description);
    }
    if (!detail::strip_space(body).empty()) meta.description = std::string(body);
  }

  auto line_of = [&](std::string_view name, std::size_t nth = 0) -> std::size_t {
    for (const RawField& field : fields) {
      if (iequals(field.name, name) && nth-- == 0) return field.line;
    }
    return 0;
  };
  if (meta.metadata_version.empty()) {
    problem("Metadata-Version", 0, "missing required field Metadata-Version", "");
  } else if (std::find(std::begin(k_metadata_versions), std::end(k_metadata_versions), meta.metadata_version) ==
             std::end(k_metadata_versions)) {
    problem("Metadata-Version", line_of("Metadata-Version"), "unknown metadata version", meta.metadata_version);
  }
  if (meta.name.empty()) {
    problem("Name", 0, "missing required field Name", "");
  } else if (!is_valid_name(meta.name)) {
    problem("Name", line_of("Name"), "invalid project name", meta.name);
  }
  if (meta.version.empty()) {
    problem("Version", 0, "missing required field Version", "");
  } else if (auto version = Version::parse(meta.version)) {
    meta.parsed_version = std::move(*version);
  } else {
    problem("Version", line_of("Version"), version.error().message, meta.version, version.error().start,
            version.error().len);
  }
  if (!meta.requires_python.empty()) {
    if (auto spec = SpecifierSet::parse(meta.requires_python)) {
      meta.parsed_requires_python = std::move(*spec);
    } else {
      problem("Requires-Python", line_of("Requires-Python"), spec.error().message, meta.requires_python,
              spec.error().start, spec.error().len);
    }
  }
  for (std::size_t i = 0; i < meta.requires_dist.size(); ++i) {
    if (auto req = Requirement::parse(meta.requires_dist[i])) {
      meta.requirements.push_back(std::move(*req));
    } else {
      problem("Requires-Dist", line_of("Requires-Dist", i), req.error().message, meta.requires_dist[i],
              req.error().start, req.error().len);
    }
  }
  for (std::size_t i = 0; i < meta.provides_extra.size(); ++i) {
    if (!is_valid_name(meta.provides_extra[i])) {
      problem("Provides-Extra", line_of("Provides-Extra", i), "invalid extra name", meta.provides_extra[i]);
    }
  }
  return meta;
}

}  // namespace mlstack::pep

// SPDX-License-Identifier: MIT
// read_distribution: one metadata folder (or .egg-link) to a Distribution.
#include <algorithm>
#include <strings.h>

#include <fmt/format.h>

#include "env/distribution.h"
#include "env/metadata_headers.h"
#include "env/record.h"
#include "pep/name.h"

namespace mlstack::env {
namespace {

bool key_is(std::string_view key, std::string_view name) {
  return key.size() == name.size() && strncasecmp(key.data(), name.data(), key.size()) == 0;
}

Finding dist_finding(std::string rule, Severity severity, std::string message, std::string path, std::size_t line = 0,
                     std::string detail = {}) {
  return Finding{std::move(rule), severity, std::move(message), {Origin::file(std::move(path), line)}, {}, std::move(detail)};
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (!line.empty()) lines.emplace_back(line);
    pos = end + 1;
  }
  return lines;
}

// METADATA or PKG-INFO into `dist`. False when the distribution cannot be named.
// Only the headers of METADATA are read: they end at the first blank line,
// and what follows (the long description) may be any size. Headers longer
// than this are not a real distribution's.
constexpr std::size_t k_max_metadata_headers = 1u << 20;

bool apply_core_metadata(const System& system, const std::string& path, Distribution& dist, std::vector<Finding>& findings) {
  auto text = system.read_head(path, k_max_metadata_headers + 1);
  if (!text) {
    bool missing = system.file_type(path) == FileType::Missing;
    findings.push_back(dist_finding(missing ? "input.dist-metadata-missing" : "input.dist-metadata-unreadable", Severity::Error,
                                    missing ? fmt::format("{} has no {} file; pip and importlib skip it", dist.metadata_dir, file_name(path))
                                            : fmt::format("cannot read {}", path),
                                    path, 0, text.error()));
    return false;
  }
  std::size_t blank = text->find("\n\n");
  if (std::size_t crlf = text->find("\r\n\r\n"); crlf < blank) blank = crlf;
  if (blank == std::string::npos && text->size() > k_max_metadata_headers) {
    findings.push_back(dist_finding("input.dist-metadata-too-large", Severity::Error,
                                    fmt::format("{} has headers longer than {} bytes; the distribution is skipped", path,
                                                k_max_metadata_headers),
                                    path));
    return false;
  }
  if (blank != std::string::npos) text->resize(blank + 1);  // the body is never looked at
  if (detail::looks_binary(*text)) {
    findings.push_back(dist_finding("input.dist-metadata-binary", Severity::Error,
                                    fmt::format("{} is not text (NUL bytes or invalid UTF-8); the distribution is skipped", path), path));
    return false;
  }
  std::size_t bad_line = 0;
  std::vector<detail::Header> headers = detail::scan_headers(*text, &bad_line);
  for (detail::Header& header : headers) {
    if (key_is(header.key, "Name")) dist.name = header.value;
    else if (key_is(header.key, "Version")) dist.version = header.value;
    else if (key_is(header.key, "Summary")) dist.summary = header.value;
    else if (key_is(header.key, "Requires-Python")) dist.requires_python = header.value;
    else if (key_is(header.key, "Requires-Dist")) dist.requires_dist.push_back(std::move(header.value));
    else if (key_is(header.key, "Provides-Extra")) dist.provides_extra.push_back(std::move(header.value));
  }
  if (dist.name.empty()) {
    findings.push_back(dist_finding("input.dist-metadata-no-name", Severity::Error,
                                    fmt::format("{} has no Name field; pip and importlib skip the distribution", path), path,
                                    bad_line));
    return false;
  }
  if (dist.version.empty())
    findings.push_back(dist_finding("input.dist-metadata-no-version", Severity::Error,
                                    fmt::format("{} names {} but has no Version field", path, dist.name), path));
  dist.canonical_name = pep::canonicalize_name(dist.name);
  return true;
}

void read_dist_info_files(const System& system, const std::string& dir, const std::string& prefix, Distribution& dist,
                          std::vector<Finding>& findings) {
  if (auto installer = system.read_file(dir + "/INSTALLER")) {
    auto lines = lines_of(*installer);
    if (!lines.empty()) dist.installer = lines.front();
  }
  dist.requested = system.file_type(dir + "/REQUESTED") == FileType::File;
  if (auto direct = system.read_file(dir + "/direct_url.json")) {
    std::string error;
    dist.direct_url = parse_direct_url(*direct, &error);
    if (!dist.direct_url) {
      findings.push_back(dist_finding("input.direct-url-json", Severity::Error, fmt::format("{}/direct_url.json: {}", dir, error),
                                      dir + "/direct_url.json"));
    } else if (dist.direct_url->editable) {
      dist.editable = true;
      const std::string& url = dist.direct_url->url;
      dist.editable_location = url.starts_with("file://") ? url.substr(7) : url;
    }
  }
  if (auto wheel = system.read_file(dir + "/WHEEL")) {
    for (detail::Header& header : detail::scan_headers(*wheel, nullptr)) {
      if (key_is(header.key, "Tag")) dist.wheel_tags.push_back(std::move(header.value));
      else if (key_is(header.key, "Generator")) dist.wheel_generator = std::move(header.value);
    }
  }
  if (auto record = system.read_file(dir + "/RECORD")) {
    RecordSummary summary = summarize_record(*record, dist.site_dir, prefix);
    dist.record_files = summary.files;
    dist.extension_modules = std::move(summary.extension_modules);
    dist.import_names = std::move(summary.import_names);
    if (!summary.escapes.empty()) {
      std::string listed;
      for (std::size_t i = 0; i < summary.escapes.size() && i < 5; ++i) listed += (i ? ", " : "") + summary.escapes[i].path;
      if (summary.escapes.size() > 5) listed += fmt::format(" and {} more", summary.escapes.size() - 5);
      findings.push_back(dist_finding("env.record-outside-environment", Severity::Warning,
                                      fmt::format("{} {} lists {} file(s) outside the environment {}: {}", dist.name, dist.version,
                                                  summary.escapes.size(), prefix, listed),
                                      dir + "/RECORD", summary.escapes.front().line));
    }
  }
}

void read_common_files(const System& system, const std::string& dir, Distribution& dist) {
  if (auto entry_points = system.read_file(dir + "/entry_points.txt")) dist.entry_points = parse_entry_points(*entry_points);
  if (auto top_level = system.read_file(dir + "/top_level.txt")) dist.top_level = lines_of(*top_level);
}

std::optional<Distribution> read_egg_info(const System& system, const std::string& site_dir, const std::string& path,
                                          bool is_file, std::vector<Finding>& findings) {
  Distribution dist;
  dist.kind = MetadataKind::EggInfo;
  dist.site_dir = site_dir;
  dist.metadata_dir = path;
  if (!apply_core_metadata(system, is_file ? path : path + "/PKG-INFO", dist, findings)) return std::nullopt;
  if (is_file) return dist;
  read_common_files(system, path, dist);
  // pip takes requires.txt only when PKG-INFO lists no Requires-Dist.
  if (dist.requires_dist.empty()) {
    if (auto requires_txt = system.read_file(path + "/requires.txt")) {
      std::vector<std::string> extras;
      dist.requires_dist = requires_txt_to_requires_dist(*requires_txt, &extras);
      if (dist.provides_extra.empty()) dist.provides_extra = std::move(extras);
    }
  }
  if (auto files = system.read_file(path + "/installed-files.txt")) dist.record_files = lines_of(*files).size();
  return dist;
}

}  // namespace

std::optional<Distribution> read_distribution(const System& system, const std::string& site_dir, const DirEntry& entry,
                                              const std::string& prefix, std::vector<Finding>& findings) {
  std::string path = site_dir + "/" + entry.name;
  FileType type = resolve(system, site_dir, entry);
  if (entry.name.ends_with(".dist-info")) {
    if (type != FileType::Directory) return std::nullopt;
    Distribution dist;
    dist.kind = MetadataKind::DistInfo;
    dist.site_dir = site_dir;
    dist.metadata_dir = path;
    if (!apply_core_metadata(system, path + "/METADATA", dist, findings)) return std::nullopt;
    read_dist_info_files(system, path, prefix, dist, findings);
    read_common_files(system, path, dist);
    return dist;
  }
  if (entry.name.ends_with(".egg-info")) {
    if (type != FileType::Directory && type != FileType::File) return std::nullopt;
    return read_egg_info(system, site_dir, path, type == FileType::File, findings);
  }
  if (entry.name.ends_with(".egg-link")) {
    // setup.py develop: the first line is the project folder holding the .egg-info.
    auto text = system.read_file(path);
    if (!text) return std::nullopt;
    auto lines = lines_of(*text);
    std::string target = lines.empty() ? std::string() : normalize_path(join_path(site_dir, lines.front()));
    auto entries = target.empty() ? decltype(system.list_dir(target))(unexpected(std::string("empty"))) : system.list_dir(target);
    if (entries) {
      for (const DirEntry& candidate : *entries) {
        if (!candidate.name.ends_with(".egg-info") || resolve(system, target, candidate) != FileType::Directory) continue;
        auto dist = read_egg_info(system, site_dir, target + "/" + candidate.name, false, findings);
        if (!dist) return std::nullopt;
        dist->kind = MetadataKind::EggLink;
        dist->editable = true;
        dist->editable_location = target;
        return dist;
      }
    }
    findings.push_back(dist_finding("env.broken-egg-link", Severity::Warning,
                                    fmt::format("{} points at {}, which holds no .egg-info; the link installs nothing", path,
                                                target.empty() ? "nothing" : target),
                                    path, 1));
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace mlstack::env

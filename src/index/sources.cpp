// SPDX-License-Identifier: MIT
#include "index/sources.h"

#include <algorithm>

#include <fmt/format.h>

#include "index/url.h"
#include "pep/name.h"

namespace mlstack::index {
namespace {

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// A URL, or a local folder for find-links (made a file:// URL).
Expected<std::string, std::string> source_url(std::string_view text, IndexSource::Kind kind, const std::string& cwd,
                                              CredentialStore& credentials) {
  if (is_http_url(text) || is_file_url(text)) {
    std::string url = credentials.take_from_url(text);
    return kind == IndexSource::Kind::Simple ? with_trailing_slash(url) : url;
  }
  if (text.find("://") != std::string_view::npos) {
    return unexpected(fmt::format("{}: an index must be an http(s):// or file:// URL, or a folder", redact(text)));
  }
  std::string url = path_to_file_url(text, cwd);
  return kind == IndexSource::Kind::Simple ? with_trailing_slash(url) : url;
}

}  // namespace

const char* to_string(IndexSource::Kind kind) { return kind == IndexSource::Kind::Simple ? "index" : "find-links"; }

std::string IndexConfig::fetch_url(std::string_view url) const {
  for (const auto& mirror : mirrors) {
    if (url.starts_with(mirror.from)) return mirror.to + std::string(url.substr(mirror.from.size()));
  }
  return std::string(url);
}

std::vector<std::size_t> IndexConfig::indexes_for(std::string_view canonical_name) const {
  std::vector<std::size_t> pinned, scoped_extra, scoped_default, extra, fallback;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const IndexSource& s = sources[i];
    if (s.kind != IndexSource::Kind::Simple) continue;
    bool named = !s.name.empty();
    bool in_scope = contains(s.packages, canonical_name);
    if (named && in_scope) {
      pinned.push_back(i);  // [tool.uv.sources] / Poetry `source =`: that index only
    } else if (s.explicit_only) {
      continue;
    } else if (!named && in_scope) {
      (s.is_default ? scoped_default : scoped_extra).push_back(i);  // an index option of the install command
    } else if (s.packages.empty()) {
      (s.is_default ? fallback : extra).push_back(i);
    }
  }
  if (!pinned.empty()) return pinned;
  std::vector<std::size_t> out = scoped_extra;
  out.insert(out.end(), extra.begin(), extra.end());
  // The command's own --index-url replaces the default index for its packages.
  const auto& defaults = scoped_default.empty() ? fallback : scoped_default;
  out.insert(out.end(), defaults.begin(), defaults.end());
  return out;
}

std::vector<std::size_t> IndexConfig::find_links() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < sources.size(); ++i)
    if (sources[i].kind == IndexSource::Kind::FindLinks) out.push_back(i);
  return out;
}

Expected<IndexConfig, std::string> build_index_config(const IndexOptions& options,
                                                      std::span<const project::IndexEntry> declared,
                                                      const std::string& cwd) {
  IndexConfig config;
  for (const auto& text : options.mirrors) {
    std::size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
      return unexpected(fmt::format("--index-mirror {}: expected FROM=TO", redact(text)));
    }
    std::string to = text.substr(eq + 1);
    if (!is_http_url(to) && !is_file_url(to)) {
      return unexpected(fmt::format("--index-mirror {}: TO must be an http(s):// or file:// URL", redact(text)));
    }
    config.mirrors.push_back(Mirror{text.substr(0, eq), config.credentials.take_from_url(to)});
  }

  std::vector<IndexSource> extras, defaults, links;
  auto add = [&](std::string_view url, IndexSource::Kind kind, Origin origin, std::vector<IndexSource>& into,
                 bool is_default, std::string name = {}, bool explicit_only = false,
                 std::vector<std::string> packages = {}) -> Expected<bool, std::string> {
    auto resolved = source_url(url, kind, cwd, config.credentials);
    if (!resolved) return unexpected(resolved.error());
    for (auto& p : packages) p = pep::canonicalize_name(p);
    // The same URL twice (a script repeating --extra-index-url): keep the first, widen its scope.
    for (auto& existing : into) {
      if (existing.url == *resolved && existing.name == name) {
        if (!existing.packages.empty() && !packages.empty()) {
          for (auto& p : packages)
            if (!contains(existing.packages, p)) existing.packages.push_back(p);
        } else {
          existing.packages.clear();
        }
        return true;
      }
    }
    IndexSource source;
    source.kind = kind;
    source.url = *resolved;
    source.name = std::move(name);
    source.is_default = is_default;
    source.explicit_only = explicit_only;
    source.packages = std::move(packages);
    source.origin = std::move(origin);
    into.push_back(std::move(source));
    return true;
  };

  for (const auto& url : options.extra_index_urls) {
    auto ok = add(url, IndexSource::Kind::Simple, Origin::machine("--extra-index-url"), extras, false);
    if (!ok) return unexpected(ok.error());
  }
  if (!options.index_url.empty()) {
    auto ok = add(options.index_url, IndexSource::Kind::Simple, Origin::machine("--index-url"), defaults, true);
    if (!ok) return unexpected(ok.error());
  }
  for (const auto& url : options.find_links) {
    auto ok = add(url, IndexSource::Kind::FindLinks, Origin::machine("--find-links"), links, false);
    if (!ok) return unexpected(ok.error());
  }
  bool no_index = options.no_index;
  if (!options.ignore_project_indexes) {
    for (const project::IndexEntry& entry : declared) {
      using Kind = project::IndexEntry::Kind;
      if (entry.kind == Kind::CondaChannel) continue;
      if (entry.kind == Kind::NoIndex) {
        // A file-wide --no-index; a command's --no-index only covers its packages.
        if (entry.packages.empty()) no_index = true;
        continue;
      }
      if (entry.url.empty()) continue;
      bool explicit_only = entry.priority == "explicit";
      // A project's own default index yields to --index-url.
      if (entry.kind == Kind::IndexUrl && !options.index_url.empty() && entry.packages.empty()) continue;
      auto kind = entry.kind == Kind::FindLinks ? IndexSource::Kind::FindLinks : IndexSource::Kind::Simple;
      auto& into = kind == IndexSource::Kind::FindLinks ? links : entry.kind == Kind::IndexUrl ? defaults : extras;
      // A declared URL that is not one (an unexpanded ${VAR}) is skipped: it names no index we could read.
      if (entry.url.find("${") != std::string::npos || entry.url.find("$(") != std::string::npos) continue;
      auto ok = add(entry.url, kind, entry.origin, into, entry.kind == Kind::IndexUrl, entry.name, explicit_only,
                    entry.packages);
      if (!ok) return unexpected(ok.error());
    }
  }
  bool has_global_default = std::any_of(defaults.begin(), defaults.end(), [](const IndexSource& s) {
    return s.packages.empty() && !s.explicit_only;
  });
  if (!has_global_default && !no_index) {
    IndexSource pypi;
    pypi.url = std::string(k_pypi_simple);
    pypi.name = "pypi";
    pypi.is_default = true;
    pypi.origin = Origin::machine("default index (PyPI)");
    defaults.push_back(std::move(pypi));
  }
  if (no_index) {
    extras.clear();
    defaults.clear();
  }
  config.sources = std::move(extras);
  for (auto& s : defaults) config.sources.push_back(std::move(s));
  for (auto& s : links) config.sources.push_back(std::move(s));
  return config;
}

}  // namespace mlstack::index

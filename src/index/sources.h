// SPDX-License-Identifier: MIT
// Which indexes are read, and in what order.
//
// Sources come from the command line (--index-url, --extra-index-url,
// --find-links, --no-index) and from the project (requirements files' -i /
// --extra-index-url / -f, install scripts, [[tool.uv.index]], Poetry
// sources). The order is uv's default ("first-index" strategy):
//   1. extra indexes, command line first, then the project's in file order;
//   2. the default index last: --index-url, else the project's index-url or
//      uv `default = true` index, else PyPI.
// A package is taken from the first index in that order that has it; later
// indexes never add versions to it (so a name on PyPI cannot shadow the one
// on an internal index). An index marked explicit (uv `explicit = true`,
// Poetry `priority = "explicit"`) serves only the packages pinned to it.
// --find-links pages and folders are always read, and their files join
// whichever index serves the package, as in pip and uv.
//
// Mirrors (--index-mirror FROM=TO) rewrite URL prefixes when fetching, for
// proxies such as an Artifactory in front of PyPI and download.pytorch.org;
// messages name the configured URL.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/expected.h"
#include "core/origin.h"
#include "index/credentials.h"
#include "project/manifest/declared.h"

namespace mlstack::index {

inline constexpr std::string_view k_pypi_simple = "https://pypi.org/simple/";

struct IndexSource {
  enum class Kind { Simple, FindLinks };
  Kind kind = Kind::Simple;
  std::string url;   // without credentials; Simple URLs end with '/'; a find-links folder is a file:// URL
  std::string name;  // "pytorch" (uv / Poetry name); "" for pip options
  bool is_default = false;     // the default index: consulted last
  bool explicit_only = false;  // serves only `packages`
  std::vector<std::string> packages;  // canonical names pinned to this index
  Origin origin;     // where it was configured: a file:line, or Origin::machine("--extra-index-url")
};

const char* to_string(IndexSource::Kind kind);  // "index", "find-links"

// What the command line says (global options of every verb that reads indexes).
struct IndexOptions {
  std::string index_url;                     // --index-url (replaces the default index)
  std::vector<std::string> extra_index_urls;  // --extra-index-url, in order
  std::vector<std::string> find_links;        // --find-links URL or folder
  bool no_index = false;                      // --no-index: find-links only
  bool ignore_project_indexes = false;        // --no-project-indexes
  std::vector<std::string> mirrors;           // --index-mirror FROM=TO
};

struct Mirror {
  std::string from;  // prefix, "https://download.pytorch.org/whl/"
  std::string to;    // "http://127.0.0.1:8080/pytorch/whl/"
};

struct IndexConfig {
  std::vector<IndexSource> sources;  // in priority order (find-links last; they join any index)
  std::vector<Mirror> mirrors;
  CredentialStore credentials;

  // `url` rewritten by the first mirror whose prefix matches, else itself.
  std::string fetch_url(std::string_view url) const;
  // The sources a package is looked up in, in order: the indexes pinned to it
  // (if any, only those), else every non-explicit index. Find-links excluded.
  std::vector<std::size_t> indexes_for(std::string_view canonical_name) const;
  std::vector<std::size_t> find_links() const;
};

// Builds the ordered configuration. Credentials in URLs move into the
// store; relative find-links folders resolve against `cwd`. Fails on a
// malformed --index-mirror or an index URL that is neither http(s), file://
// nor a folder.
Expected<IndexConfig, std::string> build_index_config(const IndexOptions& options,
                                                      std::span<const project::IndexEntry> declared,
                                                      const std::string& cwd);

}  // namespace mlstack::index

// SPDX-License-Identifier: MIT
#include "index/detail/page_builder.h"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "index/url.h"
#include "pep/name.h"

namespace mlstack::index::detail {

bool parse_hash_pair(std::string_view text, Hash& out) {
  std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 >= text.size()) return false;
  std::string algorithm, hex;
  for (char c : text.substr(0, eq)) algorithm += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char c : text.substr(eq + 1)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  out = Hash{std::move(algorithm), std::move(hex)};
  return true;
}

void add_file(ProjectPage& page, FileClassifier& classifier, DistFile file, std::string_view href,
              std::string_view base, std::string_view project, std::string_view fallback_name, std::string_view what) {
  std::string absolute = resolve_url(base, href);
  std::string_view frag = fragment(absolute);
  if (!frag.empty()) {
    Hash hash;
    if (parse_hash_pair(frag, hash)) {
      bool known = false;
      for (const auto& h : file.hashes) known = known || h.algorithm == hash.algorithm;
      if (!known) file.hashes.push_back(std::move(hash));
    }
  }
  // A page may put a token in file URLs; it never leaves the parser.
  file.url = split_credentials(strip_fragment(absolute)).url;
  if (file.filename.empty()) file.filename = last_segment(file.url);
  if (file.filename.empty()) file.filename = std::string(fallback_name);
  if (file.filename.empty()) {
    page.problems.push_back(fmt::format("{}: no file name in '{}'", what, redact(href)));
    return;
  }
  classifier.classify(file);
  if (!project.empty() && file.kind != FileKind::Other && file.name != project) {
    page.problems.push_back(fmt::format("{}: '{}' is a file of {}, not {}", what, file.filename, file.name, project));
    return;
  }
  page.files.push_back(std::move(file));
}

std::optional<int> api_major(std::string_view version) {
  std::size_t dot = version.find('.');
  std::string_view major = version.substr(0, dot);
  int value = 0;
  auto [ptr, ec] = std::from_chars(major.data(), major.data() + major.size(), value);
  if (ec != std::errc() || ptr != major.data() + major.size() || major.empty()) return std::nullopt;
  return value;
}

}  // namespace mlstack::index::detail

// SPDX-License-Identifier: MIT
// What the JSON and HTML page parsers share: turning one link's raw fields
// into a DistFile (resolve the URL, read hashes from the fragment, classify
// the filename, drop files of another project) and noting problems.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "index/dist_file.h"

namespace mlstack::index::detail {

// "sha256=ABC" -> {"sha256", "abc"}; false when it is not algo=hex.
bool parse_hash_pair(std::string_view text, Hash& out);

// Resolves `href` against the page, strips and reads the fragment hash,
// fills filename (from the href's last segment, else `fallback_name`),
// classifies it and appends it to the page unless it names another project.
// `what` prefixes problems ("files[3]", "link 12"). One `classifier` per
// page: each distinct wheel head and tag set is parsed once (torch's page
// lists thousands of wheels over a few dozen tag sets).
void add_file(ProjectPage& page, FileClassifier& classifier, DistFile file, std::string_view href,
              std::string_view base, std::string_view project, std::string_view fallback_name, std::string_view what);

// 1 for "1.0" / "1.1"; nullopt when not "major.minor".
std::optional<int> api_major(std::string_view version);

}  // namespace mlstack::index::detail

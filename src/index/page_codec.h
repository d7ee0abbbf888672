// SPDX-License-Identifier: MIT
// A compact binary form of a parsed ProjectPage for the cache, so a warm
// lookup reads one file and copies strings instead of parsing JSON or HTML
// again (uv keeps its parsed pages in the cache for the same reason).
// Length-prefixed fields, a magic and a version; any change of layout bumps
// the version, and an entry of another version decodes as a miss.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "index/dist_file.h"

namespace mlstack::index {

std::string encode_page(const ProjectPage& page);
// nullopt when the bytes are not a page of this codec version.
std::optional<ProjectPage> decode_page(std::string_view bytes);

}  // namespace mlstack::index

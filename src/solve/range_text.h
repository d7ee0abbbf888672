// SPDX-License-Identifier: MIT
// Version sets as people write them: ">=2.4,<2.6", "==2.3.1+cu121",
// "!=1.0", "any version". Explanations print sets the solver built by
// union and complement; simplify() first merges the pieces no known
// version lies between, so five adjacent pins read as one range (the
// complaint of uv#4075), and an empty set is never printed as a
// requirement (uv#3053): it reads "no version".
#pragma once

#include <span>
#include <string>

#include "pep/version.h"
#include "pep/version_ranges.h"

namespace mlstack::solve {

// The same versions of `known` (ascending), in as few intervals as the
// gaps between them allow; versions outside `known` may join or leave.
pep::VersionRanges simplify(const pep::VersionRanges& set, std::span<const pep::Version> known);

// ">=2.4,<2.6", "==2.3.1", "!=1.0", "<1.0 || >=2.0"; "" for every version,
// "no version" for none. Pieces join with " || ".
std::string range_text(const pep::VersionRanges& set);

// "torch>=2.4", "torch==2.3.1+cu121", "torch" (any version), "no version of torch".
std::string package_range_text(const std::string& name, const pep::VersionRanges& set);

}  // namespace mlstack::solve

// SPDX-License-Identifier: MIT
// The scan's judgement over what the readers found (not a public header of
// its own: project/scan.h holds the types). Parses each declaration, gives it
// a pin status, finds disagreements between sources and suggests bounds.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "project/scan.h"

namespace mlstack::project::detail {

// Parses one declaration (PEP 508, a bare URL or path with a wheel file name,
// a conda spec); a syntax error in a manifest becomes an input error finding.
ScannedRequirement scan_requirement(const DeclaredRequirement& declared, std::size_t manifest,
                                    ManifestKind kind, std::vector<Finding>& findings);

// Pin status of a parsed specifier set text ("<3,>=2.1").
PinStatus pin_status_of(std::string_view specifier);

// Fills result.disagreements and result.suggestions, and adds scan.* findings.
// `locked` maps canonical names to (version, where) from lock files.
void analyse(ScanResult& result, const std::map<std::string, std::pair<std::string, std::string>>& locked);

}  // namespace mlstack::project::detail

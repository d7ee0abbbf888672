// SPDX-License-Identifier: MIT
// Small text helpers shared by the manifest readers (not a public header).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "project/manifest/declared.h"

namespace mlstack::project::detail {

std::string_view trim(std::string_view text);

// Expands `${NAME}` (NAME of upper-case letters, digits and '_', as pip does)
// from `variables`; an unknown variable stays as written and, when `notes` is
// given, adds "${NAME} is not set here".
std::string expand_braced_variables(std::string_view text, const std::map<std::string, std::string>* variables,
                                    std::vector<std::string>* notes);

// Tells PEP 508 text from a bare URL or a local path, by its first token.
RequirementForm classify_requirement_text(std::string_view text);

// True for "https://", "git+https://", "file:" and other schemes pip accepts.
bool looks_like_url(std::string_view text);

}  // namespace mlstack::project::detail

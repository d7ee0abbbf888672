// SPDX-License-Identifier: MIT
// Virtual packages name the machine inside PEP 508 requirements, in the spirit
// of conda's __cuda / __glibc: "__cuda>=12.1", "__sm>=8.0", "__torch-cxx11abi==0".
// PEP 508 names must start with a letter or digit, so pep::Requirement::parse
// rejects them; parse_requirement reads both kinds.
#pragma once

#include <string_view>

#include "core/expected.h"
#include "core/parse_error.h"
#include "pep/requirement.h"

namespace mlstack::kb {

// The virtual packages the knowledge base uses.
inline constexpr std::string_view k_virtual_packages[] = {"__cuda", "__cuda-runtime", "__glibc",
                                                          "__sm",   "__torch-cxx11abi", "__python"};

// Starts with "__".
bool is_virtual_package(std::string_view name);

// A PEP 508 requirement whose name may be a virtual package. The name is kept
// as written ("__cuda"); errors point into `text`.
Expected<pep::Requirement, ParseError> parse_requirement(std::string_view text);

}  // namespace mlstack::kb

// SPDX-License-Identifier: MIT
// Levenshtein distance, for "did you mean" suggestions (a misspelt target
// field, an import that is a typo of a declared name, a flag of a README).
#pragma once

#include <cstddef>
#include <string_view>

namespace mlstack {

// Insertions, deletions and substitutions of one byte each to turn a into b.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace mlstack

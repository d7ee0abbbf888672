// SPDX-License-Identifier: MIT
// Decodes a quoted Python string literal ('...' or "...") the way
// ast.literal_eval does for packaging's marker values: escapes are applied,
// and literals Python rejects (a trailing backslash, "\x" without two hex
// digits, a raw newline) are errors. Not part of the public API.
#pragma once

#include <string>
#include <string_view>

namespace mlstack::pep::detail {

// token includes its quotes. Returns false when Python would reject it.
bool decode_python_string(std::string_view token, std::string* out);

}  // namespace mlstack::pep::detail

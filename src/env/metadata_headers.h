// SPDX-License-Identifier: MIT
// A fast, tolerant scan of the header block of METADATA / PKG-INFO (the
// email-header part before the first blank line): what an environment
// report needs from each of thousands of installed distributions, without
// reading the description body. Continuation lines (leading blank) join the
// previous value. Full validation of core metadata is pep/metadata's job.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mlstack::env::detail {

struct Header {
  std::string_view key;    // as written: "Requires-Dist"
  std::string value;       // continuation lines joined with '\n'
  std::size_t line = 0;    // 1-based
};

// Returns the headers in order; `bad_line` is set to the first line that is
// neither a header nor a continuation (0 when none).
std::vector<Header> scan_headers(std::string_view text, std::size_t* bad_line);

// True when `text` has NUL bytes or is not valid UTF-8 (binary garbage).
bool looks_binary(std::string_view text);

}  // namespace mlstack::env::detail

// SPDX-License-Identifier: MIT
// The first plain syntax error of a Python file, found by the tokenizer
// alone: a character or string that is not Python, a closing bracket that
// does not match, a bracket never closed. Not a parser: a file that passes
// may still not compile, but one that fails certainly does not, and a reader
// that read it statically says so instead of accepting it in silence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mlstack::project::python {

struct SyntaxProblem {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string what;  // "unterminated string", "`)` does not match `[` opened at line 3"
};

std::optional<SyntaxProblem> first_syntax_problem(std::string_view source);

}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
// The value of a Python string literal token, for the few places where the
// scanner needs what a string says (`importlib.import_module("pkg.mod")`,
// setup.py requirement lists, argparse option names).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlstack::project::python {

// Decodes one string token as written by the tokenizer (prefix, quotes,
// escapes): `'a\tb'`, `r"\d"`, `"""x"""`, `b'..'`. Escapes \n \t \r \\ \' \"
// \a \b \f \v \ooo \xhh \uXXXX \UXXXXXXXX and line continuations are
// decoded; \N{NAME} is kept as written. Returns nullopt for f-strings and
// t-strings, whose value is not static.
std::optional<std::string> string_literal_value(std::string_view token);

// True for a token that is an f-string or t-string.
bool is_format_string(std::string_view token);

}  // namespace mlstack::project::python

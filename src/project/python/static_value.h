// SPDX-License-Identifier: MIT
// Static values of Python expressions: what a literal, a list, a dict, a
// call or a name bound to one of those evaluates to, without running
// anything. Everything else is Unknown, with the reason and the source text,
// so that readers report it instead of guessing.
//
//   "-O3"                              -> String
//   ["-O3"] + generator_flag           -> List (if generator_flag is bound to a list)
//   {"cxx": [...], "nvcc": [...]}      -> Dict
//   CUDAExtension(name="x", ...)       -> Call "CUDAExtension" with its arguments
//   os.path.join(this_dir, "csrc")     -> Unknown "result of os.path.join()"
//   f"torch=={v}"                      -> Unknown "f-string"
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "project/python/tokenizer.h"

namespace mlstack::project::python {

struct StaticValueEntry;

struct StaticValue {
  enum class Kind : std::uint8_t { Unknown, String, Number, Bool, None, List, Dict, Call };

  Kind kind = Kind::Unknown;
  // String: the decoded value; Number/Bool: as written; Call: the dotted
  // callee ("CUDAExtension", "setuptools.Extension"); Unknown: the source text.
  std::string text;
  std::string reason;  // Unknown: why it is not static ("f-string", "result of os.path.join()")
  std::vector<StaticValue> items;  // List/tuple items; Call positional arguments
  std::vector<StaticValueEntry> entries;  // Dict (string keys) / Call keywords
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  // Added or bound under a condition (if/for/while/except at module level),
  // with the line of that condition.
  bool conditional = false;
  std::uint32_t condition_line = 0;
  // A Call to a function the reader does not model (items hold its arguments,
  // so a caller may look inside, but the call's result is not known).
  bool opaque_call = false;

  bool is_string() const { return kind == Kind::String; }
  // Keyword argument or dict entry by name, or nullptr.
  const StaticValue* find(std::string_view key) const;
};

// A dict entry or keyword argument. (A named struct rather than std::pair:
// a vector of an incomplete type is allowed, a pair of one is not.)
struct StaticValueEntry {
  std::string first;   // key
  StaticValue second;  // value
};

const char* to_string(StaticValue::Kind kind);

// Names bound to static values in one file, in statement order.
using Bindings = std::map<std::string, StaticValue, std::less<>>;

// Bounds against hostile files: an expression builds no value of more than
// k_max_static_nodes values (items, entries, calls; `reqs = reqs + reqs`
// sixteen times over would otherwise reach 65,536) and no string longer than
// k_max_static_string; past either the value is Unknown with that reason.
inline constexpr std::size_t k_max_static_nodes = 10000;
inline constexpr std::size_t k_max_static_string = 1u << 20;

// Number of values in `value` (itself, its items and entries, recursively),
// counting no further than `stop_after`.
std::size_t node_count(const StaticValue& value, std::size_t stop_after);

// Evaluates the expression in `tokens` (one expression, or a comma-separated
// tuple) against `bindings`. `source` is the file text, for Unknown's text.
StaticValue evaluate(std::span<const Token> tokens, const Bindings& bindings, std::string_view source);

// Index of the first top-level token equal to `op` in tokens, or tokens.size().
std::size_t find_top_level(std::span<const Token> tokens, std::string_view op, std::size_t from = 0);

// The source text covered by tokens[first..last], trimmed to `limit` bytes.
std::string source_text(std::span<const Token> tokens, std::string_view source, std::size_t limit = 200);

}  // namespace mlstack::project::python

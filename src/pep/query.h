// SPDX-License-Identifier: MIT
// One-shot questions about the standards, answered as JSON objects: the
// contract of `mlstack pep ... --jsonl` (documented in docs/pep.md). Each
// function takes one input object and returns one output object; bad input
// yields an error instead of a partial answer.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/parse_error.h"
#include "pep/marker.h"

namespace mlstack::pep {

enum class QueryKind { Version, Compare, Specifier, Marker, Requirement, Wheel };

struct QueryAnswer {
  nlohmann::ordered_json result;    // the output object (fields in documented order) when error is unset
  std::optional<ParseError> error;  // what was wrong with the input
};

// Answers `input` (e.g. {"version": "1.0-1"}). Marker questions take
// variables missing from input["environment"] from `defaults`.
QueryAnswer answer(QueryKind kind, const nlohmann::json& input, const MarkerEnvironment& defaults);

}  // namespace mlstack::pep

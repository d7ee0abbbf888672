// SPDX-License-Identifier: MIT
// `mlstack pep <question> --jsonl`: one JSON object per input line, one JSON
// line per answer, in order (docs/pep.md).
//
// pep::answer() over nlohmann::json defines every answer. Parsing each line
// into a json tree, building an ordered_json answer and dumping it costs
// about 10 us a line, twenty times the question itself; so flat input lines
// (string, null, true and false values, ASCII) of the version, compare,
// specifier, requirement and marker questions take a fast path that reads the
// fields in place and writes the answer text directly. Everything else —
// nested objects (a marker's "environment", a wheel's "target"), \u escapes,
// non-ASCII text, numbers, and every line whose answer is an error — goes
// through pep::answer(). tests/cli/pep_batch_test.cpp holds the two paths to
// the same bytes on the packaging vectors.
#pragma once

#include <string>
#include <string_view>

#include "pep/marker.h"
#include "pep/query.h"

namespace mlstack::cli {

// Appends the answer to one input line (without its '\n'), and a '\n'.
void answer_line(pep::QueryKind kind, std::string_view line, const pep::MarkerEnvironment& defaults, std::string& out);

// The same through pep::answer() and nlohmann::json alone (the reference).
void answer_line_reference(pep::QueryKind kind, std::string_view line, const pep::MarkerEnvironment& defaults,
                           std::string& out);

// The fast path alone: false (and `out` unchanged) when the line needs the reference path.
bool answer_line_fast(pep::QueryKind kind, std::string_view line, const pep::MarkerEnvironment& defaults,
                      std::string& out);

}  // namespace mlstack::cli

// SPDX-License-Identifier: MIT
// JSON values as text: byte for byte what nlohmann's
// value.dump(indent, ' ', false, error_handler_t::replace) writes, without
// its per-character work.
//
// Why: nlohmann's serializer runs every byte of every string through a UTF-8
// decoder and writes through a virtual output adapter; a warm
// `mlstack index` of 100 packages writes half a megabyte of JSON, and the
// dump was a sixth of the run. Almost every string mlstack writes (names,
// versions, URLs, hashes) is plain ASCII with nothing to escape; those are
// copied whole. A string with a byte of 0x80 or more is handed to nlohmann
// itself, so invalid UTF-8 gets exactly its replacement characters, and a
// float is written by nlohmann's own shortest-round-trip printer: the two
// cases where matching it by hand would be a second implementation.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mlstack::report {

// Appends `value` to `out`. indent < 0: compact ("{\"a\":1}"); otherwise each
// member on its own line, `indent` spaces per level, starting at `level`
// levels in (the first line is not indented: the caller has placed it).
void append_json(std::string& out, const nlohmann::json& value, int indent, int level = 0);
void append_json(std::string& out, const nlohmann::ordered_json& value, int indent, int level = 0);

// The members of an object as they stand inside it at `level`, each on its
// own indented line, separated by ",\n", no braces; nothing for an empty
// object or a value that is not one. Pretty (indent >= 0) only. Lets a
// caller write one object's members into another's.
void append_json_members(std::string& out, const nlohmann::json& object, int indent, int level);
void append_json_members(std::string& out, const nlohmann::ordered_json& object, int indent, int level);

// `text` quoted and escaped as nlohmann's dump writes it, when every byte is
// ASCII; false, with `out` unchanged, for any byte of 0x80 or more (whose
// replacement of invalid UTF-8 is nlohmann's own: a caller that writes JSON
// by hand falls back to nlohmann for such text).
bool append_ascii_json_string(std::string& out, std::string_view text);

// append_json into a new string: equals value.dump(indent, ' ', false, replace).
std::string dump_json(const nlohmann::json& value, int indent);
std::string dump_json(const nlohmann::ordered_json& value, int indent);

}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
// dump_json against nlohmann's own dump over arbitrary input: the bytes as a
// JSON document when they parse, and always as strings, keys and a nested
// value made of them (invalid UTF-8 and control characters included). Any
// difference aborts.
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "report/json_text.h"

namespace {

template <typename Json>
void same(const Json& value) {
  for (int indent : {-1, 0, 2, 3}) {
    if (mlstack::report::dump_json(value, indent) != value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace)) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_discarded()) same(parsed);
  nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(text, nullptr, false);
  if (!ordered.is_discarded()) same(ordered);
  std::string half = text.substr(0, size / 2), rest = text.substr(size / 2);
  nlohmann::json built = nlohmann::json::object();
  built[half] = rest;
  built[rest] = nlohmann::json::array({text, half, nlohmann::json::object({{text, nullptr}})});
  same(nlohmann::json(text));
  same(built);
  return 0;
}

// SPDX-License-Identifier: MIT
// Marker::parse must never crash; evaluation never crashes; the printed form
// of a marker parses to a marker that prints the same.
#include <cstdlib>
#include <string_view>

#include "pep/marker.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto marker = mlstack::pep::Marker::parse(text);
  if (!marker) return 0;
  static const auto env = [] {
    mlstack::pep::Platform platform;
    platform.python_version = *mlstack::pep::Version::parse("3.11.7");
    return mlstack::pep::marker_environment(platform);
  }();
  (void)marker->evaluate_checked(env);
  std::string printed = marker->str();
  auto again = mlstack::pep::Marker::parse(printed);
  // Values holding both quote characters, a backslash or a line break (from
  // an escape such as \n) print as packaging prints them and do not parse
  // back; the fuzzer found the backslash and line-break cases.
  bool printable = (printed.find('"') == std::string::npos || printed.find('\'') == std::string::npos) &&
                   printed.find_first_of(std::string_view("\\\n\r\0", 4)) == std::string::npos;
  if (printable && (!again || again->str() != printed)) std::abort();
  return 0;
}

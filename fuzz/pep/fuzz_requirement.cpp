// SPDX-License-Identifier: MIT
// Requirement::parse must never crash; a parsed requirement prints to a
// string that parses back to an equal requirement.
#include <cstdlib>
#include <string_view>

#include "pep/requirement.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto req = mlstack::pep::Requirement::parse(text);
  if (!req) return 0;
  std::string printed = req->str();
  // As in fuzz_marker: both quote kinds, a backslash or a line break in a marker value do
  // not survive printing, exactly as with packaging's str(Requirement).
  bool printable = (printed.find('"') == std::string::npos || printed.find('\'') == std::string::npos) &&
                   printed.find_first_of(std::string_view("\\\n\r\0", 4)) == std::string::npos;
  auto again = mlstack::pep::Requirement::parse(printed);
  if (printable && (!again || !(*again == *req))) std::abort();
  return 0;
}

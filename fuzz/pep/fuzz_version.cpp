// SPDX-License-Identifier: MIT
// Version::parse must never crash, and a parsed version prints to a string
// that parses back to an equal version with the same text.
#include <cstdlib>
#include <string_view>

#include "pep/version.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto version = mlstack::pep::Version::parse(text);
  if (!version) return 0;
  auto again = mlstack::pep::Version::parse(version->str());
  if (!again || !(*again == *version) || again->str() != version->str()) std::abort();
  return 0;
}

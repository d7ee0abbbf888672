// SPDX-License-Identifier: MIT
// SpecifierSet::parse must never crash; a parsed set prints to a string that
// parses back to an equal set answering the same way.
#include <cstdlib>
#include <string_view>

#include "pep/specifier.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto set = mlstack::pep::SpecifierSet::parse(text);
  if (!set) return 0;
  auto again = mlstack::pep::SpecifierSet::parse(set->str());
  if (!again || !(*again == *set)) std::abort();
  for (std::string_view probe : {"0", "1.0", "1.0a1", "2.4.1+cu121", "1!2.0.post1.dev3", "foo"}) {
    if (set->contains(probe) != again->contains(probe)) std::abort();
  }
  return 0;
}

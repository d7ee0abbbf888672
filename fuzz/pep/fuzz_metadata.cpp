// SPDX-License-Identifier: MIT
// parse_metadata must never crash on any bytes; every problem it reports
// carries a span inside its own input.
#include <cstdlib>
#include <string_view>

#include "pep/metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto meta = mlstack::pep::parse_metadata(text);
  if (!meta) return 0;
  for (const auto& problem : meta->problems) {
    if (problem.error.start > problem.error.input.size()) std::abort();
    (void)mlstack::render(problem.error);
  }
  return 0;
}

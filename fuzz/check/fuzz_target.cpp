// SPDX-License-Identifier: MIT
// Fuzzes `--target SPEC` (check::parse_target): key=value pairs, Python and
// CUDA versions, sm lists joined with '+', the ABI flag, glibc, driver and
// toolkit versions.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check/stack.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto platform = mlstack::check::parse_target(text);
  return platform ? 0 : 0;
}

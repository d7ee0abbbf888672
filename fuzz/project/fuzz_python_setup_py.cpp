// SPDX-License-Identifier: MIT
// Reads arbitrary bytes as a setup.py: no crash, no hang; every unresolved
// note names what it is about.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "project/python/setup_py.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mlstack::project::python;
  std::string_view source(reinterpret_cast<const char*>(data), size);
  SetupPy setup = read_setup_py(source);
  for (const Unresolved& u : setup.unresolved)
    if (u.what.empty()) __builtin_trap();
  for (const SetupExtension& e : setup.extensions)
    for (const GpuArch& a : e.archs)
      if (a.capability <= 0) __builtin_trap();
  return 0;
}

// SPDX-License-Identifier: MIT
// Fuzzes the setup.cfg reader: INI sections and continuation lines,
// install_requires / extras_require / setup_requires, python_requires, file:
// references.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "project/manifest/setup_cfg.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  mlstack::project::Manifest manifest = mlstack::project::parse_setup_cfg(text, "setup.cfg");
  return static_cast<int>(manifest.requirements.size() * 0);
}

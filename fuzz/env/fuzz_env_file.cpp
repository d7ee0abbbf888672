// SPDX-License-Identifier: MIT
// Fuzzes the saved-environment reader (what `--env-file` accepts): any bytes
// must give a value or an error message, never an exception or a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "env/env_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = mlstack::env::parse_env_file(text, "fuzz.json");
  if (file) (void)mlstack::env::to_json(file->environment);
  return 0;
}

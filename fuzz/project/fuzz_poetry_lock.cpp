// SPDX-License-Identifier: MIT
// Fuzzes the lock-file reader on poetry.lock: TOML syntax, the field types of each
// entry (a field of the wrong type is an input.lock-type error), packages,
// sources, wheels and markers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "project/lock/lock_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  mlstack::project::LockFile lock = mlstack::project::parse_lock_file(text, "poetry.lock");
  return static_cast<int>(lock.packages.size() * 0);
}

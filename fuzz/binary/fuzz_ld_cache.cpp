// SPDX-License-Identifier: MIT
// Fuzzes the /etc/ld.so.cache reader: the old and new headers, entry
// offsets into the string table, and lookups by soname for both machines.
#include <cstddef>
#include <cstdint>
#include <span>

#include "binary/ld_cache.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mlstack::binary;
  auto cache = LdCache::parse(std::span<const std::uint8_t>(data, size));
  if (!cache) return 0;
  for (const char* name : {"libc.so.6", "libcuda.so.1", "libstdc++.so.6", ""}) {
    (void)cache->find(name, ElfMachine::X86_64);
    (void)cache->find(name, ElfMachine::AArch64);
  }
  return static_cast<int>(cache->size() * 0);
}

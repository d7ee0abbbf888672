// SPDX-License-Identifier: MIT
// LdCache: the dynamic loader's cache of library names (/etc/ld.so.cache),
// read directly in glibc's "glibc-ld.so.cache1.1" format so that mlstack finds
// libraries exactly where ld.so would without running ldconfig -p.
//
// Layout (glibc elf/cache.h, struct cache_file_new): a 48-byte header
//   char magic[17] "glibc-ld.so.cache", char version[3] "1.1",
//   u32 nlibs, u32 len_strings, u8 flags, u8 pad[3], u32 extension_offset, u32 unused[3]
// then nlibs 24-byte entries
//   i32 flags, u32 key, u32 value, u32 osversion, u64 hwcap
// whose key (soname) and value (path) are offsets from the start of the new
// header. Old files put a "ld.so-1.7.0" table first; the new header follows
// it, 8-byte aligned. Entry flags say the ABI: low byte 3 is libc6 ELF, bits
// 8-11 the architecture (x86-64 0x0300, AArch64 0x0a00).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "binary/elf_file.h"
#include "core/expected.h"

namespace mlstack::binary {

class LdCache {
 public:
  // Reads a cache file; a missing file is an error the caller may ignore.
  static Expected<LdCache, std::string> load(const std::string& path = "/etc/ld.so.cache");
  static Expected<LdCache, std::string> parse(std::span<const std::uint8_t> bytes);

  // The path for a soname built for `machine`, or empty. The first entry wins,
  // as in the loader (ldconfig writes hwcaps subdirectories first).
  std::string_view find(std::string_view soname, ElfMachine machine) const;
  std::size_t size() const { return m_x86_64.size() + m_aarch64.size(); }

 private:
  std::unordered_map<std::string, std::string> m_x86_64;
  std::unordered_map<std::string, std::string> m_aarch64;
};

}  // namespace mlstack::binary

// SPDX-License-Identifier: MIT
// Fuzzes the ELF reader: header, sections, .dynamic, version tables, every
// symbol, hash-table lookups and the fatbin walk over the same bytes.
#include <cstddef>
#include <cstdint>
#include <span>

#include "binary/cxx_abi.h"
#include "binary/elf_file.h"
#include "binary/fatbin.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto elf = mlstack::binary::ElfFile::parse(std::span<const std::uint8_t>(data, size));
  if (!elf) return 0;
  auto symbols = elf->dynamic_symbols();
  if (symbols) {
    (void)mlstack::binary::detect_cxx_abi(*symbols);
    for (std::size_t i = 0; i < symbols->size() && i < 64; ++i) {
      (void)elf->find_definition((*symbols)[i].name, (*symbols)[i].version);
    }
  }
  (void)elf->find_definition("malloc", "GLIBC_2.2.5");
  (void)mlstack::binary::list_fatbins(*elf);
  return 0;
}

// SPDX-License-Identifier: MIT
// Fuzzes the ELF reader: header, sections, .dynamic, version tables, every
// symbol, hash-table lookups and the fatbin walk over the same bytes, with the
// reads made of a library's fatbins beyond the fatbin sections.
#include <cstddef>
#include <cstdint>
#include <span>

#include "binary/cxx_abi.h"
#include "binary/elf_file.h"
#include "binary/fatbin.h"
#include "binary/gpu_support.h"

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
  // What a shared library of an environment gets: kernel-less stubs marked,
  // fatbins searched for in the data sections, the verdict over all fatbins.
  auto listing = mlstack::binary::list_fatbins(*elf);
  (void)mlstack::binary::mark_codeless_cubins(*elf, listing);
  mlstack::binary::add_embedded_fatbins(*elf, listing);
  for (unsigned major : {7u, 8u, 9u, 10u}) (void)mlstack::binary::evaluate_library(listing, {major, 0});
  return 0;
}

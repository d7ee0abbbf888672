// SPDX-License-Identifier: MIT
// Fuzzes the ELF reader: header, sections, .dynamic, version tables, every
// symbol, hash-table lookups and the fatbin walk over the same bytes, with the
// reads made of a library's fatbins beyond the fatbin sections. Then the same
// bytes as a file (a memfd, read with pread by ElfFile::open): the answers
// of the two readers must agree, else the target aborts.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "binary/cxx_abi.h"
#include "binary/elf_file.h"
#include "binary/fatbin.h"
#include "binary/gpu_support.h"

namespace {

// The same questions through the file reader; aborts when an answer differs.
void compare_with_file(const mlstack::binary::ElfFile& memory, const std::uint8_t* data, std::size_t size) {
  int fd = memfd_create("fuzz_elf", MFD_CLOEXEC);
  if (fd < 0) return;
  if (write(fd, data, size) != static_cast<ssize_t>(size)) {
    close(fd);
    return;
  }
  auto file = mlstack::binary::ElfFile::open("/proc/self/fd/" + std::to_string(fd));
  close(fd);
  if (!file) std::abort();  // the bytes parsed in memory
  if (file->needed() != memory.needed() || file->soname() != memory.soname()) std::abort();
  auto a = memory.dynamic_symbols();
  auto b = file->dynamic_symbols();
  if (a.has_value() != b.has_value()) std::abort();
  if (a && b) {
    if (a->size() != b->size()) std::abort();
    for (std::size_t i = 0; i < a->size(); ++i)
      if ((*a)[i].name != (*b)[i].name || (*a)[i].version != (*b)[i].version) std::abort();
  }
  auto la = mlstack::binary::list_fatbins(memory);
  auto lb = mlstack::binary::list_fatbins(*file);
  mlstack::binary::add_embedded_fatbins(memory, la);
  mlstack::binary::add_embedded_fatbins(*file, lb);
  if (la.entries.size() != lb.entries.size() || la.fatbins != lb.fatbins || la.errors.size() != lb.errors.size())
    std::abort();
  for (std::size_t i = 0; i < la.entries.size(); ++i)
    if (la.entries[i].offset != lb.entries[i].offset || la.entries[i].arch != lb.entries[i].arch) std::abort();
  if (memory.find_definition("malloc", "GLIBC_2.2.5").has_value() != file->find_definition("malloc", "GLIBC_2.2.5").has_value())
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto elf = mlstack::binary::ElfFile::parse(std::span<const std::uint8_t>(data, size));
  if (!elf) return 0;
  compare_with_file(*elf, data, size);
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

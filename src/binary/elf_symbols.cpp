// SPDX-License-Identifier: MIT
// ElfFile: dynamic symbols, their versions, and lookups through the file's own
// hash tables. Looking a name up through .gnu.hash touches one bucket and a
// short chain, as the dynamic loader does, instead of indexing every symbol of
// a 100k-symbol libtorch.
#include <elf.h>

#include <fmt/format.h>

#include "binary/elf_file.h"

namespace mlstack::binary {
namespace {

ElfError from(detail::ReadError error) { return ElfError{std::move(error.message), error.offset}; }

// The System V ELF hash (gABI "Hash Table" figure).
std::uint32_t sysv_hash(std::string_view name) {
  std::uint32_t h = 0;
  for (unsigned char c : name) {
    h = (h << 4) + c;
    std::uint32_t g = h & 0xf0000000u;
    if (g) h ^= g >> 24;
    h &= ~g;
  }
  return h;
}

}  // namespace

std::uint32_t gnu_hash(std::string_view name) {
  std::uint32_t h = 5381;
  for (unsigned char c : name) h = h * 33 + c;
  return h;
}

Expected<DynamicSymbol, ElfError> ElfFile::symbol_at(std::uint64_t index) const {
  const auto& r = m_reader;
  const std::uint64_t at = m_dynsym->offset + index * sizeof(Elf64_Sym);
  auto bytes = r.peek(at, sizeof(Elf64_Sym), "dynamic symbol");
  if (!bytes) return unexpected(from(std::move(bytes).error()));
  auto name_offset = detail::ByteReader::decode<std::uint32_t>(*bytes, offsetof(Elf64_Sym, st_name));
  auto info = (*bytes)[offsetof(Elf64_Sym, st_info)];
  auto section = detail::ByteReader::decode<std::uint16_t>(*bytes, offsetof(Elf64_Sym, st_shndx));
  DynamicSymbol symbol;
  auto name = r.cstring(m_dynstr->offset + name_offset, m_dynstr->offset + m_dynstr->size, "dynamic symbol name");
  if (!name) {
    auto error = from(std::move(name).error());
    error.message = fmt::format("symbol {}: {}", index, error.message);
    return unexpected(std::move(error));
  }
  symbol.name = *name;
  symbol.defined = section != SHN_UNDEF;
  symbol.weak = ELF64_ST_BIND(info) == STB_WEAK;
  symbol.type = ELF64_ST_TYPE(info);
  if (m_versym && m_versym->size / 2 > index) {
    auto version = r.u16(m_versym->offset + index * 2, "symbol version index");
    if (!version) return unexpected(from(std::move(version).error()));
    const std::uint16_t raw = *version;
    const std::uint16_t slot = raw & 0x7fff;
    symbol.hidden_version = (raw & 0x8000) != 0;
    if (slot > 1 && slot < m_version_names.size()) {
      const auto& v = m_version_names[slot];
      if (!v.base) symbol.version = v.name;
      symbol.version_file = symbol.defined ? std::string_view{} : v.file;
    }
  }
  return symbol;
}

Expected<std::vector<DynamicSymbol>, ElfError> ElfFile::dynamic_symbols() const {
  std::vector<DynamicSymbol> symbols;
  if (!m_dynsym) return symbols;
  pin_symbol_tables();
  symbols.reserve(m_symbol_count);
  for (std::uint64_t i = 1; i < m_symbol_count; ++i) {
    auto symbol = symbol_at(i);
    if (!symbol) return unexpected(std::move(symbol).error());
    symbols.push_back(*symbol);
  }
  return symbols;
}

bool ElfFile::symbol_matches(std::uint64_t index, std::string_view name, std::string_view version,
                             DynamicSymbol& out) const {
  // Cheap rejections first: binding, visibility, definedness and the name,
  // read straight from the 24-byte entry; versions only for a name match.
  const std::uint64_t at = m_dynsym->offset + index * sizeof(Elf64_Sym);
  auto entry = m_reader.peek(at, sizeof(Elf64_Sym), "dynamic symbol");
  if (!entry) return false;
  const auto info = (*entry)[offsetof(Elf64_Sym, st_info)];
  const auto other = (*entry)[offsetof(Elf64_Sym, st_other)];
  const auto section = detail::ByteReader::decode<std::uint16_t>(*entry, offsetof(Elf64_Sym, st_shndx));
  const auto bind = ELF64_ST_BIND(info);
  if (section == SHN_UNDEF) return false;
  // Only global and weak definitions are visible to other objects.
  if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE) return false;
  const auto visibility = ELF64_ST_VISIBILITY(other);
  if (visibility == STV_HIDDEN || visibility == STV_INTERNAL) return false;
  const auto name_offset = detail::ByteReader::decode<std::uint32_t>(*entry, offsetof(Elf64_Sym, st_name));
  if (!m_reader.equals_cstring(m_dynstr->offset + name_offset, m_dynstr->offset + m_dynstr->size, name)) return false;
  auto symbol = symbol_at(index);
  if (!symbol) return false;
  if (!version.empty()) {
    // A library without version definitions accepts any versioned reference,
    // and so does an unversioned, non-hidden definition (glibc
    // dl-lookup.c check_match: a definition whose version slot has no name).
    if (m_version_defs.empty() || symbol->version == version ||
        (symbol->version.empty() && !symbol->hidden_version)) {
      out = *symbol;
      return true;
    }
    return false;
  }
  // An unversioned reference binds to the default definition, never to a
  // hidden compatibility one.
  if (symbol->hidden_version) return false;
  out = *symbol;
  return true;
}

std::optional<DynamicSymbol> ElfFile::find_definition(std::string_view name, std::string_view version) const {
  return find_definition(name, version, gnu_hash(name));
}

std::optional<DynamicSymbol> ElfFile::find_definition(std::string_view name, std::string_view version,
                                                      std::uint32_t hash) const {
  if (!m_dynsym || !m_dynstr) return std::nullopt;
  pin_symbol_tables();
  const auto& r = m_reader;
  DynamicSymbol found;
  if (m_gnu_hash) {
    const auto& g = m_gnu;
    if (!g.valid) return std::nullopt;
    const std::uint32_t h = hash;
    // The Bloom filter rules out most misses with one word: the common case
    // when a symbol is looked up in each library of a load set in turn.
    auto word = r.u64(g.bloom + ((h / 64) % g.bloom_size) * 8, ".gnu.hash bloom word");
    if (!word) return std::nullopt;
    const std::uint64_t mask = (std::uint64_t{1} << (h % 64)) | (std::uint64_t{1} << ((g.bloom_shift < 32 ? h >> g.bloom_shift : 0) % 64));
    if ((*word & mask) != mask) return std::nullopt;
    auto start = r.u32(g.buckets + (h % g.nbuckets) * 4, ".gnu.hash bucket");
    if (!start || *start == 0 || *start < g.symoffset) return std::nullopt;
    for (std::uint64_t index = *start; index < m_symbol_count; ++index) {
      auto chain = r.u32(g.chains + (index - g.symoffset) * 4, ".gnu.hash chain");
      if (!chain) return std::nullopt;
      if ((*chain | 1) == (h | 1) && symbol_matches(index, name, version, found)) return found;
      if (*chain & 1) break;  // end of this bucket's chain
    }
    return std::nullopt;
  }
  if (m_sysv_hash) {
    const std::uint64_t base = m_sysv_hash->offset;
    auto nbucket = r.u32(base, ".hash nbucket");
    auto nchain = r.u32(base + 4, ".hash nchain");
    if (!nbucket || !nchain || *nbucket == 0) return std::nullopt;
    auto index = r.u32(base + 8 + (sysv_hash(name) % *nbucket) * 4, ".hash bucket");
    // The chain is a linked list through indices: bound it by the symbol count.
    for (std::uint64_t steps = 0; index && *index != 0 && *index < m_symbol_count && steps < m_symbol_count; ++steps) {
      if (symbol_matches(*index, name, version, found)) return found;
      index = r.u32(base + 8 + (std::uint64_t{*nbucket} + *index) * 4, ".hash chain");
    }
    return std::nullopt;
  }
  for (std::uint64_t index = 1; index < m_symbol_count; ++index) {
    if (symbol_matches(index, name, version, found)) return found;
  }
  return std::nullopt;
}

}  // namespace mlstack::binary

// SPDX-License-Identifier: MIT
// ElfFile: header, section table, .dynamic and version tables. Symbols and
// hash lookups are in elf_symbols.cpp.
#include "binary/elf_file.h"

#include <elf.h>

#include <utility>

#include <fmt/format.h>

namespace mlstack::binary {
namespace {

// The loader ignores anything past this many version indices (15 bits).
constexpr std::uint64_t k_max_version_index = 0x7fff;
// Chains in .gnu.version_r/_d are linked lists in the file: bound the walk so a
// cycle cannot loop forever. No real library needs more than a few hundred.
constexpr std::uint64_t k_max_version_entries = 1 << 16;

ElfError from(detail::ReadError error) { return ElfError{std::move(error.message), error.offset}; }

#define ELF_TRY(var, expr)                                    \
  auto var##_r_ = (expr);                                     \
  if (!var##_r_) return unexpected(from(std::move(var##_r_).error())); \
  auto var = *var##_r_

}  // namespace

const char* to_string(ElfMachine machine) {
  switch (machine) {
    case ElfMachine::X86_64: return "x86_64";
    case ElfMachine::AArch64: return "aarch64";
  }
  return "x86_64";
}

std::string describe_file_reads() {
  detail::ReadTotals totals = detail::read_totals();
  return fmt::format("read {:.1f} MB of {:.1f} MB in {} files ({} reads)", static_cast<double>(totals.bytes) / 1e6,
                     static_cast<double>(totals.file_bytes) / 1e6, totals.files, totals.reads);
}

std::string to_string(const ElfError& error) {
  if (error.offset == 0) return error.message;
  return fmt::format("offset {:#x}: {}", error.offset, error.message);
}

Expected<ElfFile, ElfError> ElfFile::open(const std::string& path, AccessMeter* meter) {
  auto source = detail::FileSource::open(path);
  if (!source) return unexpected(ElfError{source.error(), 0});
  ElfFile file;
  file.m_source = std::move(*source);
  file.m_reader = detail::ByteReader(file.m_source.get(), meter);
  if (auto ok = file.read_header(); !ok) return unexpected(ok.error());
  if (auto ok = file.read_sections(); !ok) return unexpected(ok.error());
  if (auto ok = file.read_dynamic(); !ok) return unexpected(ok.error());
  if (auto ok = file.read_versions(); !ok) return unexpected(ok.error());
  return file;
}

Expected<ElfFile, ElfError> ElfFile::parse(std::span<const std::uint8_t> bytes, AccessMeter* meter) {
  ElfFile file;
  file.m_reader = detail::ByteReader(bytes, meter);
  if (auto ok = file.read_header(); !ok) return unexpected(ok.error());
  if (auto ok = file.read_sections(); !ok) return unexpected(ok.error());
  if (auto ok = file.read_dynamic(); !ok) return unexpected(ok.error());
  if (auto ok = file.read_versions(); !ok) return unexpected(ok.error());
  return file;
}

Expected<bool, ElfError> ElfFile::read_header() {
  const auto& r = m_reader;
  if (r.size() < EI_NIDENT) {
    return unexpected(ElfError{fmt::format("not an ELF file: only {} bytes", r.size()), 0});
  }
  ELF_TRY(ident, r.peek(0, EI_NIDENT, "ELF identification"));
  if (ident[EI_MAG0] != ELFMAG0 || ident[EI_MAG1] != ELFMAG1 || ident[EI_MAG2] != ELFMAG2 ||
      ident[EI_MAG3] != ELFMAG3) {
    return unexpected(ElfError{"not an ELF file: bad magic (expected 7f 45 4c 46)", 0});
  }
  if (ident[EI_CLASS] == ELFCLASS32) return unexpected(ElfError{"32-bit ELF is not supported (only ELF64)", 0});
  if (ident[EI_CLASS] != ELFCLASS64) {
    return unexpected(ElfError{fmt::format("unknown ELF class {}", ident[EI_CLASS]), 0});
  }
  if (ident[EI_DATA] == ELFDATA2MSB) {
    return unexpected(ElfError{"big-endian ELF is not supported (only little-endian)", 0});
  }
  if (ident[EI_DATA] != ELFDATA2LSB) {
    return unexpected(ElfError{fmt::format("unknown ELF data encoding {}", ident[EI_DATA]), 0});
  }
  if (r.size() < sizeof(Elf64_Ehdr)) {
    return unexpected(ElfError{fmt::format("truncated ELF header: {} of {} bytes", r.size(), sizeof(Elf64_Ehdr)), 0});
  }
  ELF_TRY(type, r.u16(offsetof(Elf64_Ehdr, e_type), "e_type"));
  ELF_TRY(machine, r.u16(offsetof(Elf64_Ehdr, e_machine), "e_machine"));
  switch (machine) {
    case EM_X86_64: m_machine = ElfMachine::X86_64; break;
    case EM_AARCH64: m_machine = ElfMachine::AArch64; break;
    default:
      return unexpected(ElfError{
          fmt::format("unsupported machine {} (only x86-64 and AArch64)", machine), offsetof(Elf64_Ehdr, e_machine)});
  }
  switch (type) {
    case ET_REL: m_type = ElfType::Relocatable; break;
    case ET_EXEC: m_type = ElfType::Executable; break;
    case ET_DYN: m_type = ElfType::SharedObject; break;
    default: m_type = ElfType::Other; break;
  }
  ELF_TRY(shoff, r.u64(offsetof(Elf64_Ehdr, e_shoff), "e_shoff"));
  ELF_TRY(shentsize, r.u16(offsetof(Elf64_Ehdr, e_shentsize), "e_shentsize"));
  ELF_TRY(shnum, r.u16(offsetof(Elf64_Ehdr, e_shnum), "e_shnum"));
  ELF_TRY(shstrndx, r.u16(offsetof(Elf64_Ehdr, e_shstrndx), "e_shstrndx"));
  m_shoff = shoff;
  m_shnum = shnum;
  m_shstrndx = shstrndx;
  if (m_shoff == 0) {
    // Dynamic-linking facts are read through sections. A file with a dynamic
    // segment but no section table (stripped with sstrip) would otherwise
    // look like one that needs nothing, so it is refused instead.
    ELF_TRY(phoff, r.u64(offsetof(Elf64_Ehdr, e_phoff), "e_phoff"));
    ELF_TRY(phnum, r.u16(offsetof(Elf64_Ehdr, e_phnum), "e_phnum"));
    for (std::uint64_t i = 0; i < phnum; ++i) {
      ELF_TRY(p_type, r.u32(phoff + i * sizeof(Elf64_Phdr), "program header p_type"));
      if (p_type == PT_DYNAMIC) {
        return unexpected(ElfError{"dynamic segment without a section header table (section headers stripped); "
                                   "its needed libraries and symbols cannot be read",
                                   offsetof(Elf64_Ehdr, e_shoff)});
      }
    }
    return true;
  }
  if (shentsize != sizeof(Elf64_Shdr)) {
    return unexpected(ElfError{fmt::format("section header size is {}, expected {}", shentsize, sizeof(Elf64_Shdr)),
                               offsetof(Elf64_Ehdr, e_shentsize)});
  }
  // Extended numbering: section 0 carries the real count and string index.
  if (m_shnum == 0 || m_shstrndx == SHN_XINDEX) {
    ELF_TRY(size0, r.u64(m_shoff + offsetof(Elf64_Shdr, sh_size), "section 0 sh_size"));
    ELF_TRY(link0, r.u32(m_shoff + offsetof(Elf64_Shdr, sh_link), "section 0 sh_link"));
    if (m_shnum == 0) m_shnum = size0;
    if (m_shstrndx == SHN_XINDEX) m_shstrndx = link0;
  }
  return true;
}

Expected<bool, ElfError> ElfFile::read_sections() {
  if (m_shoff == 0 || m_shnum == 0) return true;
  const auto& r = m_reader;
  // One bounds check for the whole table; a lying count fails here, before
  // any allocation proportional to it.
  if (m_shnum > r.size() / sizeof(Elf64_Shdr) || !r.contains(m_shoff, m_shnum * sizeof(Elf64_Shdr))) {
    return unexpected(ElfError{
        fmt::format("section header table ({} entries at {:#x}) lies past the end of the file ({:#x} bytes)",
                    m_shnum, m_shoff, r.size()),
        offsetof(Elf64_Ehdr, e_shoff)});
  }
  ELF_TRY(table, r.peek(m_shoff, m_shnum * sizeof(Elf64_Shdr), "section header table"));
  m_sections.resize(m_shnum);
  std::vector<std::uint32_t> name_offsets(m_shnum);
  for (std::uint64_t i = 0; i < m_shnum; ++i) {
    const std::size_t at = i * sizeof(Elf64_Shdr);
    auto& s = m_sections[i];
    name_offsets[i] = detail::ByteReader::decode<std::uint32_t>(table, at + offsetof(Elf64_Shdr, sh_name));
    s.type = detail::ByteReader::decode<std::uint32_t>(table, at + offsetof(Elf64_Shdr, sh_type));
    s.flags = detail::ByteReader::decode<std::uint64_t>(table, at + offsetof(Elf64_Shdr, sh_flags));
    s.address = detail::ByteReader::decode<std::uint64_t>(table, at + offsetof(Elf64_Shdr, sh_addr));
    s.offset = detail::ByteReader::decode<std::uint64_t>(table, at + offsetof(Elf64_Shdr, sh_offset));
    s.size = detail::ByteReader::decode<std::uint64_t>(table, at + offsetof(Elf64_Shdr, sh_size));
    s.link = detail::ByteReader::decode<std::uint32_t>(table, at + offsetof(Elf64_Shdr, sh_link));
    s.info = detail::ByteReader::decode<std::uint32_t>(table, at + offsetof(Elf64_Shdr, sh_info));
    s.entry_size = detail::ByteReader::decode<std::uint64_t>(table, at + offsetof(Elf64_Shdr, sh_entsize));
  }
  if (m_source) pin_sections(false);
  if (m_shstrndx == SHN_UNDEF) return true;
  if (m_shstrndx >= m_shnum) {
    return unexpected(ElfError{fmt::format("section name table index {} is not below the section count {}",
                                           m_shstrndx, m_shnum),
                               offsetof(Elf64_Ehdr, e_shstrndx)});
  }
  const auto& names = m_sections[m_shstrndx];
  if (!r.contains(names.offset, names.size)) {
    return unexpected(ElfError{fmt::format("section name table ({:#x} bytes at {:#x}) lies past the end of the file",
                                           names.size, names.offset),
                               m_shoff + m_shstrndx * sizeof(Elf64_Shdr)});
  }
  for (std::uint64_t i = 0; i < m_shnum; ++i) {
    if (i == 0 && name_offsets[i] == 0) continue;
    ELF_TRY(name, r.cstring(names.offset + name_offsets[i], names.offset + names.size,
                            fmt::format("name of section {}", i)));
    m_sections[i].name = name;
  }
  return true;
}

void ElfFile::pin_sections(bool symbol_tables) const {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  std::uint64_t total = 0;
  auto add = [&](const ElfSection& section) {
    if (section.type == SHT_NOBITS || section.size == 0 || !m_reader.contains(section.offset, section.size)) return;
    ranges.emplace_back(section.offset, section.size);
    total += section.size;
  };
  auto add_strings = [&](const ElfSection& section, std::uint64_t limit) {
    if (section.link < m_sections.size() && m_sections[section.link].size <= limit) add(m_sections[section.link]);
  };
  if (!symbol_tables && m_shstrndx != SHN_UNDEF && m_shstrndx < m_sections.size()) add(m_sections[m_shstrndx]);
  for (const auto& section : m_sections) {
    switch (section.type) {
      case SHT_DYNAMIC:
      case SHT_GNU_verneed:
      case SHT_GNU_verdef:
        if (symbol_tables) break;
        add(section);
        add_strings(section, k_small_strings);  // large ones: names read one by one
        break;
      case SHT_DYNSYM:
        if (!symbol_tables) break;
        add(section);
        add_strings(section, k_max_pinned);
        break;
      case SHT_GNU_versym:
      case SHT_GNU_HASH:
      case SHT_HASH:
        if (symbol_tables) add(section);
        break;
      default: break;
    }
  }
  // Beyond the cap the sections are read piecemeal, as asked: slower, never wrong.
  if (total <= k_max_pinned) m_source->pin(std::move(ranges));
}

const ElfSection* ElfFile::find_section(std::string_view name) const {
  for (const auto& section : m_sections) {
    if (section.name == name) return &section;
  }
  return nullptr;
}

Expected<std::span<const std::uint8_t>, ElfError> ElfFile::section_bytes(const ElfSection& section) const {
  if (section.type == SHT_NOBITS) return std::span<const std::uint8_t>{};
  auto bytes = m_reader.bytes(section.offset, section.size, fmt::format("section {}", section.name));
  if (!bytes) return unexpected(from(std::move(bytes).error()));
  return *bytes;
}

Expected<bool, ElfError> ElfFile::read_dynamic() {
  const ElfSection* dynamic = nullptr;
  for (const auto& section : m_sections) {
    switch (section.type) {
      case SHT_DYNAMIC: dynamic = &section; break;
      case SHT_DYNSYM: m_dynsym = &section; break;
      case SHT_GNU_versym: m_versym = &section; break;
      case SHT_GNU_HASH: m_gnu_hash = &section; break;
      case SHT_HASH: m_sysv_hash = &section; break;
      default: break;
    }
  }
  const auto& r = m_reader;
  auto linked_strings = [&](const ElfSection& section) -> Expected<const ElfSection*, ElfError> {
    if (section.link == 0 || section.link >= m_sections.size() || m_sections[section.link].type != SHT_STRTAB) {
      return unexpected(ElfError{fmt::format("section {} links to {} which is not a string table", section.name,
                                             section.link),
                                 section.offset});
    }
    const auto* strings = &m_sections[section.link];
    if (!r.contains(strings->offset, strings->size)) {
      return unexpected(ElfError{fmt::format("string table {} ({:#x} bytes at {:#x}) lies past the end of the file",
                                             strings->name, strings->size, strings->offset),
                                 strings->offset});
    }
    return strings;
  };
  if (m_dynsym) {
    auto strings = linked_strings(*m_dynsym);
    if (!strings) return unexpected(strings.error());
    m_dynstr = *strings;
    if (m_dynsym->entry_size != sizeof(Elf64_Sym) && m_dynsym->entry_size != 0) {
      return unexpected(ElfError{fmt::format(".dynsym entry size is {}, expected {}", m_dynsym->entry_size,
                                             sizeof(Elf64_Sym)),
                                 m_dynsym->offset});
    }
    if (!r.contains(m_dynsym->offset, m_dynsym->size)) {
      return unexpected(ElfError{fmt::format(".dynsym ({:#x} bytes at {:#x}) lies past the end of the file ({:#x} bytes)",
                                             m_dynsym->size, m_dynsym->offset, r.size()),
                                 m_dynsym->offset});
    }
    m_symbol_count = m_dynsym->size / sizeof(Elf64_Sym);
  }
  if (m_gnu_hash && m_gnu_hash->size >= 16) {
    // nbuckets, symoffset, bloom_size, bloom_shift; then the tables. A header
    // whose tables do not fit leaves the lookup to a linear scan.
    auto n = r.u32(m_gnu_hash->offset, ".gnu.hash nbuckets");
    auto o = r.u32(m_gnu_hash->offset + 4, ".gnu.hash symoffset");
    auto b = r.u32(m_gnu_hash->offset + 8, ".gnu.hash bloom size");
    auto sh = r.u32(m_gnu_hash->offset + 12, ".gnu.hash bloom shift");
    if (n && o && b && sh && *n > 0 && *b > 0) {
      auto& g = m_gnu;
      g.nbuckets = *n;
      g.symoffset = *o;
      g.bloom_size = *b;
      g.bloom_shift = *sh;
      g.bloom = m_gnu_hash->offset + 16;
      g.buckets = g.bloom + std::uint64_t{g.bloom_size} * 8;
      g.chains = g.buckets + std::uint64_t{g.nbuckets} * 4;
      g.valid = r.contains(g.bloom, g.chains - g.bloom);
    }
    if (!m_gnu.valid) m_gnu_hash = nullptr;
  }
  if (!dynamic) return true;
  m_has_dynamic = true;
  auto strings = linked_strings(*dynamic);
  if (!strings) return unexpected(strings.error());
  const ElfSection& dynstr = **strings;
  const std::uint64_t count = dynamic->size / sizeof(Elf64_Dyn);
  ELF_TRY(entries, r.bytes(dynamic->offset, count * sizeof(Elf64_Dyn), "section .dynamic"));  // pinned: stays valid across the name reads
  auto string_at = [&](std::uint64_t value, const char* what) {
    return r.cstring(dynstr.offset + value, dynstr.offset + dynstr.size, what);
  };
  for (std::uint64_t i = 0; i < count; ++i) {
    auto tag = detail::ByteReader::decode<std::uint64_t>(entries, i * sizeof(Elf64_Dyn));
    auto value = detail::ByteReader::decode<std::uint64_t>(entries, i * sizeof(Elf64_Dyn) + 8);
    if (tag == DT_NULL) break;
    switch (tag) {
      case DT_NEEDED: {
        ELF_TRY(name, string_at(value, "DT_NEEDED name"));
        m_needed.push_back(name);
        break;
      }
      case DT_SONAME: {
        ELF_TRY(name, string_at(value, "DT_SONAME"));
        m_soname = name;
        break;
      }
      case DT_RPATH: {
        ELF_TRY(path, string_at(value, "DT_RPATH"));
        m_rpath = path;
        break;
      }
      case DT_RUNPATH: {
        ELF_TRY(path, string_at(value, "DT_RUNPATH"));
        m_runpath = path;
        break;
      }
      default: break;
    }
  }
  return true;
}

Expected<bool, ElfError> ElfFile::read_versions() {
  const auto& r = m_reader;
  // Version indices are 15 bits, so this table never exceeds 32768 slots.
  auto record = [&](std::uint64_t index, VersionName name) {
    index &= k_max_version_index;
    if (index >= m_version_names.size()) m_version_names.resize(index + 1);
    m_version_names[index] = name;
  };
  for (const auto& section : m_sections) {
    if (section.type != SHT_GNU_verneed && section.type != SHT_GNU_verdef) continue;
    if (section.link >= m_sections.size() || m_sections[section.link].type != SHT_STRTAB) {
      return unexpected(ElfError{fmt::format("section {} links to {} which is not a string table", section.name,
                                             section.link),
                                 section.offset});
    }
    const auto& strings = m_sections[section.link];
    auto string_at = [&](std::uint64_t value, const char* what) {
      return r.cstring(strings.offset + value, strings.offset + strings.size, what);
    };
    const std::uint64_t end = section.offset + section.size;
    if (!r.contains(section.offset, section.size)) {
      return unexpected(ElfError{fmt::format("section {} ({:#x} bytes at {:#x}) lies past the end of the file",
                                             section.name, section.size, section.offset),
                                 section.offset});
    }
    auto inside = [&](std::uint64_t at, std::uint64_t len) { return at >= section.offset && at <= end && len <= end - at; };
    std::uint64_t at = section.offset;
    std::uint64_t walked = 0;
    // sh_info holds the entry count; the chain ends at vn_next/vd_next == 0.
    for (std::uint64_t entry = 0; entry < section.info; ++entry) {
      if (++walked > k_max_version_entries) {
        return unexpected(ElfError{fmt::format("section {} has too many entries", section.name), section.offset});
      }
      if (section.type == SHT_GNU_verneed) {
        if (!inside(at, sizeof(Elf64_Verneed))) {
          return unexpected(ElfError{fmt::format("version need entry at {:#x} lies outside {}", at, section.name), at});
        }
        ELF_TRY(bytes, r.peek(at, sizeof(Elf64_Verneed), "version need entry"));
        auto aux_count = detail::ByteReader::decode<std::uint16_t>(bytes, offsetof(Elf64_Verneed, vn_cnt));
        auto file_offset = detail::ByteReader::decode<std::uint32_t>(bytes, offsetof(Elf64_Verneed, vn_file));
        auto aux = detail::ByteReader::decode<std::uint32_t>(bytes, offsetof(Elf64_Verneed, vn_aux));
        auto next = detail::ByteReader::decode<std::uint32_t>(bytes, offsetof(Elf64_Verneed, vn_next));
        ELF_TRY(file, string_at(file_offset, "version need file name"));
        VersionNeed need{file, {}};
        std::uint64_t aux_at = at + aux;
        for (std::uint16_t i = 0; i < aux_count; ++i) {
          if (!inside(aux_at, sizeof(Elf64_Vernaux))) {
            return unexpected(ElfError{fmt::format("version need aux at {:#x} lies outside {}", aux_at, section.name), aux_at});
          }
          ELF_TRY(aux_bytes, r.peek(aux_at, sizeof(Elf64_Vernaux), "version need aux"));
          auto other = detail::ByteReader::decode<std::uint16_t>(aux_bytes, offsetof(Elf64_Vernaux, vna_other));
          auto name_offset = detail::ByteReader::decode<std::uint32_t>(aux_bytes, offsetof(Elf64_Vernaux, vna_name));
          auto aux_next = detail::ByteReader::decode<std::uint32_t>(aux_bytes, offsetof(Elf64_Vernaux, vna_next));
          ELF_TRY(name, string_at(name_offset, "version need name"));
          need.versions.push_back(name);
          record(other, VersionName{name, file, false});
          if (aux_next == 0) break;
          aux_at += aux_next;
        }
        m_version_needs.push_back(std::move(need));
        if (next == 0) break;
        at += next;
      } else {
        if (!inside(at, sizeof(Elf64_Verdef))) {
          return unexpected(ElfError{fmt::format("version definition at {:#x} lies outside {}", at, section.name), at});
        }
        ELF_TRY(bytes, r.peek(at, sizeof(Elf64_Verdef), "version definition"));
        auto flags = detail::ByteReader::decode<std::uint16_t>(bytes, offsetof(Elf64_Verdef, vd_flags));
        auto index = detail::ByteReader::decode<std::uint16_t>(bytes, offsetof(Elf64_Verdef, vd_ndx));
        auto aux_count = detail::ByteReader::decode<std::uint16_t>(bytes, offsetof(Elf64_Verdef, vd_cnt));
        auto aux = detail::ByteReader::decode<std::uint32_t>(bytes, offsetof(Elf64_Verdef, vd_aux));
        auto next = detail::ByteReader::decode<std::uint32_t>(bytes, offsetof(Elf64_Verdef, vd_next));
        // The first aux names the version; further ones name its parents.
        if (aux_count > 0) {
          if (!inside(at + aux, sizeof(Elf64_Verdaux))) {
            return unexpected(ElfError{fmt::format("version definition aux at {:#x} lies outside {}", at + aux,
                                                   section.name),
                                       at + aux});
          }
          ELF_TRY(name_offset, r.u32(at + aux + offsetof(Elf64_Verdaux, vda_name), "version definition name"));
          ELF_TRY(name, string_at(name_offset, "version definition name"));
          const bool base = (flags & VER_FLG_BASE) != 0;
          if (!base) m_version_defs.push_back(name);
          record(index, VersionName{name, {}, base});
        }
        if (next == 0) break;
        at += next;
      }
    }
  }
  return true;
}

}  // namespace mlstack::binary

// SPDX-License-Identifier: MIT
// ElfFile: the dynamic-linking facts of one ELF shared object or executable,
// read with pread into owned buffers (detail/file_source.h says why not a map).
//
// Why a reader of our own rather than libelf: a CUDA library is up to 500 MB
// and an environment holds 2 GB of them, yet a check needs only the ELF
// header, the section header table and a handful of small sections (.dynamic,
// .dynsym, .dynstr, .gnu.version*, .gnu.hash). libelf's elf_getdata()
// translates whole sections into its own buffers and leaves no way to say
// which bytes were touched; a bounded reader over the mapping (see
// detail/byte_reader.h) touches exactly the bytes it decodes, fails with the
// offset of the first lying field, and can be fuzzed directly. <elf.h> (glibc)
// still supplies the constants.
//
// Traps this reader knows about:
// - Only ELF64 little-endian x86-64 and AArch64 are accepted; 32-bit,
//   big-endian and other machines fail with a clear message rather than being
//   half-read.
// - e_shnum == 0 with sections present means the count lives in section 0's
//   sh_size (more than 65279 sections); e_shstrndx == SHN_XINDEX likewise.
// - Symbol versions come from three tables: .gnu.version (one u16 per dynamic
//   symbol; bit 15 marks a hidden, non-default version), .gnu.version_r (what
//   the file needs, per needed file) and .gnu.version_d (what it defines).
//   Index 0 is local, 1 is the unversioned global.
// - All string views returned point into buffers the ElfFile owns (or, for
//   parse(), the caller's bytes) and stay valid while it lives; moving an
//   ElfFile keeps them valid because the buffers do not move. open() reads the
//   section name table and the dynamic-linking sections (.dynamic, .dynsym,
//   .dynstr, .gnu.version*, .gnu.hash) whole, in one read where they lie
//   together, as the loader needs them; everything else is read when asked.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "binary/access_meter.h"
#include "binary/detail/byte_reader.h"
#include "core/expected.h"
#include "binary/detail/file_source.h"

namespace mlstack::binary {

enum class ElfMachine { X86_64, AArch64 };
const char* to_string(ElfMachine machine);  // "x86_64", "aarch64"

enum class ElfType { Relocatable, Executable, SharedObject, Other };

// Why a file could not be read as ELF: the message and the byte offset of the
// field that was wrong (0 for whole-file problems such as "not an ELF file").
struct ElfError {
  std::string message;
  std::uint64_t offset = 0;
};

// "offset 0x40: section header table ... lies past the end of the file"
std::string to_string(const ElfError& error);

struct ElfSection {
  std::string_view name;  // ".nv_fatbin"
  std::uint32_t type = 0;
  std::uint64_t flags = 0;
  std::uint64_t address = 0;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::uint64_t entry_size = 0;
  std::uint32_t link = 0;
  std::uint32_t info = 0;
};

// One entry of .dynsym (index 0, the null symbol, is never reported).
struct DynamicSymbol {
  std::string_view name;          // mangled: "_ZN3c106detail14torchCheckFailEPKcS2_jRKSs"
  std::string_view version;       // "GLIBC_2.34"; empty when unversioned
  std::string_view version_file;  // undefined only: the needed file the version is bound to, "libc.so.6"
  bool defined = false;
  bool weak = false;
  bool hidden_version = false;    // defined as name@VER rather than name@@VER
  std::uint8_t type = 0;          // STT_FUNC, STT_OBJECT, ...
};

// One .gnu.version_r entry: versions this file needs from `file`.
struct VersionNeed {
  std::string_view file;                   // "libstdc++.so.6"
  std::vector<std::string_view> versions;  // {"GLIBCXX_3.4.29", "CXXABI_1.3.13"}
};

// What ElfFile::open has read from files so far in this process, for
// --verbose: "read 2.6 MB of 2,570 MB in 31 files (1,204 reads)".
std::string describe_file_reads();

// The .gnu.hash function (DJB's h * 33 + c, glibc dl-hash.h).
std::uint32_t gnu_hash(std::string_view name);

class ElfFile {
 public:
  // Maps and reads `path`. A missing or unreadable file is an ElfError too.
  static Expected<ElfFile, ElfError> open(const std::string& path, AccessMeter* meter = nullptr);
  // Reads bytes the caller keeps alive (tests, fuzzing, embedded objects).
  static Expected<ElfFile, ElfError> parse(std::span<const std::uint8_t> bytes, AccessMeter* meter = nullptr);

  ElfMachine machine() const { return m_machine; }
  ElfType type() const { return m_type; }
  std::uint64_t file_size() const { return m_reader.size(); }

  const std::vector<ElfSection>& sections() const { return m_sections; }
  const ElfSection* find_section(std::string_view name) const;
  // The bytes of a section, bounds-checked (SHT_NOBITS sections have none).
  Expected<std::span<const std::uint8_t>, ElfError> section_bytes(const ElfSection& section) const;

  std::string_view soname() const { return m_soname; }
  const std::vector<std::string_view>& needed() const { return m_needed; }
  // Raw colon-separated lists as stored; see expand_search_path() in load_set.h.
  std::string_view rpath() const { return m_rpath; }
  std::string_view runpath() const { return m_runpath; }
  bool has_dynamic() const { return m_has_dynamic; }

  // All dynamic symbols but the null one, with versions resolved.
  Expected<std::vector<DynamicSymbol>, ElfError> dynamic_symbols() const;
  // What .gnu.version_r asks for, in file order.
  const std::vector<VersionNeed>& version_needs() const { return m_version_needs; }
  // Version names this file defines (.gnu.version_d), base version excluded.
  const std::vector<std::string_view>& version_definitions() const { return m_version_defs; }

  // Looks up a defined, global or weak dynamic symbol through .gnu.hash (or
  // .hash, or a scan when neither exists), as the dynamic loader does. With a
  // version, the definition must carry exactly that version (hidden ones
  // count: old references bind to them); without one, any default definition.
  std::optional<DynamicSymbol> find_definition(std::string_view name, std::string_view version = {}) const;
  // The same with gnu_hash(name) computed once by a caller that asks many files.
  std::optional<DynamicSymbol> find_definition(std::string_view name, std::string_view version,
                                               std::uint32_t hash) const;

  // Read access for readers of embedded data (fatbins) in this file.
  const detail::ByteReader& reader() const { return m_reader; }

 private:
  struct VersionName {
    std::string_view name;
    std::string_view file;  // set for needed versions
    bool base = false;      // the file's own name in .gnu.version_d
  };

  Expected<bool, ElfError> read_header();
  Expected<bool, ElfError> read_sections();
  Expected<bool, ElfError> read_dynamic();
  Expected<bool, ElfError> read_versions();
  Expected<DynamicSymbol, ElfError> symbol_at(std::uint64_t index) const;
  bool symbol_matches(std::uint64_t index, std::string_view name, std::string_view version,
                      DynamicSymbol& out) const;

  // Sections read whole (see the header comment): at open, the section
  // names, .dynamic and the version tables with their strings when those are
  // small; the symbol tables (.dynsym, .dynstr, .gnu.version, .gnu.hash) on
  // the first symbol lookup, since a library whose symbols are never bound
  // (a CUDA library judged alone) needs only a few names from them. No more
  // than k_max_pinned bytes at a time, so a lying section table cannot make
  // a read take a whole file into memory; beyond it reads go piecemeal.
  static constexpr std::uint64_t k_max_pinned = 64ull << 20;
  static constexpr std::uint64_t k_small_strings = 256 << 10;
  void pin_sections(bool symbol_tables) const;
  void pin_symbol_tables() const {
    if (m_source && !m_symbols_pinned) {
      m_symbols_pinned = true;
      pin_sections(true);
    }
  }
  mutable bool m_symbols_pinned = false;

  std::unique_ptr<detail::FileSource> m_source;  // null for parse()
  detail::ByteReader m_reader;
  ElfMachine m_machine = ElfMachine::X86_64;
  ElfType m_type = ElfType::Other;
  std::uint64_t m_shoff = 0;
  std::uint64_t m_shnum = 0;
  std::uint64_t m_shstrndx = 0;
  std::vector<ElfSection> m_sections;

  bool m_has_dynamic = false;
  std::string_view m_soname, m_rpath, m_runpath;
  std::vector<std::string_view> m_needed;

  // .dynsym and its string table; .gnu.version; hash tables (absent: nullopt).
  const ElfSection* m_dynsym = nullptr;
  const ElfSection* m_dynstr = nullptr;
  const ElfSection* m_versym = nullptr;
  const ElfSection* m_gnu_hash = nullptr;
  const ElfSection* m_sysv_hash = nullptr;
  std::uint64_t m_symbol_count = 0;
  // .gnu.hash header, decoded once: absolute offsets of its tables.
  struct GnuHash {
    bool valid = false;
    std::uint32_t nbuckets = 0, symoffset = 0, bloom_size = 0, bloom_shift = 0;
    std::uint64_t bloom = 0, buckets = 0, chains = 0;
  } m_gnu;

  std::vector<VersionNeed> m_version_needs;
  std::vector<std::string_view> m_version_defs;
  std::vector<VersionName> m_version_names;  // by .gnu.version index
};

}  // namespace mlstack::binary

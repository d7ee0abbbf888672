// SPDX-License-Identifier: MIT
#include "binary/fatbin.h"

#include <elf.h>

#include <algorithm>
#include <cstddef>

#include <fmt/format.h>

namespace mlstack::binary {
namespace {

constexpr std::uint32_t k_fatbin_magic = 0xBA55ED50;
constexpr std::uint64_t k_fatbin_header_size = 16;
constexpr std::uint64_t k_entry_header_min = 64;
// No entry header seen in CUDA 11-13 exceeds 112 bytes; anything near this
// bound is damage, not a format change worth following.
constexpr std::uint64_t k_entry_header_max = 4096;

constexpr std::uint16_t k_kind_ptx = 1;
constexpr std::uint16_t k_kind_elf = 2;
constexpr std::uint64_t k_flag_compressed_lz = 0x2000;
constexpr std::uint64_t k_flag_compressed_zstd = 0x8000;
constexpr std::uint64_t k_flag_arch_specific = 0x100000;
constexpr std::uint64_t k_flag_family_specific = 0x200000;

FatbinError from(detail::ReadError error) { return FatbinError{std::move(error.message), error.offset}; }

}  // namespace

const char* to_string(FatbinKind kind) { return kind == FatbinKind::Sass ? "SASS" : "PTX"; }

const char* to_string(Compression compression) {
  switch (compression) {
    case Compression::None: return "none";
    case Compression::Lz: return "lz";
    case Compression::Zstd: return "zstd";
  }
  return "none";
}

std::string FatbinEntry::target() const {
  const char* suffix = variant == ArchVariant::ArchSpecific ? "a" : variant == ArchVariant::FamilySpecific ? "f" : "";
  return fmt::format("{}_{}{}", kind == FatbinKind::Sass ? "sm" : "compute", arch, suffix);
}

Expected<std::size_t, FatbinError> read_fatbins(const detail::ByteReader& reader, std::uint64_t offset,
                                                std::uint64_t size, std::uint32_t first_index,
                                                std::vector<FatbinEntry>& entries) {
  if (!reader.contains(offset, size)) {
    return unexpected(FatbinError{fmt::format("fatbin region ({:#x} bytes at {:#x}) lies past the end of the file",
                                              size, offset),
                                  offset});
  }
  const std::uint64_t end = offset + size;
  std::uint64_t at = offset;
  std::size_t count = 0;
  while (at < end) {
    // Fatbins are 8-byte aligned; zero words are padding between them.
    if (end - at < k_fatbin_header_size) {
      auto tail = reader.peek(at, end - at, "fatbin padding");
      if (!tail) return unexpected(from(std::move(tail).error()));
      for (auto byte : *tail) {
        if (byte != 0) return unexpected(FatbinError{fmt::format("{} stray bytes after the last fatbin", end - at), at});
      }
      break;
    }
    auto header = reader.peek(at, k_fatbin_header_size, "fatbin header");
    if (!header) return unexpected(from(std::move(header).error()));
    const auto magic = detail::ByteReader::decode<std::uint32_t>(*header, 0);
    if (magic == 0 && detail::ByteReader::decode<std::uint64_t>(*header, 0) == 0) {
      at += 8;
      continue;
    }
    if (magic != k_fatbin_magic) {
      return unexpected(FatbinError{fmt::format("no fatbin header (magic {:#010x}, expected {:#010x})", magic,
                                                k_fatbin_magic),
                                    at});
    }
    const auto version = detail::ByteReader::decode<std::uint16_t>(*header, 4);
    const auto header_size = detail::ByteReader::decode<std::uint16_t>(*header, 6);
    const auto body_size = detail::ByteReader::decode<std::uint64_t>(*header, 8);
    if (version != 1) return unexpected(FatbinError{fmt::format("fatbin version {} (expected 1)", version), at});
    if (header_size < k_fatbin_header_size || header_size > end - at) {
      return unexpected(FatbinError{fmt::format("fatbin header size {} is impossible", header_size), at});
    }
    const std::uint64_t body = at + header_size;
    if (body_size > end - body) {
      return unexpected(FatbinError{
          fmt::format("fatbin claims {:#x} bytes of entries but only {:#x} remain in the section", body_size, end - body),
          at});
    }
    const std::uint64_t fatbin_end = body + body_size;
    for (std::uint64_t e = body; e < fatbin_end;) {
      auto fields = reader.peek(e, std::min(k_entry_header_min, fatbin_end - e), "fatbin entry header");
      if (!fields) return unexpected(from(std::move(fields).error()));
      if (fields->size() < k_entry_header_min) {
        return unexpected(FatbinError{fmt::format("fatbin entry header truncated: {} of {} bytes", fields->size(),
                                                  k_entry_header_min),
                                      e});
      }
      const auto& f = *fields;
      const auto kind = detail::ByteReader::decode<std::uint16_t>(f, 0);
      const auto entry_header_size = detail::ByteReader::decode<std::uint32_t>(f, 4);
      const auto payload_size = detail::ByteReader::decode<std::uint64_t>(f, 8);
      const auto compressed_size = detail::ByteReader::decode<std::uint32_t>(f, 16);
      const auto minor = detail::ByteReader::decode<std::uint16_t>(f, 24);
      const auto major = detail::ByteReader::decode<std::uint16_t>(f, 26);
      const auto arch = detail::ByteReader::decode<std::uint32_t>(f, 28);
      const auto flags = detail::ByteReader::decode<std::uint64_t>(f, 40);
      const auto uncompressed = detail::ByteReader::decode<std::uint64_t>(f, 56);
      if (entry_header_size < k_entry_header_min || entry_header_size > k_entry_header_max ||
          entry_header_size > fatbin_end - e) {
        return unexpected(FatbinError{fmt::format("fatbin entry header size {} is impossible", entry_header_size), e});
      }
      if (payload_size > fatbin_end - e - entry_header_size) {
        return unexpected(FatbinError{fmt::format("fatbin entry claims {:#x} payload bytes but only {:#x} remain",
                                                  payload_size, fatbin_end - e - entry_header_size),
                                      e});
      }
      if (kind != k_kind_ptx && kind != k_kind_elf) {
        return unexpected(FatbinError{fmt::format("unknown fatbin entry kind {}", kind), e});
      }
      FatbinEntry entry;
      entry.kind = kind == k_kind_elf ? FatbinKind::Sass : FatbinKind::Ptx;
      entry.arch = arch;
      entry.variant = (flags & k_flag_arch_specific)     ? ArchVariant::ArchSpecific
                      : (flags & k_flag_family_specific) ? ArchVariant::FamilySpecific
                                                         : ArchVariant::Plain;
      entry.version_major = major;
      entry.version_minor = minor;
      entry.compression = (flags & k_flag_compressed_zstd) ? Compression::Zstd
                          : (flags & k_flag_compressed_lz) ? Compression::Lz
                                                           : Compression::None;
      entry.stored_size = payload_size;
      entry.uncompressed_size = entry.compressed() ? uncompressed : payload_size;
      (void)compressed_size;  // the stored size is what bounds the payload
      entry.flags = flags;
      entry.offset = e;
      entry.payload_offset = e + entry_header_size;
      entry.fatbin_index = first_index + static_cast<std::uint32_t>(count);
      entries.push_back(entry);
      e += entry_header_size + payload_size;
    }
    ++count;
    at = fatbin_end;
  }
  return count;
}

FatbinListing list_fatbins(const ElfFile& file) {
  FatbinListing listing;
  for (const auto& section : file.sections()) {
    if (section.name != ".nv_fatbin" && section.name != "__nv_relfatbin") continue;
    if (section.type == SHT_NOBITS) continue;  // no bytes in the file
    listing.sections.emplace_back(section.name);
    auto read = read_fatbins(file.reader(), section.offset, section.size, static_cast<std::uint32_t>(listing.fatbins),
                             listing.entries);
    if (!read) {
      auto error = std::move(read).error();
      error.message = fmt::format("section {}: {}", section.name, error.message);
      listing.errors.push_back(std::move(error));
      // Count the fatbins read before the damage so indices stay unique.
      if (!listing.entries.empty()) listing.fatbins = listing.entries.back().fatbin_index + 1;
      continue;
    }
    listing.fatbins += *read;
  }
  if (const auto* source = file.reader().source()) source->trim();
  return listing;
}

void add_embedded_fatbins(const ElfFile& file, FatbinListing& listing,
                          const std::function<bool(std::span<const FatbinEntry>)>& enough) {
  if (listing.embedded_searched) return;
  listing.embedded_searched = true;
  const detail::ByteReader& reader = file.reader();
  // The magic as it lies in the file (little-endian); its four bytes differ,
  // so a match cannot overlap the next one.
  static constexpr std::uint8_t k_magic_bytes[4] = {0x50, 0xED, 0x55, 0xBA};
  for (const auto& section : file.sections()) {
    if (section.type != SHT_PROGBITS || !(section.flags & SHF_ALLOC) || (section.flags & SHF_EXECINSTR)) continue;
    if (section.name == ".nv_fatbin" || section.name == "__nv_relfatbin") continue;
    if (!reader.contains(section.offset, section.size)) continue;  // the section table lies; nothing to search
    const std::uint64_t end = section.offset + section.size;
    bool found = false;
    for (std::uint64_t at = reader.find(section.offset, end, k_magic_bytes); end - at >= k_fatbin_header_size;
         at = reader.find(at, end, k_magic_bytes)) {
      auto header = reader.peek(at, k_fatbin_header_size, "fatbin header");
      if (!header) break;  // unreadable
      const auto version = detail::ByteReader::decode<std::uint16_t>(*header, 4);
      const auto header_size = detail::ByteReader::decode<std::uint16_t>(*header, 6);
      const auto body_size = detail::ByteReader::decode<std::uint64_t>(*header, 8);
      if (version != 1 || header_size != k_fatbin_header_size || body_size == 0 ||
          body_size > end - at - k_fatbin_header_size) {
        at += sizeof k_magic_bytes;
        continue;
      }
      std::vector<FatbinEntry> entries;
      auto read = read_fatbins(reader, at, k_fatbin_header_size + body_size,
                               static_cast<std::uint32_t>(listing.fatbins), entries);
      if (!read || *read != 1 || entries.empty()) {
        at += sizeof k_magic_bytes;
        continue;
      }
      listing.entries.insert(listing.entries.end(), entries.begin(), entries.end());
      ++listing.fatbins;
      if (!found) listing.sections.emplace_back(section.name);
      found = true;
      if (enough && enough(entries)) {
        listing.embedded_stopped = true;
        if (const auto* source = reader.source()) source->trim();
        return;
      }
      at += k_fatbin_header_size + body_size;
    }
  }
  // The search grew the file's read window to 1 MB: give it back.
  if (const auto* source = reader.source()) source->trim();
}

std::size_t mark_codeless_cubins(const ElfFile& file, FatbinListing& listing, std::uint64_t max_size) {
  const detail::ByteReader& reader = file.reader();
  std::size_t marked = 0;
  for (auto& entry : listing.entries) {
    if (entry.kind != FatbinKind::Sass || entry.compressed() || entry.stored_size > max_size) continue;
    const std::uint64_t base = entry.payload_offset;
    const std::uint64_t size = entry.stored_size;
    if (size < sizeof(Elf64_Ehdr)) continue;
    auto header = reader.peek(base, sizeof(Elf64_Ehdr), "cubin ELF header");
    if (!header) continue;
    const auto& h = *header;
    if (h[EI_MAG0] != ELFMAG0 || h[EI_MAG1] != ELFMAG1 || h[EI_MAG2] != ELFMAG2 || h[EI_MAG3] != ELFMAG3 ||
        h[EI_CLASS] != ELFCLASS64 || h[EI_DATA] != ELFDATA2LSB) {
      continue;
    }
    const auto shoff = detail::ByteReader::decode<std::uint64_t>(h, offsetof(Elf64_Ehdr, e_shoff));
    const auto shentsize = detail::ByteReader::decode<std::uint16_t>(h, offsetof(Elf64_Ehdr, e_shentsize));
    const auto shnum = detail::ByteReader::decode<std::uint16_t>(h, offsetof(Elf64_Ehdr, e_shnum));
    if (shentsize != sizeof(Elf64_Shdr) || shnum == 0 || shoff > size || shnum > (size - shoff) / shentsize) continue;
    auto table = reader.peek(base + shoff, std::uint64_t{shnum} * shentsize, "cubin section table");
    if (!table) continue;
    bool code = false;
    for (std::uint16_t i = 0; i < shnum && !code; ++i) {
      const auto flags = detail::ByteReader::decode<std::uint64_t>(*table, i * shentsize + offsetof(Elf64_Shdr, sh_flags));
      const auto bytes = detail::ByteReader::decode<std::uint64_t>(*table, i * shentsize + offsetof(Elf64_Shdr, sh_size));
      code = (flags & SHF_EXECINSTR) && bytes > 0;
    }
    if (!code) {
      entry.no_code = true;
      ++marked;
    }
  }
  return marked;
}

bool has_gpu_code(const FatbinListing& listing) {
  return std::any_of(listing.entries.begin(), listing.entries.end(), [](const FatbinEntry& e) { return !e.no_code; });
}

FatbinListing list_fatbins(std::span<const std::uint8_t> bytes) {
  FatbinListing listing;
  detail::ByteReader reader(bytes);
  auto read = read_fatbins(reader, 0, bytes.size(), 0, listing.entries);
  if (read) {
    listing.fatbins = *read;
  } else {
    listing.errors.push_back(std::move(read).error());
  }
  return listing;
}

}  // namespace mlstack::binary

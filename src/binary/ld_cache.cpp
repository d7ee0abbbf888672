// SPDX-License-Identifier: MIT
#include "binary/ld_cache.h"

#include <fmt/format.h>

#include "binary/detail/byte_reader.h"
#include "core/mapped_file.h"

namespace mlstack::binary {
namespace {

constexpr std::string_view k_new_magic = "glibc-ld.so.cache1.1";
constexpr std::string_view k_old_magic = "ld.so-1.7.0";
constexpr std::uint64_t k_header_size = 48;
constexpr std::uint64_t k_entry_size = 24;
constexpr std::int32_t k_flag_type_mask = 0x00ff;
constexpr std::int32_t k_flag_elf_libc6 = 0x0003;
constexpr std::int32_t k_flag_arch_mask = 0x0f00;
constexpr std::int32_t k_flag_x86_64 = 0x0300;
constexpr std::int32_t k_flag_aarch64 = 0x0a00;
constexpr std::uint64_t k_old_entry_size = 12;  // struct file_entry: i32 flags, u32 key, u32 value

bool starts_with(std::span<const std::uint8_t> bytes, std::uint64_t at, std::string_view magic) {
  if (at > bytes.size() || bytes.size() - at < magic.size()) return false;
  return std::string_view(reinterpret_cast<const char*>(bytes.data() + at), magic.size()) == magic;
}

}  // namespace

Expected<LdCache, std::string> LdCache::load(const std::string& path) {
  auto mapped = MappedFile::open(path);
  if (!mapped) return unexpected(mapped.error());
  auto cache = parse(mapped->bytes());
  if (!cache) return unexpected(fmt::format("{}: {}", path, cache.error()));
  return cache;
}

Expected<LdCache, std::string> LdCache::parse(std::span<const std::uint8_t> bytes) {
  detail::ByteReader r(bytes);
  std::uint64_t base = 0;
  if (starts_with(bytes, 0, k_old_magic)) {
    // Skip the old table: magic[11], u32 nlibs, then 12-byte entries.
    auto old_count = r.u32(12, "old cache entry count");
    if (!old_count) return unexpected(old_count.error().message);
    base = 16 + std::uint64_t{*old_count} * k_old_entry_size;
    base = (base + 7) & ~std::uint64_t{7};
  }
  if (!starts_with(bytes, base, k_new_magic)) {
    return unexpected(std::string("not a glibc-ld.so.cache1.1 file"));
  }
  auto count = r.u32(base + 20, "cache entry count");
  if (!count) return unexpected(count.error().message);
  if (!r.contains(base + k_header_size, std::uint64_t{*count} * k_entry_size)) {
    return unexpected(fmt::format("{} cache entries do not fit in {} bytes", *count, bytes.size()));
  }
  LdCache cache;
  for (std::uint64_t i = 0; i < *count; ++i) {
    const std::uint64_t at = base + k_header_size + i * k_entry_size;
    auto entry = r.bytes(at, k_entry_size, "cache entry");
    if (!entry) return unexpected(entry.error().message);
    auto flags = static_cast<std::int32_t>(detail::ByteReader::decode<std::uint32_t>(*entry, 0));
    auto key = detail::ByteReader::decode<std::uint32_t>(*entry, 4);
    auto value = detail::ByteReader::decode<std::uint32_t>(*entry, 8);
    if ((flags & k_flag_type_mask) != k_flag_elf_libc6) continue;
    auto* table = (flags & k_flag_arch_mask) == k_flag_x86_64    ? &cache.m_x86_64
                  : (flags & k_flag_arch_mask) == k_flag_aarch64 ? &cache.m_aarch64
                                                                 : nullptr;
    if (!table) continue;
    auto name = r.cstring(base + key, bytes.size(), "cache entry name");
    auto path = r.cstring(base + value, bytes.size(), "cache entry path");
    if (!name) return unexpected(name.error().message);
    if (!path) return unexpected(path.error().message);
    table->try_emplace(std::string(*name), std::string(*path));
  }
  return cache;
}

std::string_view LdCache::find(std::string_view soname, ElfMachine machine) const {
  const auto& table = machine == ElfMachine::X86_64 ? m_x86_64 : m_aarch64;
  auto it = table.find(std::string(soname));
  return it == table.end() ? std::string_view{} : std::string_view(it->second);
}

}  // namespace mlstack::binary

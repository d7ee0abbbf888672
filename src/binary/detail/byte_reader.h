// SPDX-License-Identifier: MIT
// ByteReader: bounded, little-endian reads over a byte span (bytes in memory)
// or a file read on demand (FileSource: pread, never a map). Every read checks
// its range first and fails with the offset it wanted, so a lying header can
// never make the ELF or fatbin reader touch a byte past the end of the file.
// Offsets are absolute file offsets so errors name the place in the file, not
// in a sub-view.
//
// Lifetimes: bytes() and cstring() return views that stay valid while the
// reader's bytes (or FileSource) live; peek() and the integer reads return
// views valid only until the next peek() or find() on a file, and are for
// fields decoded at once.
//
// An optional AccessMeter records every range read, which is how bench/binary
// shows that listing fatbins touches only headers.
#pragma once

#include <algorithm>
#include <bit>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "binary/access_meter.h"
#include "binary/detail/file_source.h"
#include "core/expected.h"

namespace mlstack::binary::detail {

// Where a read failed: the message and the absolute offset asked for.
struct ReadError {
  std::string message;
  std::uint64_t offset = 0;
};

template <typename T>
using ReadResult = Expected<T, ReadError>;

class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(std::span<const std::uint8_t> bytes, binary::AccessMeter* meter = nullptr)
      : m_bytes(bytes), m_size(bytes.size()), m_meter(meter) {}
  explicit ByteReader(const FileSource* source, binary::AccessMeter* meter = nullptr)
      : m_source(source), m_size(source->size()), m_meter(meter) {}

  std::uint64_t size() const { return m_size; }
  // The file behind this reader, or nullptr for bytes in memory.
  const FileSource* source() const { return m_source; }

  bool contains(std::uint64_t offset, std::uint64_t len) const {
    return offset <= m_size && len <= m_size - offset;
  }

  // The bytes [offset, offset+len), valid while the reader's bytes live, or
  // an error naming the range.
  ReadResult<std::span<const std::uint8_t>> bytes(std::uint64_t offset, std::uint64_t len,
                                                  std::string_view what) const {
    return access(offset, len, what, /*keep=*/true);
  }

  // The same, valid only until the next peek() or find(): for fields that
  // are decoded at once (no copy is kept of a file's bytes).
  ReadResult<std::span<const std::uint8_t>> peek(std::uint64_t offset, std::uint64_t len,
                                                 std::string_view what) const {
    return access(offset, len, what, /*keep=*/false);
  }

  ReadResult<std::uint8_t> u8(std::uint64_t offset, std::string_view what) const { return read<std::uint8_t>(offset, what); }
  ReadResult<std::uint16_t> u16(std::uint64_t offset, std::string_view what) const { return read<std::uint16_t>(offset, what); }
  ReadResult<std::uint32_t> u32(std::uint64_t offset, std::string_view what) const { return read<std::uint32_t>(offset, what); }
  ReadResult<std::uint64_t> u64(std::uint64_t offset, std::string_view what) const { return read<std::uint64_t>(offset, what); }

  // A NUL-terminated string starting at `offset` that must end before `limit`
  // (the end of its string table).
  ReadResult<std::string_view> cstring(std::uint64_t offset, std::uint64_t limit,
                                       std::string_view what) const {
    limit = std::min<std::uint64_t>(limit, m_size);
    if (offset >= limit) {
      return unexpected(ReadError{
          fmt::format("{} at {:#x} lies outside its string table (ends at {:#x})", what, offset, limit),
          offset});
    }
    if (m_source) {
      std::uint64_t length = 0;
      const std::uint8_t* begin = m_source->keep_cstring(offset, limit, &length);
      if (begin == nullptr) {
        return unexpected(ReadError{fmt::format("{} at {:#x} is not NUL-terminated (or unreadable)", what, offset), offset});
      }
      if (m_meter) m_meter->record(offset, length + 1);
      return std::string_view(reinterpret_cast<const char*>(begin), static_cast<std::size_t>(length));
    }
    const auto* begin = m_bytes.data() + offset;
    const auto* end = m_bytes.data() + limit;
    const auto* nul = std::find(begin, end, std::uint8_t{0});
    if (nul == end) {
      return unexpected(ReadError{fmt::format("{} at {:#x} is not NUL-terminated", what, offset), offset});
    }
    if (m_meter) m_meter->record(offset, static_cast<std::uint64_t>(nul - begin) + 1);
    return std::string_view(reinterpret_cast<const char*>(begin), static_cast<std::size_t>(nul - begin));
  }

  // The offset of the first occurrence of `pattern` in [offset, end), or
  // `end` when there is none (also for a range outside the bytes). The bytes
  // scanned, up to the end of the match, are recorded as read.
  std::uint64_t find(std::uint64_t offset, std::uint64_t end, std::span<const std::uint8_t> pattern) const {
    end = std::min<std::uint64_t>(end, m_size);
    if (offset >= end || pattern.empty() || pattern.size() > end - offset) return end;
    if (m_source) {
      std::uint64_t at = m_source->find(offset, end, pattern);
      if (m_meter) m_meter->record(offset, std::min<std::uint64_t>(end, at + pattern.size()) - offset);
      return at;
    }
    // memchr for the first byte (vectorised in glibc, several times faster
    // than memmem for short patterns), then a compare.
    const std::uint8_t* p = m_bytes.data() + offset;
    const std::uint8_t* const last = m_bytes.data() + end - pattern.size();  // last possible start
    std::uint64_t at = end;
    while (p <= last) {
      p = static_cast<const std::uint8_t*>(std::memchr(p, pattern[0], static_cast<std::size_t>(last - p) + 1));
      if (p == nullptr) break;
      if (std::memcmp(p, pattern.data(), pattern.size()) == 0) {
        at = static_cast<std::uint64_t>(p - m_bytes.data());
        break;
      }
      ++p;
    }
    if (m_meter) m_meter->record(offset, std::min<std::uint64_t>(end, at + pattern.size()) - offset);
    return at;
  }

  // Little-endian read of an unsigned integer, assembled byte by byte so that
  // neither alignment nor host order matters.
  template <typename T>
  ReadResult<T> read(std::uint64_t offset, std::string_view what) const {
    auto span = peek(offset, sizeof(T), what);
    if (!span) return unexpected(std::move(span).error());
    return decode<T>(*span, 0);
  }

  // True when bytes [offset, offset+text.size()) equal `text` and a NUL
  // follows before `limit`: a string-table compare without scanning for the
  // end of a long candidate first.
  bool equals_cstring(std::uint64_t offset, std::uint64_t limit, std::string_view text) const {
    limit = std::min<std::uint64_t>(limit, m_size);
    if (offset >= limit || text.size() >= limit - offset) return false;
    const std::uint8_t* at = m_source ? m_source->peek(offset, text.size() + 1) : m_bytes.data() + offset;
    if (at == nullptr || at[text.size()] != 0) return false;
    if (m_meter) m_meter->record(offset, text.size() + 1);
    return std::memcmp(at, text.data(), text.size()) == 0;
  }

  // Unchecked little-endian decode from a span already bounds-checked by bytes().
  template <typename T>
  static T decode(std::span<const std::uint8_t> span, std::size_t at) {
    T value = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&value, span.data() + at, sizeof(T));
    } else {
      for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(static_cast<T>(span[at + i]) << (8 * i));
    }
    return value;
  }

 private:
  ReadResult<std::span<const std::uint8_t>> access(std::uint64_t offset, std::uint64_t len, std::string_view what,
                                                   bool keep) const {
    if (!contains(offset, len)) {
      return unexpected(ReadError{
          fmt::format("{} (bytes {:#x}..{:#x}) lies past the end of the file ({:#x} bytes)", what,
                      offset, offset + len, m_size),
          offset});
    }
    if (m_meter) m_meter->record(offset, len);
    if (!m_source) return m_bytes.subspan(static_cast<std::size_t>(offset), static_cast<std::size_t>(len));
    const std::uint8_t* data = keep ? m_source->keep(offset, len) : m_source->peek(offset, len);
    if (data == nullptr) {
      return unexpected(ReadError{fmt::format("{} (bytes {:#x}..{:#x}) could not be read from the file", what, offset,
                                              offset + len),
                                  offset});
    }
    return std::span<const std::uint8_t>(data, static_cast<std::size_t>(len));
  }

  std::span<const std::uint8_t> m_bytes;  // in memory, when m_source is null
  const FileSource* m_source = nullptr;
  std::uint64_t m_size = 0;
  binary::AccessMeter* m_meter = nullptr;
};

}  // namespace mlstack::binary::detail

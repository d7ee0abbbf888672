// SPDX-License-Identifier: MIT
// MappedFile: a read-only memory map of a whole file, move-only. Readers lex
// the mapping through string_views; nothing is copied per line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/expected.h"

namespace mlstack {

class MappedFile {
 public:
  // Maps `path` read-only. Fails with a message naming the path and the reason
  // (missing, a directory, unreadable). Empty files map to an empty view.
  static Expected<MappedFile, std::string> open(const std::string& path);

  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view text() const { return {static_cast<const char*>(m_data), m_size}; }
  std::span<const std::uint8_t> bytes() const { return {static_cast<const std::uint8_t*>(m_data), m_size}; }
  std::size_t size() const { return m_size; }

 private:
  void* m_data = nullptr;
  std::size_t m_size = 0;
};

// Reads a whole file into a string (for small files and for callers that
// outlive the mapping). Fails like MappedFile::open.
Expected<std::string, std::string> read_file(const std::string& path);

// Why read_into did not read a file.
struct ReadError {
  enum class Kind { Unreadable, NotRegular, TooLarge };
  Kind kind = Kind::Unreadable;
  std::string message;     // names the path and the reason
  std::uint64_t size = 0;  // the file's size, for TooLarge
};

// Reads the regular file at `path` into `buffer` with read(2), reusing the
// buffer's capacity (a scan of thousands of small files allocates only for
// the largest). For the small files of a source tree this beats a map, whose
// map, unmap and page faults cost more than the copy. The file is opened
// non-blocking, so a FIFO or device is refused (NotRegular) instead of
// waited on; a file over `max_bytes` is refused (TooLarge) before any byte
// is read. On success `buffer` holds the file (shorter when it shrank while read).
Expected<std::size_t, ReadError> read_into(const std::string& path, std::string& buffer,
                                           std::uint64_t max_bytes = UINT64_MAX);

}  // namespace mlstack

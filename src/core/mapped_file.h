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

}  // namespace mlstack

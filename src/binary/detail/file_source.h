// SPDX-License-Identifier: MIT
// FileSource: the bytes of an ELF file read with pread(2), never mapped.
//
// Why not a memory map: a check reads the ELF header, the section table, the
// dynamic-linking sections (a few MB even for libtorch) and the 64-byte
// headers of fatbin entries spread through hundreds of MB of GPU code. Through
// a whole-file map every touch faults in a fault-around block of pages (64 KB
// by default) and readahead, all of which count as resident memory until the
// map goes: `check --target sm=61` over CUDA's 2.5 GB of libraries held 1 GB.
// Read into buffers, memory is what is kept: the extents below and one small
// window, and the page cache (not this process) holds the file.
//
// Three kinds of read:
// - keep(): bytes that must stay valid while the source lives (string tables
//   whose names are handed out as string_views, tables read many times). Each
//   is an owned extent; pin() reads several sections as few extents up front.
// - peek(): bytes valid until the next peek() or find() (fields that are
//   decoded at once): served from a kept extent or the search window when
//   one covers them, else from a small window of at least 4 KB read at the
//   offset.
// - find(): the first occurrence of a byte pattern in a range, read in a
//   search window of up to 1 MB that stays while the search goes on (cuFFT
//   keeps 24,000 small fatbins back to back: the headers read between two
//   searches must not throw the window away).
//
// Files are opened on demand and at most k_max_open stay open process-wide
// (the least recently used is closed and reopened when needed), so a Linker
// holding thousands of libraries never runs out of descriptors. Reads go
// through one process-wide lock: src/binary is used from one thread at a time
// today, and the lock keeps a descriptor from being closed under a reader.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/expected.h"

namespace mlstack::binary::detail {

// Process-wide totals since start, for --verbose.
struct ReadTotals {
  std::uint64_t files = 0;       // sources opened
  std::uint64_t file_bytes = 0;  // their sizes
  std::uint64_t reads = 0;       // pread calls
  std::uint64_t bytes = 0;       // bytes they returned
};
ReadTotals read_totals();

class FileSource {
 public:
  static constexpr std::size_t k_max_open = 64;

  // Opens `path` (a regular file) and records its size. Fails with a message
  // naming the path and the reason.
  static Expected<std::unique_ptr<FileSource>, std::string> open(const std::string& path);
  ~FileSource();
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::uint64_t size() const { return m_size; }
  const std::string& path() const { return m_path; }

  // Reads each [offset, offset+len) range (inside the file) into kept
  // extents, merging ranges that lie within `gap` bytes of each other.
  // Returns false on a read error (nothing is kept for that range).
  bool pin(std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges, std::uint64_t gap = 64 * 1024) const;
  // Pointer to [offset, offset+len) kept for the source's lifetime; nullptr
  // on a read error. The range must lie inside the file.
  const std::uint8_t* keep(std::uint64_t offset, std::uint64_t len) const;
  // A NUL-terminated string at `offset` that must end before `limit`, kept:
  // its length (without the NUL) and pointer, or nullptr when no NUL comes
  // before `limit` (or on a read error). limit <= size().
  const std::uint8_t* keep_cstring(std::uint64_t offset, std::uint64_t limit, std::uint64_t* length) const;
  // Pointer to [offset, offset+len) valid until the next peek() or find().
  const std::uint8_t* peek(std::uint64_t offset, std::uint64_t len) const;
  // The offset of the first `pattern` in [offset, end), or `end`.
  std::uint64_t find(std::uint64_t offset, std::uint64_t end, std::span<const std::uint8_t> pattern) const;
  // Frees the windows (after a search: the search window is 1 MB).
  void trim() const;

 private:
  struct Extent {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    std::unique_ptr<std::uint8_t[]> bytes;
  };

  FileSource(std::string path, std::uint64_t size) : m_path(std::move(path)), m_size(size) {}
  // pread of exactly `len` bytes at `offset` into `out`.
  bool read_exact(std::uint64_t offset, std::uint64_t len, std::uint8_t* out) const;
  const Extent* covering(std::uint64_t offset, std::uint64_t len) const;
  const std::uint8_t* add_extent(std::uint64_t offset, std::uint64_t len) const;
  struct Window {
    std::vector<std::uint8_t> bytes;
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    const std::uint8_t* covering(std::uint64_t at, std::uint64_t len) const {
      return at >= offset && len <= size && at - offset <= size - len ? bytes.data() + (at - offset) : nullptr;
    }
  };
  const std::uint8_t* fill(Window& window, std::uint64_t offset, std::uint64_t len, std::uint64_t want) const;

  friend struct OpenFiles;
  std::string m_path;
  std::uint64_t m_size = 0;
  mutable int m_fd = -1;
  mutable std::vector<Extent> m_extents;  // sorted by offset
  mutable std::size_t m_last = 0;         // extent that answered last
  mutable Window m_peek;    // small reads
  mutable Window m_search;  // find()
  mutable std::uint64_t m_search_want = 64 * 1024;  // size of the next search window
};

}  // namespace mlstack::binary::detail

// SPDX-License-Identifier: MIT
#include "binary/detail/file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <list>
#include <mutex>

#include <fmt/format.h>

namespace mlstack::binary::detail {
namespace {

constexpr std::uint64_t k_peek_window = 4 * 1024;
constexpr std::uint64_t k_find_window = 1024 * 1024;
constexpr std::uint64_t k_first_find_window = 64 * 1024;

}  // namespace

// The sources with an open descriptor, most recently used first, and the
// lock every read takes.
struct OpenFiles {
  std::mutex lock;
  std::list<const FileSource*> open;
  ReadTotals totals;

  static OpenFiles& get() {
    static OpenFiles files;
    return files;
  }

  // The descriptor of `source`, opening it (and closing the least recently
  // used one) when needed. Called with `lock` held.
  int fd_of(const FileSource& source) {
    if (source.m_fd >= 0) {
      auto it = std::find(open.begin(), open.end(), &source);
      if (it != open.begin() && it != open.end()) open.splice(open.begin(), open, it);
      return source.m_fd;
    }
    if (open.size() >= FileSource::k_max_open) {
      const FileSource* last = open.back();
      ::close(last->m_fd);
      last->m_fd = -1;
      open.pop_back();
    }
    source.m_fd = ::open(source.m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (source.m_fd >= 0) open.push_front(&source);
    return source.m_fd;
  }

  void forget(const FileSource& source) {
    std::lock_guard guard(lock);
    if (source.m_fd < 0) return;
    ::close(source.m_fd);
    source.m_fd = -1;
    open.remove(&source);
  }
};

ReadTotals read_totals() {
  OpenFiles& files = OpenFiles::get();
  std::lock_guard guard(files.lock);
  return files.totals;
}

Expected<std::unique_ptr<FileSource>, std::string> FileSource::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return unexpected(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return unexpected(fmt::format("{}: cannot stat: {}", path, std::strerror(err)));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return unexpected(fmt::format("{}: {}", path, S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file"));
  }
  std::unique_ptr<FileSource> source(new FileSource(path, static_cast<std::uint64_t>(st.st_size)));
  OpenFiles& files = OpenFiles::get();
  std::lock_guard guard(files.lock);
  // Adopt the descriptor as the most recently used one.
  if (files.open.size() >= k_max_open) {
    const FileSource* last = files.open.back();
    ::close(last->m_fd);
    last->m_fd = -1;
    files.open.pop_back();
  }
  source->m_fd = fd;
  files.open.push_front(source.get());
  files.totals.files += 1;
  files.totals.file_bytes += source->m_size;
  return source;
}

FileSource::~FileSource() { OpenFiles::get().forget(*this); }

bool FileSource::read_exact(std::uint64_t offset, std::uint64_t len, std::uint8_t* out) const {
  OpenFiles& files = OpenFiles::get();
  std::lock_guard guard(files.lock);
  int fd = files.fd_of(*this);
  if (fd < 0) return false;
  std::uint64_t done = 0;
  while (done < len) {
    ssize_t n = ::pread(fd, out + done, static_cast<std::size_t>(len - done), static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;  // an error, or the file shrank under us
    done += static_cast<std::uint64_t>(n);
    files.totals.reads += 1;
    files.totals.bytes += static_cast<std::uint64_t>(n);
  }
  return true;
}

const FileSource::Extent* FileSource::covering(std::uint64_t offset, std::uint64_t len) const {
  auto covers = [&](const Extent& e) { return offset >= e.offset && len <= e.size && offset - e.offset <= e.size - len; };
  if (m_last < m_extents.size() && covers(m_extents[m_last])) return &m_extents[m_last];
  // Extents may overlap: any one that starts at or before `offset` can cover it.
  auto after = std::upper_bound(m_extents.begin(), m_extents.end(), offset,
                                [](std::uint64_t value, const Extent& e) { return value < e.offset; });
  for (auto it = after; it != m_extents.begin();) {
    --it;
    if (covers(*it)) {
      m_last = static_cast<std::size_t>(it - m_extents.begin());
      return &*it;
    }
  }
  return nullptr;
}

const std::uint8_t* FileSource::add_extent(std::uint64_t offset, std::uint64_t len) const {
  Extent extent{offset, len, std::make_unique<std::uint8_t[]>(static_cast<std::size_t>(std::max<std::uint64_t>(len, 1)))};
  if (!read_exact(offset, len, extent.bytes.get())) return nullptr;
  const std::uint8_t* data = extent.bytes.get();
  auto at = std::upper_bound(m_extents.begin(), m_extents.end(), offset,
                             [](std::uint64_t value, const Extent& e) { return value < e.offset; });
  m_last = static_cast<std::size_t>(at - m_extents.begin());
  m_extents.insert(at, std::move(extent));
  return data;
}

bool FileSource::pin(std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges, std::uint64_t gap) const {
  std::erase_if(ranges, [&](const auto& r) { return r.second == 0 || r.first > m_size || r.second > m_size - r.first; });
  std::sort(ranges.begin(), ranges.end());
  bool ok = true;
  std::size_t i = 0;
  while (i < ranges.size()) {
    std::uint64_t begin = ranges[i].first;
    std::uint64_t end = begin + ranges[i].second;
    std::size_t j = i + 1;
    while (j < ranges.size() && ranges[j].first <= end + gap) {
      end = std::max(end, ranges[j].first + ranges[j].second);
      ++j;
    }
    if (!covering(begin, end - begin) && !add_extent(begin, end - begin)) ok = false;
    i = j;
  }
  return ok;
}

const std::uint8_t* FileSource::keep(std::uint64_t offset, std::uint64_t len) const {
  if (const Extent* extent = covering(offset, len)) return extent->bytes.get() + (offset - extent->offset);
  return add_extent(offset, len);
}

const std::uint8_t* FileSource::keep_cstring(std::uint64_t offset, std::uint64_t limit, std::uint64_t* length) const {
  if (offset >= limit) return nullptr;
  // In a kept extent (a pinned string table): search up to its end.
  if (const Extent* extent = covering(offset, 1)) {
    const std::uint8_t* begin = extent->bytes.get() + (offset - extent->offset);
    const std::uint64_t available = std::min(extent->offset + extent->size, limit) - offset;
    if (const void* nul = std::memchr(begin, 0, static_cast<std::size_t>(available))) {
      *length = static_cast<std::uint64_t>(static_cast<const std::uint8_t*>(nul) - begin);
      return begin;
    }
    if (extent->offset + extent->size >= limit) return nullptr;
  }
  // Otherwise read growing pieces until a NUL or the limit.
  for (std::uint64_t want = 256;; want *= 4) {
    const std::uint64_t len = std::min(want, limit - offset);
    std::vector<std::uint8_t> piece(static_cast<std::size_t>(len));
    if (!read_exact(offset, len, piece.data())) return nullptr;
    if (const void* nul = std::memchr(piece.data(), 0, piece.size())) {
      *length = static_cast<std::uint64_t>(static_cast<const std::uint8_t*>(nul) - piece.data());
      return keep(offset, *length + 1);
    }
    if (len == limit - offset) return nullptr;
  }
}

const std::uint8_t* FileSource::fill(Window& window, std::uint64_t offset, std::uint64_t len, std::uint64_t want) const {
  const std::uint64_t size = std::min(std::max(len, want), m_size - offset);
  if (window.bytes.size() < size) window.bytes.resize(static_cast<std::size_t>(size));
  if (!read_exact(offset, size, window.bytes.data())) {
    window.size = 0;
    return nullptr;
  }
  window.offset = offset;
  window.size = size;
  return window.bytes.data();
}

const std::uint8_t* FileSource::peek(std::uint64_t offset, std::uint64_t len) const {
  if (const Extent* extent = covering(offset, len)) return extent->bytes.get() + (offset - extent->offset);
  if (const std::uint8_t* at = m_search.covering(offset, len)) return at;
  if (const std::uint8_t* at = m_peek.covering(offset, len)) return at;
  return fill(m_peek, offset, len, k_peek_window);
}

std::uint64_t FileSource::find(std::uint64_t offset, std::uint64_t end, std::span<const std::uint8_t> pattern) const {
  end = std::min(end, m_size);
  if (offset >= end || pattern.empty() || pattern.size() > end - offset) return end;
  const std::uint64_t last_start = end - pattern.size();
  std::uint64_t at = offset;
  while (at <= last_start) {
    // Search what the window holds from `at` (at least a pattern's length),
    // else read the next window there.
    const std::uint8_t* base = m_search.covering(at, pattern.size());
    std::uint64_t n = base ? std::min(m_search.offset + m_search.size, end) - at : 0;
    if (base == nullptr) {
      // Windows start small after a match (the next fatbin is often near)
      // and grow four-fold while nothing is found; never past `end`.
      const std::uint64_t want = std::min<std::uint64_t>(m_search_want, end - at);
      base = fill(m_search, at, want, want);
      if (base == nullptr) return end;
      n = m_search.size;
      m_search_want = std::min<std::uint64_t>(m_search_want * 4, k_find_window);
    }
    const std::uint64_t starts = std::min<std::uint64_t>(n - pattern.size() + 1, last_start - at + 1);
    const std::uint8_t* p = base;
    const std::uint8_t* stop = base + starts;  // one past the last start inside this window
    while (p < stop) {
      p = static_cast<const std::uint8_t*>(std::memchr(p, pattern[0], static_cast<std::size_t>(stop - p)));
      if (p == nullptr) break;
      if (std::memcmp(p, pattern.data(), pattern.size()) == 0) {
        m_search_want = k_first_find_window;
        return at + static_cast<std::uint64_t>(p - base);
      }
      ++p;
    }
    at += starts;  // the next window starts where a match could still begin
  }
  return end;
}

void FileSource::trim() const {
  m_peek = Window{};
  m_search = Window{};
  m_search_want = k_first_find_window;
}

}  // namespace mlstack::binary::detail

// SPDX-License-Identifier: MIT
#include "core/mapped_file.h"

#include "core/file_guard.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace mlstack {

Expected<MappedFile, std::string> MappedFile::open(const std::string& path) {
  // Through the guard: a FIFO, socket or device is refused, never waited on.
  auto opened = open_regular_file(path);
  if (!opened) return unexpected(std::move(opened.error().message));
  int fd = opened->fd;
  struct stat st {};
  st.st_size = static_cast<off_t>(opened->size);
  MappedFile file;
  if (st.st_size > 0) {
    void* data = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      return unexpected(fmt::format("{}: cannot map: {}", path, std::strerror(err)));
    }
    file.m_data = data;
    file.m_size = static_cast<std::size_t>(st.st_size);
  }
  ::close(fd);
  return file;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (m_data) ::munmap(m_data, m_size);
    m_data = std::exchange(other.m_data, nullptr);
    m_size = std::exchange(other.m_size, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (m_data) ::munmap(m_data, m_size);
}

Expected<std::string, std::string> read_file(const std::string& path) {
  auto mapped = MappedFile::open(path);
  if (!mapped) return unexpected(mapped.error());
  return std::string(mapped->text());
}

Expected<std::size_t, ReadError> read_into(const std::string& path, std::string& buffer, std::uint64_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return unexpected(ReadError{ReadError::Kind::Unreadable, fmt::format("{}: {}", path, std::strerror(errno)), 0});
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return unexpected(ReadError{ReadError::Kind::NotRegular, fmt::format("{}: not a regular file", path), 0});
  }
  auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) {
    ::close(fd);
    return unexpected(ReadError{ReadError::Kind::TooLarge, fmt::format("{}: {} bytes", path, size), size});
  }
  buffer.resize(static_cast<std::size_t>(size));
  std::size_t done = 0;
  while (done < buffer.size()) {
    ssize_t n = ::read(fd, buffer.data() + done, buffer.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return unexpected(ReadError{ReadError::Kind::Unreadable, fmt::format("{}: {}", path, std::strerror(err)), 0});
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  buffer.resize(done);
  ::close(fd);
  return done;
}

}  // namespace mlstack

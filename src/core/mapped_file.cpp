// SPDX-License-Identifier: MIT
#include "core/mapped_file.h"

#include "core/file_guard.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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

}  // namespace mlstack

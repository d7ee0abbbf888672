// SPDX-License-Identifier: MIT
#include "core/file_guard.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <algorithm>

#include <fmt/format.h>

namespace mlstack {

std::optional<std::string_view> special_file_kind(mode_t mode) {
  if (S_ISREG(mode)) return std::nullopt;
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

Expected<OpenedFile, OpenError> open_regular_file(const std::string& path, std::uint64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer
  // forever; O_NOCTTY: a terminal device never becomes ours.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    int err = errno;
    // A socket cannot be opened at all (ENXIO): still say what it is.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      if (auto kind = special_file_kind(st.st_mode); kind && !S_ISDIR(st.st_mode)) {
        return unexpected(OpenError{OpenRefusal::Special, fmt::format("{}: is {}, not a regular file; not read", path, *kind)});
      }
    }
    return unexpected(OpenError{OpenRefusal::Unreadable, fmt::format("{}: cannot open: {}", path, std::strerror(err))});
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return unexpected(OpenError{OpenRefusal::Unreadable, fmt::format("{}: cannot stat: {}", path, std::strerror(err))});
  }
  if (auto kind = special_file_kind(st.st_mode)) {
    ::close(fd);
    return unexpected(OpenError{OpenRefusal::Special, fmt::format("{}: is {}, not a regular file; not read", path, *kind)});
  }
  auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes) {
    ::close(fd);
    return unexpected(OpenError{OpenRefusal::TooLarge,
                                fmt::format("{}: is {} bytes, over the {}-byte limit; not read", path, size, max_bytes)});
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  return OpenedFile{fd, size};
}

namespace {

// Reads `fd` to its end, failing past `max_bytes` (it reads one byte more to
// know); `size_hint` sizes the first read.
Expected<std::string, std::string> read_to_end(int fd, std::uint64_t size_hint, std::uint64_t max_bytes,
                                               const std::string& shown) {
  const std::size_t limit = static_cast<std::size_t>(std::min<std::uint64_t>(max_bytes, SIZE_MAX / 2) + 1);
  std::string text;
  text.resize(std::min<std::size_t>(limit, std::max<std::size_t>(4096, static_cast<std::size_t>(std::min<std::uint64_t>(size_hint, limit)) + 1)));
  std::size_t done = 0;
  while (true) {
    if (done == text.size()) {
      if (done >= limit) break;
      text.resize(std::min(limit, text.size() * 2));
    }
    ssize_t n = ::read(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return unexpected(fmt::format("{}: cannot read: {}", shown, std::strerror(errno)));
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  if (done > max_bytes) return unexpected(fmt::format("{}: more than {} bytes; not read", shown, max_bytes));
  text.resize(done);
  return text;
}

}  // namespace

Expected<std::string, OpenError> read_regular_file(const std::string& path, std::uint64_t max_bytes) {
  auto opened = open_regular_file(path, max_bytes);
  if (!opened) return unexpected(opened.error());
  auto text = read_to_end(opened->fd, opened->size, max_bytes, path);
  ::close(opened->fd);
  if (!text) return unexpected(OpenError{OpenRefusal::TooLarge, text.error()});
  return std::move(*text);
}

bool is_stream_argument(std::string_view path) {
  return path == "-" || path == "/dev/stdin" || path.starts_with("/dev/fd/") || path.starts_with("/proc/self/fd/");
}

Expected<std::string, std::string> read_argument_file(const std::string& path, std::uint64_t max_bytes) {
  if (!is_stream_argument(path)) {
    auto text = read_regular_file(path, max_bytes);
    if (!text) return unexpected(text.error().message);
    return std::move(*text);
  }
  std::string shown = path == "-" ? "standard input" : path;
  int fd = 0;
  bool owned = false;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return unexpected(fmt::format("{}: cannot open: {}", shown, std::strerror(errno)));
    owned = true;
  }
  struct stat st {};
  bool stated = ::fstat(fd, &st) == 0;
  std::uint64_t hint = stated && S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
  if (stated && S_ISDIR(st.st_mode)) {
    if (owned) ::close(fd);
    return unexpected(fmt::format("{}: is a folder", shown));
  }
  auto text = read_to_end(fd, hint, max_bytes, shown);
  if (owned) ::close(fd);
  return text;
}

std::optional<std::string> real_path(const std::string& path) {
  char* resolved = ::realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return std::nullopt;
  std::string out(resolved);
  std::free(resolved);
  return out;
}

bool is_within(std::string_view root, std::string_view path) {
  if (root == "/") return path.starts_with('/');
  if (!path.starts_with(root)) return false;
  return path.size() == root.size() || path[root.size()] == '/';
}

}  // namespace mlstack

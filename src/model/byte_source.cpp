// SPDX-License-Identifier: MIT
#include "model/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace mlstack::model {

namespace fs = std::filesystem;

std::string join_path(std::string_view folder, std::string_view name) {
  if (folder.empty()) return std::string(name);
  std::string out(folder);
  if (out.back() != '/') out += '/';
  out += name;
  return out;
}

// --- MemoryByteSource ------------------------------------------------------

MemoryByteSource::MemoryByteSource(std::string name, std::string bytes, ReadMeter* meter)
    : m_name(std::move(name)), m_bytes(std::move(bytes)), m_meter(meter) {}

Expected<std::string, std::string> MemoryByteSource::read(std::uint64_t offset, std::size_t length) {
  if (offset >= m_bytes.size()) return std::string();
  std::string out = m_bytes.substr(static_cast<std::size_t>(offset), length);
  if (m_meter) {
    m_meter->bytes += out.size();
    ++m_meter->reads;
  }
  return out;
}

// --- FileByteSource --------------------------------------------------------

FileByteSource::FileByteSource(std::string name, int fd, std::uint64_t size, ReadMeter* meter)
    : m_name(std::move(name)), m_fd(fd), m_size(size), m_meter(meter) {}

FileByteSource::~FileByteSource() {
  if (m_fd >= 0) ::close(m_fd);
}

Expected<std::unique_ptr<FileByteSource>, std::string> FileByteSource::open(const std::string& path,
                                                                           ReadMeter* meter) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return unexpected(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return unexpected(fmt::format("{}: cannot stat: {}", path, std::strerror(err)));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return unexpected(fmt::format("{}: is a directory", path));
  }
  return std::unique_ptr<FileByteSource>(
      new FileByteSource(path, fd, static_cast<std::uint64_t>(st.st_size), meter));
}

Expected<std::string, std::string> FileByteSource::read(std::uint64_t offset, std::size_t length) {
  if (offset >= m_size) return std::string();
  length = static_cast<std::size_t>(std::min<std::uint64_t>(length, m_size - offset));
  std::string out(length, '\0');
  std::size_t done = 0;
  while (done < length) {
    ssize_t got = ::pread(m_fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return unexpected(fmt::format("{}: cannot read at byte {}: {}", m_name, offset + done, std::strerror(errno)));
    }
    if (got == 0) break;  // the file shrank under us: return what there is
    done += static_cast<std::size_t>(got);
  }
  out.resize(done);
  if (m_meter) {
    m_meter->bytes += done;
    ++m_meter->reads;
  }
  return out;
}

// --- ModelStore ------------------------------------------------------------

Expected<std::optional<std::string>, std::string> ModelStore::read_text(std::string_view relative, std::size_t limit) {
  auto source = open(relative);
  if (!source) return unexpected(source.error());
  if (!*source) return std::optional<std::string>();
  ByteSource& file = **source;
  if (file.size() > limit)
    return unexpected(
        fmt::format("{}: {} bytes, more than the {} bytes mlstack reads of such a file", file.name(), file.size(), limit));
  auto text = file.read(0, static_cast<std::size_t>(file.size()));
  if (!text) return unexpected(text.error());
  return std::optional<std::string>(std::move(*text));
}

// --- LocalModelStore -------------------------------------------------------

LocalModelStore::LocalModelStore(std::string root) : m_root(std::move(root)) {}

std::string LocalModelStore::display(std::string_view relative) const { return join_path(m_root, relative); }

Expected<std::unique_ptr<ByteSource>, std::string> LocalModelStore::open(std::string_view relative) {
  std::string path = display(relative);
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return std::unique_ptr<ByteSource>();
  auto file = FileByteSource::open(path, &m_meter);
  if (!file) return unexpected(file.error());
  return std::unique_ptr<ByteSource>(std::move(*file));
}

std::optional<std::vector<std::string>> LocalModelStore::list(std::string_view folder) const {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(display(folder), ec), end;
  if (ec) return names;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<bool> LocalModelStore::has_folder(std::string_view folder) const {
  std::error_code ec;
  return fs::is_directory(display(folder), ec);
}

// --- MemoryModelStore ------------------------------------------------------

void MemoryModelStore::add(std::string relative, std::string bytes) {
  m_files.emplace_back(std::move(relative), std::move(bytes));
}

std::string MemoryModelStore::display(std::string_view relative) const { return std::string(relative); }

Expected<std::unique_ptr<ByteSource>, std::string> MemoryModelStore::open(std::string_view relative) {
  for (const auto& [name, bytes] : m_files)
    if (name == relative) return std::unique_ptr<ByteSource>(new MemoryByteSource(name, bytes, &m_meter));
  return std::unique_ptr<ByteSource>();
}

std::optional<std::vector<std::string>> MemoryModelStore::list(std::string_view folder) const {
  std::vector<std::string> names;
  std::string prefix = folder.empty() ? std::string() : std::string(folder) + "/";
  for (const auto& [name, bytes] : m_files) {
    if (!name.starts_with(prefix)) continue;
    std::string_view rest = std::string_view(name).substr(prefix.size());
    if (rest.find('/') == std::string_view::npos) names.emplace_back(rest);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<bool> MemoryModelStore::has_folder(std::string_view folder) const {
  std::string prefix = std::string(folder) + "/";
  for (const auto& [name, bytes] : m_files)
    if (name.starts_with(prefix)) return true;
  return false;
}

}  // namespace mlstack::model

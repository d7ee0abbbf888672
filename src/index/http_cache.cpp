// SPDX-License-Identifier: MIT
#include "index/http_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

namespace mlstack::index {
namespace {

namespace fs = std::filesystem;

// Bump when the entry layout, the file naming or a payload codec changes: old
// entries then sit in the old folder, unread, until `cache clean` removes them.
// v2: entries named by a 128-bit digest of two 64-bit hashes instead of
// sha256 (loading libcrypto for names cost a warm run ~10 ms).
// v3: page codec 2 (each file's classification stored, page_codec.cpp).
constexpr std::string_view k_layout = "http-v3";
constexpr std::string_view k_layout_prefix = "http-v";
constexpr std::string_view k_magic = "mlstack-cache 1\n";

// FNV-1a, 64 bits.
std::uint64_t fnv1a(std::string_view text, std::uint64_t basis) {
  std::uint64_t h = basis;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// splitmix64's finalizer: spreads every input bit over the output.
std::uint64_t mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// An entry's file name: 128 bits from two differently seeded hashes of the
// key, as uv names its cache entries by a fast non-cryptographic digest. A
// name only has to be stable and unlikely to collide among thousands of
// entries; the key (which may hold a URL with credentials) is never stored.
std::string key_digest(std::string_view key) {
  std::uint64_t first = fnv1a(key, 0xcbf29ce484222325ULL);
  std::uint64_t second = mix(fnv1a(key, 0x84222325cbf29ce4ULL) ^ key.size());
  return fmt::format("{:016x}{:016x}", first, second);
}

std::string read_whole(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  // One read into a buffer of the file's size (a warm lookup reads hundreds
  // of entries); the loop still follows a file that grows or shrinks meanwhile.
  struct stat st {};
  std::size_t expected = ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0;
  std::string out(expected + 1, '\0');
  std::size_t used = 0;
  while (true) {
    if (used == out.size()) out.resize(out.size() * 2);
    ssize_t n = ::read(fd, out.data() + used, out.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    used += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(used);
  return out;
}

std::optional<std::int64_t> to_int(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string serialize(const CacheEntry& entry) {
  const CachePolicy& p = entry.policy;
  std::string out(k_magic);
  out += fmt::format("url {}\netag {}\nlast-modified {}\nstored {}\n", entry.url, p.etag, p.last_modified, p.stored_at);
  if (p.max_age) out += fmt::format("max-age {}\n", *p.max_age);
  if (p.no_cache) out += "no-cache\n";
  if (p.immutable) out += "immutable\n";
  out += fmt::format("payload {}\n\n", entry.payload.size());
  out += entry.payload;
  return out;
}

std::optional<CacheEntry> deserialize(std::string&& bytes) {
  std::string_view text = bytes;
  if (!text.starts_with(k_magic)) return std::nullopt;
  text.remove_prefix(k_magic.size());
  CacheEntry entry;
  std::optional<std::size_t> payload_size;
  while (true) {
    std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    if (line.empty()) break;
    std::size_t space = line.find(' ');
    std::string_view key = line.substr(0, space);
    std::string_view value = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    if (key == "url") entry.url = std::string(value);
    else if (key == "etag") entry.policy.etag = std::string(value);
    else if (key == "last-modified") entry.policy.last_modified = std::string(value);
    else if (key == "stored") entry.policy.stored_at = to_int(value).value_or(0);
    else if (key == "max-age") entry.policy.max_age = to_int(value);
    else if (key == "no-cache") entry.policy.no_cache = true;
    else if (key == "immutable") entry.policy.immutable = true;
    else if (key == "payload") {
      if (auto n = to_int(value); n && *n >= 0) payload_size = static_cast<std::size_t>(*n);
    }
  }
  // A truncated file (a full disk) is a miss, never a short payload.
  if (!payload_size || *payload_size != text.size()) return std::nullopt;
  bytes.erase(0, bytes.size() - text.size());  // the payload stays in the buffer it was read into
  entry.payload = std::move(bytes);
  return entry;
}

struct FileInfo {
  fs::path path;
  std::uint64_t size = 0;
  fs::file_time_type time;
};

std::vector<FileInfo> list_entries(const fs::path& root) {
  std::vector<FileInfo> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    FileInfo info{it->path(), static_cast<std::uint64_t>(it->file_size(ec)), it->last_write_time(ec)};
    if (!ec) out.push_back(std::move(info));
  }
  return out;
}

}  // namespace

HttpCache::HttpCache(std::string dir, std::uint64_t max_bytes) : m_dir(std::move(dir)), m_max_bytes(max_bytes) {}

std::string HttpCache::path_for(std::string_view key) const {
  std::string digest = key_digest(key);
  return fmt::format("{}/{}/{}/{}", m_dir, k_layout, digest.substr(0, 2), digest.substr(2));
}

std::optional<CacheEntry> HttpCache::load(std::string_view key) const {
  if (m_dir.empty()) return std::nullopt;
  std::string bytes = read_whole(path_for(key));
  if (bytes.empty()) return std::nullopt;
  return deserialize(std::move(bytes));
}

Expected<bool, std::string> HttpCache::store(std::string_view key, const CacheEntry& entry) {
  if (m_dir.empty() || entry.policy.no_store) return false;
  static std::atomic<unsigned> counter{0};
  std::string path = path_for(key);
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec) return unexpected(fmt::format("{}: cannot create the cache folder: {}", m_dir, ec.message()));
  // Unique per process and call, in the same folder, so rename() is atomic.
  std::string tmp = fmt::format("{}.tmp-{}-{}", path, ::getpid(), counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return unexpected(fmt::format("{}: cannot write: {}", tmp, std::strerror(errno)));
  std::string bytes = serialize(entry);
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return unexpected(fmt::format("{}: write failed: {}", tmp, reason));
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    return unexpected(fmt::format("{}: cannot rename into place: {}", path, reason));
  }
  m_wrote = true;
  maybe_prune();
  return true;
}

CacheStats HttpCache::stats() const {
  CacheStats stats;
  if (m_dir.empty()) return stats;
  for (const auto& info : list_entries(fs::path(m_dir) / k_layout)) {
    ++stats.entries;
    stats.bytes += info.size;
  }
  return stats;
}

Expected<CacheStats, std::string> HttpCache::clean() {
  CacheStats removed = stats();
  std::error_code ec;
  // The entries of older layouts too, which nothing reads any more.
  std::vector<fs::path> layouts;
  for (auto it = fs::directory_iterator(m_dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->path().filename().string().starts_with(k_layout_prefix)) layouts.push_back(it->path());
  ec.clear();
  for (const fs::path& layout : layouts) {
    fs::remove_all(layout, ec);
    if (ec) return unexpected(fmt::format("{}: cannot remove: {}", layout.string(), ec.message()));
  }
  fs::remove(fs::path(m_dir) / ".pruned", ec);
  return removed;
}

void HttpCache::prune() {
  std::vector<FileInfo> entries = list_entries(fs::path(m_dir) / k_layout);
  std::uint64_t total = 0;
  for (const auto& e : entries) total += e.size;
  if (total <= m_max_bytes) return;
  std::sort(entries.begin(), entries.end(), [](const FileInfo& a, const FileInfo& b) { return a.time < b.time; });
  // Down to 90% so that the next few writes do not prune again.
  std::uint64_t target = m_max_bytes / 10 * 9;
  std::error_code ec;
  for (const auto& e : entries) {
    if (total <= target) break;
    if (fs::remove(e.path, ec)) total -= e.size;
  }
}

void HttpCache::maybe_prune() {
  // Walking the cache costs a stat per entry: at most once an hour, by a stamp file.
  fs::path stamp = fs::path(m_dir) / ".pruned";
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  auto last = fs::last_write_time(stamp, ec);
  if (!ec && now - last < std::chrono::hours(1)) return;
  int fd = ::open(stamp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd >= 0) ::close(fd);
  fs::last_write_time(stamp, now, ec);
  prune();
}

std::string default_cache_dir(const std::function<std::optional<std::string>(std::string_view)>& getenv) {
  if (auto dir = getenv("MLSTACK_CACHE_DIR"); dir && !dir->empty()) return *dir;
  if (auto xdg = getenv("XDG_CACHE_HOME"); xdg && !xdg->empty() && xdg->front() == '/') return *xdg + "/mlstack";
  if (auto home = getenv("HOME"); home && !home->empty()) return *home + "/.cache/mlstack";
  return {};
}

}  // namespace mlstack::index

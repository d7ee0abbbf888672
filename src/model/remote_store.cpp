// SPDX-License-Identifier: MIT
#include "model/remote_store.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "index/url.h"
#include "model/safetensors.h"

namespace mlstack::model {

namespace {

// Percent-encodes what a path segment may not hold; '/' separates segments.
std::string encode_path(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

class RemoteByteSource : public ByteSource {
 public:
  RemoteByteSource(std::string url, std::string display, std::uint64_t size, std::string prefix,
                   index::RemoteFiles& files, ReadMeter& meter)
      : m_url(std::move(url)), m_display(std::move(display)), m_size(size), m_prefix(std::move(prefix)),
        m_files(files), m_meter(meter) {}

  const std::string& name() const override { return m_display; }
  std::uint64_t size() const override { return m_size; }

  Expected<std::string, std::string> read(std::uint64_t offset, std::size_t length) override {
    if (offset >= m_size || length == 0) return std::string();
    length = static_cast<std::size_t>(std::min<std::uint64_t>(length, m_size - offset));
    if (offset + length <= m_prefix.size()) return m_prefix.substr(static_cast<std::size_t>(offset), length);
    auto bytes = m_files.read(m_url, index::ByteRange{offset, length});
    ++m_meter.reads;
    if (!bytes) return unexpected(bytes.error());
    m_meter.bytes += bytes->size();
    return std::move(*bytes);
  }

 private:
  std::string m_url;
  std::string m_display;
  std::uint64_t m_size;
  std::string m_prefix;
  index::RemoteFiles& m_files;
  ReadMeter& m_meter;
};

}  // namespace

RemoteLocation model_location(std::string_view url) {
  auto parts = index::parse_url(url);
  if (!parts) return RemoteLocation{std::string(url) + (url.ends_with('/') ? "" : "/"), std::nullopt};
  parts->query.clear();
  parts->fragment.clear();
  std::vector<std::string> segments;
  for (std::string_view path = parts->path; !path.empty();) {
    auto end = path.find('/');
    if (end != 0) segments.emplace_back(path.substr(0, end));
    path = end == std::string_view::npos ? std::string_view() : path.substr(end + 1);
  }
  RemoteLocation out;
  if (!segments.empty() && segments.back().ends_with(".safetensors")) {
    out.file = index::percent_decode(segments.back());
    segments.pop_back();
  }
  bool hugging_face = parts->host == "huggingface.co" || parts->host == "www.huggingface.co";
  // /ORG/NAME[/tree|resolve|blob/REV[/SUBFOLDER...]]; models only (datasets and spaces are not models).
  if (hugging_face && segments.size() >= 2 && segments[0] != "datasets" && segments[0] != "spaces") {
    std::string revision = "main";
    std::size_t rest = 2;
    if (segments.size() >= 4 && (segments[2] == "tree" || segments[2] == "resolve" || segments[2] == "blob")) {
      revision = segments[3];
      rest = 4;
    }
    std::vector<std::string> rebuilt = {segments[0], segments[1], "resolve", revision};
    rebuilt.insert(rebuilt.end(), segments.begin() + static_cast<std::ptrdiff_t>(rest), segments.end());
    segments = std::move(rebuilt);
  }
  // Built apart and moved in: assigning "/" to parts->path trips GCC 12's
  // -Wrestrict false positive at -O3 (GCC bug 105329).
  std::string path = "/";
  for (const std::string& segment : segments) path += segment + "/";
  parts->path = std::move(path);
  out.base_url = index::to_string(*parts);
  return out;
}

RemoteModelStore::RemoteModelStore(std::string base_url, index::RemoteFiles& files)
    : m_base(std::move(base_url)), m_files(files) {
  if (m_base.empty() || m_base.back() != '/') m_base += '/';
}

std::string RemoteModelStore::display(std::string_view relative) const {
  return index::redact(m_base + encode_path(relative));
}

Expected<RemoteModelStore::Known, std::string> RemoteModelStore::head(const std::string& relative) {
  if (auto it = m_known.find(relative); it != m_known.end()) {
    if (!it->second.error.empty()) return unexpected(it->second.error);
    return it->second;
  }
  std::string url = m_base + encode_path(relative);
  auto info = m_files.head(std::vector<std::string>{url});
  ++m_meter.reads;
  Known known;
  if (!info[0]) {
    known.error = info[0].error();
  } else {
    known.status = info[0]->status;
    if (info[0]->exists() && !info[0]->size)
      known.error = fmt::format("{}: the server gives no Content-Length, so the file's size is unknown", display(relative));
    else known.size = info[0]->size.value_or(0);
  }
  m_known[relative] = known;
  if (!known.error.empty()) return unexpected(known.error);
  return known;
}

void RemoteModelStore::prefetch(std::span<const std::string> relative) {
  std::vector<std::string> names, urls;
  for (const std::string& name : relative)
    if (!m_known.count(name)) {
      names.push_back(name);
      urls.push_back(m_base + encode_path(name));
    }
  if (names.empty()) return;
  auto infos = m_files.head(urls);
  m_meter.reads += names.size();
  std::vector<index::RangeRead> reads;
  std::vector<std::string> read_names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    Known known;
    if (!infos[i]) {
      known.error = infos[i].error();
    } else {
      known.status = infos[i]->status;
      known.size = infos[i]->size.value_or(0);
      if (infos[i]->exists() && !infos[i]->size)
        known.error = fmt::format("{}: the server gives no Content-Length, so the file's size is unknown", display(names[i]));
      else if (infos[i]->exists() && known.size >= 8) {
        reads.push_back(index::RangeRead{urls[i], index::ByteRange{0, 8}});
        read_names.push_back(names[i]);
      }
    }
    m_known[names[i]] = std::move(known);
  }
  if (reads.empty()) return;
  auto bytes = m_files.read(reads);
  m_meter.reads += reads.size();
  // Then every header those lengths announce, again together. A length the
  // reader will refuse (too large, past the end) is left for it to report.
  std::vector<index::RangeRead> headers;
  std::vector<std::string> header_names;
  for (std::size_t i = 0; i < reads.size(); ++i) {
    if (!bytes[i]) continue;  // the sequential read will report it
    m_meter.bytes += bytes[i]->size();
    Known& known = m_known[read_names[i]];
    known.prefix = std::move(*bytes[i]);
    if (known.prefix.size() != 8) continue;
    std::uint64_t n = 0;
    for (int b = 7; b >= 0; --b) n = (n << 8) | static_cast<unsigned char>(known.prefix[static_cast<std::size_t>(b)]);
    if (n == 0 || n > k_max_header_size || n > known.size - 8) continue;
    headers.push_back(index::RangeRead{reads[i].url, index::ByteRange{8, n}});
    header_names.push_back(read_names[i]);
  }
  if (headers.empty()) return;
  auto texts = m_files.read(headers);
  m_meter.reads += headers.size();
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (!texts[i]) continue;
    m_meter.bytes += texts[i]->size();
    m_known[header_names[i]].prefix += *texts[i];
  }
}

Expected<std::unique_ptr<ByteSource>, std::string> RemoteModelStore::open(std::string_view relative) {
  std::string name(relative);
  auto known = head(name);
  if (!known) return unexpected(known.error());
  if (known->status == 404 || known->status == 410) return std::unique_ptr<ByteSource>();
  if (known->status < 200 || known->status >= 300)
    return unexpected(fmt::format("{}: HTTP {}{}", display(name), known->status,
                                  known->status == 401 || known->status == 403
                                      ? " (credentials come from the URL or ~/.netrc, as for package indexes)"
                                      : ""));
  return std::unique_ptr<ByteSource>(new RemoteByteSource(m_base + encode_path(name), display(name), known->size,
                                                          known->prefix, m_files, m_meter));
}

}  // namespace mlstack::model

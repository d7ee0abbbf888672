// SPDX-License-Identifier: MIT
// RemoteFiles: reads parts of remote files (a wheel's zip directory, a
// safetensors header) and asks whether a file exists, through the client's
// transport, credentials, mirrors and cache, so a reader of model files or
// wheels never opens its own connection or sees a password.
//
// Range answers are cached like pages, keyed by URL and range, and
// revalidated by ETag; a server that ignores Range (200 with the whole body)
// is answered with the requested slice when the body fits the limit.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/expected.h"
#include "index/http_cache.h"
#include "index/sources.h"
#include "index/transport.h"

namespace mlstack::index {

struct RemoteFileInfo {
  int status = 0;                     // 200, 404 ...
  std::optional<std::uint64_t> size;  // Content-Length
  std::string etag;
  std::string last_modified;
  std::string url;  // after redirects, redacted
  bool exists() const { return status >= 200 && status < 300; }
};

struct RangeRead {
  std::string url;
  ByteRange range;
};

class RemoteFiles {
 public:
  RemoteFiles(const IndexConfig& config, Transport& transport, HttpCache* cache, bool offline,
              std::function<std::int64_t()> now);

  // HEAD requests, many at once. An error names the URL (redacted).
  std::vector<Expected<RemoteFileInfo, std::string>> head(std::span<const std::string> urls);
  // Range reads, many at once; each answer holds exactly the bytes asked for
  // (fewer only at the end of the file).
  std::vector<Expected<std::string, std::string>> read(std::span<const RangeRead> reads);
  Expected<std::string, std::string> read(const std::string& url, ByteRange range);

  bool offline() const { return m_offline; }

 private:
  const IndexConfig& m_config;
  Transport& m_transport;
  HttpCache* m_cache;
  bool m_offline;
  std::function<std::int64_t()> m_now;
};

}  // namespace mlstack::index

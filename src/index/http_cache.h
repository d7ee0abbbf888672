// SPDX-License-Identifier: MIT
// The on-disk HTTP cache under $XDG_CACHE_HOME/mlstack (or --cache-dir).
//
// Each entry keeps what the server said about reuse (ETag, Last-Modified,
// Cache-Control max-age / no-cache / no-store, Age) with a payload: a project
// page already parsed into the compact form of page_codec.h (so a warm
// lookup parses no JSON or HTML), a verified .metadata file, or the bytes of
// a range read. Lookups follow HTTP's rules as uv-client's cached_client
// does: a fresh entry is used without a request, a stale one is revalidated
// (If-None-Match / If-Modified-Since; 304 keeps it), --refresh revalidates
// everything, and --offline uses whatever is stored, however old, and turns a
// miss into "not cached" rather than a request.
//
// Files, not SQLite: every entry is one small file written to a temporary
// name in the same folder and renamed into place, so readers in other
// mlstack processes see the old entry or the new one and never half of
// either, with no lock to hold or to leave behind after a crash; two writers
// of the same key both write whole entries and the last rename wins, which is
// correct because both hold a valid answer. A warm lookup is one open and
// read per page. SQLite would add a dependency and a writer lock for no gain
// at these sizes (hundreds to thousands of entries), and `mlstack cache clean`
// stays a plain removal of a folder.
//
// Bounded: when the entries exceed `max_bytes`, the least recently stored
// are removed (checked at most once an hour, after a write).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.h"
#include "index/transport.h"

namespace mlstack::index {

struct CachePolicy {
  std::string etag;           // as sent, quotes included: "\"abc\"", W/"abc"
  std::string last_modified;  // as sent
  std::int64_t stored_at = 0;           // unix seconds when the response was received
  std::optional<std::int64_t> max_age;  // seconds of freshness from stored_at (max-age minus Age)
  bool no_cache = false;   // must be revalidated before each use
  bool no_store = false;   // must not be stored at all
  bool immutable = false;  // never changes (hash-verified content)
};

// Reads Cache-Control (max-age, s-maxage, no-cache, no-store, must-revalidate,
// immutable), Age, Expires is ignored (PyPI and uv use max-age), ETag and
// Last-Modified from a response received at `now`.
CachePolicy policy_from_response(const HttpResponse& response, std::int64_t now);

// Fresh: usable without asking the server.
bool is_fresh(const CachePolicy& policy, std::int64_t now);
// Whether a conditional request can revalidate it.
bool can_revalidate(const CachePolicy& policy);
// Adds If-None-Match / If-Modified-Since to a request.
void add_validators(const CachePolicy& policy, HttpRequest& request);

struct CacheEntry {
  CachePolicy policy;
  std::string url;      // without credentials (for `cache` listings and messages)
  std::string payload;  // codec-defined bytes
};

struct CacheStats {
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;
};

class HttpCache {
 public:
  static constexpr std::uint64_t k_default_max_bytes = 1ull << 30;  // 1 GiB

  // Does not touch the disk; folders are created at the first store.
  explicit HttpCache(std::string dir, std::uint64_t max_bytes = k_default_max_bytes);

  const std::string& dir() const { return m_dir; }
  // The stored entry for `key`, or nullopt (missing, unreadable or of an
  // older format: all are misses).
  std::optional<CacheEntry> load(std::string_view key) const;
  // Writes atomically (temporary file + rename). Entries whose policy says
  // no-store are not written. Failures are returned, never thrown: a cache
  // that cannot be written only costs speed.
  Expected<bool, std::string> store(std::string_view key, const CacheEntry& entry);
  // Removes every entry; returns what was removed.
  Expected<CacheStats, std::string> clean();
  CacheStats stats() const;
  // Removes the least recently stored entries until under `max_bytes`.
  void prune();
  // The file that holds (or would hold) the entry of `key`.
  std::string path_for(std::string_view key) const;

 private:
  void maybe_prune();

  std::string m_dir;
  std::uint64_t m_max_bytes;
  bool m_wrote = false;
};

// $MLSTACK_CACHE_DIR, else $XDG_CACHE_HOME/mlstack, else $HOME/.cache/mlstack.
// `getenv` is injected so tests never read the real environment.
std::string default_cache_dir(const std::function<std::optional<std::string>(std::string_view)>& getenv);

}  // namespace mlstack::index

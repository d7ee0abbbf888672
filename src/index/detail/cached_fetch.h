// SPDX-License-Identifier: MIT
// One batch of requests through the HTTP cache (http_cache.h's rules):
// fresh entries answer without a request, stale ones go out with their
// validators, the rest go out plain, all in one Transport::perform call.
// Each answer says where it came from (Freshness) and, when the network
// failed but a stored copy exists, uses the copy and says why.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/expected.h"
#include "index/http_cache.h"
#include "index/package_index.h"
#include "index/transport.h"

namespace mlstack::index::detail {

struct CachedFetch {
  std::string key;          // cache key; "" for no caching (file:// URLs)
  HttpRequest request;      // URL after mirrors, credentials attached
  std::string display_url;  // the configured URL (redacted), for messages
  // A 2xx response -> the payload to keep (a parsed page, a verified file);
  // an error is a problem naming the URL, and nothing is stored.
  std::function<Expected<std::string, std::string>(const HttpResponse&)> encode;
  // Also keep 404 answers (a package absent from an extra index must stay
  // absent offline, not become unknown).
  bool cache_not_found = true;
  // A payload that can only be right (hash-checked) is stored as immutable.
  bool immutable = false;
};

struct FetchOutcome {
  enum class State { Payload, NotFound, Failed } state = State::Failed;
  std::string payload;
  Freshness freshness = Freshness::None;
  std::int64_t fetched_at = 0;
  std::string problem;  // Failed: why; Payload with Stale: why the copy was used (may be empty offline)
  int http_version = 0;
};

struct FetchSettings {
  bool offline = false;
  bool refresh = false;
  std::int64_t now = 0;
  ProgressCallback progress;
};

// Called with each answer as soon as it is known: an entry the cache answers
// alone (fresh, or offline) right after it is read, before the next is read;
// the rest after the requests. It may take the payload, so that a caller
// decoding pages holds one cached payload at a time, not all of them.
using OnOutcome = std::function<void(std::size_t index, FetchOutcome& outcome)>;

// The answers, in the order of `fetches` (as `on_outcome` left them).
std::vector<FetchOutcome> fetch_cached(std::span<CachedFetch> fetches, Transport& transport, HttpCache* cache,
                                       const FetchSettings& settings, const OnOutcome& on_outcome = {});

// "HTTP 503" / "HTTP 401 (credentials refused or missing)" for a status the client cannot use.
std::string describe_status(int status);

}  // namespace mlstack::index::detail

// SPDX-License-Identifier: MIT
#include "index/detail/cached_fetch.h"

#include <fmt/format.h>

namespace mlstack::index::detail {
namespace {

constexpr std::string_view k_not_found = "\x01mlstack-not-found";

// Takes the entry's payload (the caller is done with it).
FetchOutcome from_entry(CacheEntry&& entry, Freshness freshness, std::string problem = {}) {
  FetchOutcome out;
  bool missing = entry.payload == k_not_found;
  out.state = missing ? FetchOutcome::State::NotFound : FetchOutcome::State::Payload;
  if (!missing) out.payload = std::move(entry.payload);
  out.freshness = freshness;
  out.fetched_at = entry.policy.stored_at;
  out.problem = std::move(problem);
  return out;
}

// Whether a 404 says nothing the stored "not found" does not already say:
// without freshness (nginx sends no Cache-Control with a 404 unless its
// add_header says `always`) a rewrite would only move its stored time,
// while costing a file write and rename for every absent page on every run
// (a warm plan asks PyTorch's variant indexes for names most of them lack).
bool same_absence(const std::optional<CacheEntry>& entry, const HttpResponse& response, std::int64_t now) {
  if (!entry || entry->payload != k_not_found) return false;
  CachePolicy fresh = policy_from_response(response, now);
  const CachePolicy& old = entry->policy;
  return !fresh.max_age && !fresh.immutable && fresh.etag == old.etag && fresh.last_modified == old.last_modified &&
         fresh.no_cache == old.no_cache && fresh.no_store == old.no_store && !old.max_age && !old.immutable;
}

}  // namespace

std::string describe_status(int status) {
  switch (status) {
    case 401: return "HTTP 401 (credentials missing or refused)";
    case 403: return "HTTP 403 (forbidden)";
    case 429: return "HTTP 429 (rate limited)";
    case 500: return "HTTP 500 (server error)";
    case 502: return "HTTP 502 (bad gateway)";
    case 503: return "HTTP 503 (service unavailable)";
    case 504: return "HTTP 504 (gateway timeout)";
    default: return fmt::format("HTTP {}", status);
  }
}

std::vector<FetchOutcome> fetch_cached(std::span<CachedFetch> fetches, Transport& transport, HttpCache* cache,
                                       const FetchSettings& settings, const OnOutcome& on_outcome) {
  std::vector<FetchOutcome> out(fetches.size());
  auto answered = [&](std::size_t i) {
    if (on_outcome) on_outcome(i, out[i]);
  };
  std::vector<std::optional<CacheEntry>> entries(fetches.size());
  std::vector<HttpRequest> requests;
  std::vector<std::size_t> asked;
  for (std::size_t i = 0; i < fetches.size(); ++i) {
    CachedFetch& f = fetches[i];
    if (cache && !f.key.empty()) entries[i] = cache->load(f.key);
    auto& entry = entries[i];  // moved from when answered here: nothing below reads it then
    if (settings.offline) {
      if (entry) {
        Freshness freshness = is_fresh(entry->policy, settings.now) ? Freshness::Cached : Freshness::Stale;
        out[i] = from_entry(std::move(*entry), freshness);
      } else {
        out[i].problem = fmt::format("{}: not in the cache, and offline mode (--offline or MLSTACK_OFFLINE) forbids fetching it", f.display_url);
      }
      answered(i);
      continue;
    }
    if (entry && !settings.refresh && is_fresh(entry->policy, settings.now)) {
      out[i] = from_entry(std::move(*entry), Freshness::Cached);
      entry.reset();
      answered(i);
      continue;
    }
    HttpRequest request = f.request;
    if (entry && can_revalidate(entry->policy)) add_validators(entry->policy, request);
    requests.push_back(std::move(request));
    asked.push_back(i);
  }
  if (requests.empty()) return out;
  std::vector<HttpResponse> responses = transport.perform(requests, settings.progress);
  for (std::size_t k = 0; k < asked.size(); ++k) {
    std::size_t i = asked[k];
    CachedFetch& f = fetches[i];
    HttpResponse& response = responses[k];
    const auto& entry = entries[i];
    auto keep = [&](std::string payload) {
      CacheEntry stored;
      stored.policy = policy_from_response(response, settings.now);
      if (f.immutable) stored.policy.immutable = true;
      stored.url = f.display_url;
      stored.payload = std::move(payload);
      if (cache && !f.key.empty()) (void)cache->store(f.key, stored);
      return stored;
    };
    if (response.error != TransportError::None) {
      std::string problem = response.error_message.empty() ? fmt::format("{}: {}", f.display_url, to_string(response.error))
                                                           : response.error_message;
      if (entry) out[i] = from_entry(CacheEntry(*entry), Freshness::Stale, problem + "; using the cached copy");
      else out[i].problem = std::move(problem);
      out[i].http_version = response.http_version;
      continue;
    }
    out[i].http_version = response.http_version;
    if (response.status == 304 && entry) {
      CacheEntry refreshed = *entry;
      CachePolicy policy = policy_from_response(response, settings.now);
      // A 304 may omit validators it does not change: keep the stored ones.
      if (policy.etag.empty()) policy.etag = entry->policy.etag;
      if (policy.last_modified.empty()) policy.last_modified = entry->policy.last_modified;
      policy.immutable = policy.immutable || entry->policy.immutable;
      refreshed.policy = policy;
      if (cache && !f.key.empty()) (void)cache->store(f.key, refreshed);
      out[i] = from_entry(std::move(refreshed), Freshness::Revalidated);
      continue;
    }
    if (response.status == 404 || response.status == 410) {
      if (f.cache_not_found && !same_absence(entry, response, settings.now)) keep(std::string(k_not_found));
      out[i].state = FetchOutcome::State::NotFound;
      out[i].freshness = Freshness::Network;
      out[i].fetched_at = settings.now;
      continue;
    }
    if (response.status >= 200 && response.status < 300) {
      auto payload = f.encode ? f.encode(response) : Expected<std::string, std::string>(response.body);
      if (!payload) {
        out[i].problem = payload.error();
        continue;
      }
      CacheEntry stored = keep(std::move(*payload));
      out[i].state = FetchOutcome::State::Payload;
      out[i].payload = std::move(stored.payload);
      out[i].freshness = Freshness::Network;
      out[i].fetched_at = settings.now;
      continue;
    }
    std::string problem = fmt::format("{}: {}{}", f.display_url, describe_status(response.status),
                                      response.attempts > 1 ? fmt::format(", after {} tries", response.attempts) : "");
    if (entry) out[i] = from_entry(CacheEntry(*entry), Freshness::Stale, problem + "; using the cached copy");
    else out[i].problem = std::move(problem);
  }
  for (std::size_t i : asked) answered(i);
  return out;
}

}  // namespace mlstack::index::detail

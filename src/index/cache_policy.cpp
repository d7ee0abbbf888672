// SPDX-License-Identifier: MIT
// HTTP caching rules (RFC 9111) as a private cache applies them: max-age
// (not s-maxage, which is for shared caches), no-cache, no-store, immutable,
// and Age. Without max-age an entry is stale at once and revalidated with
// its ETag or Last-Modified: one cheap 304 instead of a guess at freshness
// (no heuristic freshness, as uv does not use one for index pages).
#include <cctype>
#include <charconv>

#include "index/http_cache.h"

namespace mlstack::index {
namespace {

std::string lower_trim(std::string_view text) {
  std::size_t a = 0, b = text.size();
  while (a < b && std::isspace(static_cast<unsigned char>(text[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(text[b - 1]))) --b;
  std::string out;
  for (char c : text.substr(a, b - a)) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::int64_t> seconds(std::string_view text) {
  std::string value = lower_trim(text);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  std::int64_t out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || ptr != value.data() + value.size() || out < 0) return std::nullopt;
  return out;
}

}  // namespace

CachePolicy policy_from_response(const HttpResponse& response, std::int64_t now) {
  CachePolicy policy;
  policy.stored_at = now;
  policy.etag = std::string(response.header("etag"));
  policy.last_modified = std::string(response.header("last-modified"));
  std::string_view control = response.header("cache-control");
  std::size_t pos = 0;
  while (pos <= control.size()) {
    std::size_t comma = control.find(',', pos);
    std::string_view directive = control.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    pos = comma == std::string_view::npos ? control.size() + 1 : comma + 1;
    std::size_t eq = directive.find('=');
    std::string name = lower_trim(directive.substr(0, eq));
    std::string_view value = eq == std::string_view::npos ? std::string_view() : directive.substr(eq + 1);
    if (name == "max-age") {
      if (auto s = seconds(value)) policy.max_age = *s;
    } else if (name == "no-cache") {
      policy.no_cache = true;
    } else if (name == "no-store") {
      policy.no_store = true;
    } else if (name == "immutable") {
      policy.immutable = true;
    }
  }
  // Age: how long the answer already sat in a shared cache on the way.
  if (policy.max_age) {
    if (auto age = seconds(response.header("age"))) policy.max_age = std::max<std::int64_t>(0, *policy.max_age - *age);
  }
  return policy;
}

bool is_fresh(const CachePolicy& policy, std::int64_t now) {
  if (policy.no_cache) return false;
  if (policy.immutable) return true;
  if (!policy.max_age) return false;
  return now >= policy.stored_at && now - policy.stored_at < *policy.max_age;
}

bool can_revalidate(const CachePolicy& policy) { return !policy.etag.empty() || !policy.last_modified.empty(); }

void add_validators(const CachePolicy& policy, HttpRequest& request) {
  if (!policy.etag.empty()) request.headers.emplace_back("If-None-Match", policy.etag);
  if (!policy.last_modified.empty()) request.headers.emplace_back("If-Modified-Since", policy.last_modified);
}

}  // namespace mlstack::index

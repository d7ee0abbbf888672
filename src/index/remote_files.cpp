// SPDX-License-Identifier: MIT
#include "index/remote_files.h"

#include <charconv>

#include <fmt/format.h>

#include "index/detail/cached_fetch.h"
#include "index/url.h"

namespace mlstack::index {
namespace {

std::optional<std::uint64_t> to_u64(std::string_view text) {
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

RemoteFiles::RemoteFiles(const IndexConfig& config, Transport& transport, HttpCache* cache, bool offline,
                         std::function<std::int64_t()> now)
    : m_config(config), m_transport(transport), m_cache(cache), m_offline(offline), m_now(std::move(now)) {}

std::vector<Expected<RemoteFileInfo, std::string>> RemoteFiles::head(std::span<const std::string> urls) {
  std::vector<Expected<RemoteFileInfo, std::string>> out;
  if (m_offline) {
    for (const auto& url : urls) out.push_back(unexpected(fmt::format("{}: not checked (offline mode)", redact(url))));
    return out;
  }
  std::vector<HttpRequest> requests;
  for (const auto& url : urls) {
    HttpRequest request;
    request.method = Method::Head;
    request.url = m_config.fetch_url(split_credentials(url).url);
    request.credentials = m_config.credentials.for_url(request.url);
    requests.push_back(std::move(request));
  }
  auto responses = m_transport.perform(requests);
  for (std::size_t i = 0; i < responses.size(); ++i) {
    const HttpResponse& r = responses[i];
    if (r.error != TransportError::None) {
      out.push_back(unexpected(r.error_message.empty() ? fmt::format("{}: {}", redact(urls[i]), to_string(r.error))
                                                       : r.error_message));
      continue;
    }
    RemoteFileInfo info;
    info.status = r.status;
    info.size = to_u64(r.header("content-length"));
    info.etag = std::string(r.header("etag"));
    info.last_modified = std::string(r.header("last-modified"));
    info.url = r.url.empty() ? redact(urls[i]) : r.url;
    out.push_back(std::move(info));
  }
  return out;
}

std::vector<Expected<std::string, std::string>> RemoteFiles::read(std::span<const RangeRead> reads) {
  std::vector<detail::CachedFetch> fetches;
  for (const auto& read : reads) {
    detail::CachedFetch f;
    std::string url = split_credentials(read.url).url;
    f.request.url = m_config.fetch_url(url);
    f.request.range = read.range;
    // A server that ignores Range may send at most what a slice up to the range end needs.
    f.request.max_body_bytes = static_cast<std::size_t>(read.range.offset + read.range.length);
    f.request.credentials = m_config.credentials.for_url(f.request.url);
    f.key = is_file_url(f.request.url)
                ? std::string()
                : fmt::format("range\n{}\n{}-{}", f.request.url, read.range.offset, read.range.length);
    f.display_url = redact(url);
    f.cache_not_found = false;
    f.encode = [range = read.range, d = f.display_url](const HttpResponse& r) -> Expected<std::string, std::string> {
      if (r.status == 206) return r.body.substr(0, range.length);
      // A server that ignores Range sends the whole file: cut the slice out of it.
      if (range.offset > r.body.size()) return std::string();
      (void)d;
      return r.body.substr(range.offset, range.length);
    };
    fetches.push_back(std::move(f));
  }
  detail::FetchSettings settings{m_offline, false, m_now ? m_now() : 0, {}};
  auto outcomes = detail::fetch_cached(fetches, m_transport, m_cache, settings);
  std::vector<Expected<std::string, std::string>> out;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    auto& o = outcomes[i];
    if (o.state == detail::FetchOutcome::State::Payload) out.push_back(std::move(o.payload));
    else if (o.state == detail::FetchOutcome::State::NotFound) out.push_back(unexpected(fmt::format("{}: HTTP 404", fetches[i].display_url)));
    else out.push_back(unexpected(o.problem));
  }
  return out;
}

Expected<std::string, std::string> RemoteFiles::read(const std::string& url, ByteRange range) {
  RangeRead one[] = {RangeRead{url, range}};
  return std::move(read(one).front());
}

}  // namespace mlstack::index

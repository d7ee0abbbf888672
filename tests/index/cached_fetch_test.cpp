// SPDX-License-Identifier: MIT
// fetch_cached's callback: an answer the cache gives alone reaches the caller
// as soon as it is read, before any request goes out; the others after the
// requests; each exactly once, and what the callback takes stays taken.
#include "index/detail/cached_fetch.h"

#include <gtest/gtest.h>

#include "index/fake_transport.h"
#include "index/temp_dir.h"

namespace mlstack::index::detail {
namespace {

CachedFetch fetch_of(const std::string& url) {
  CachedFetch f;
  f.key = "page\n" + url;
  f.request.url = url;
  f.display_url = url;
  return f;
}

TEST(CachedFetchTest, CacheAnswersReachTheCallbackBeforeAnyRequest) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  const std::int64_t now = 1'700'000'000;
  for (const char* url : {"https://pypi.org/simple/a/", "https://pypi.org/simple/c/"}) {
    CacheEntry entry;
    entry.policy.stored_at = now - 10;
    entry.policy.max_age = 600;
    entry.url = url;
    entry.payload = std::string("payload of ") + url;
    ASSERT_TRUE(cache.store("page\n" + std::string(url), entry).has_value());
  }
  FakeTransport net;
  FakeReply page;
  page.body = "fetched b";
  page.headers = {{"cache-control", "max-age=600"}};
  net.route("https://pypi.org/simple/b/", page);
  std::vector<CachedFetch> fetches = {fetch_of("https://pypi.org/simple/a/"), fetch_of("https://pypi.org/simple/b/"),
                                      fetch_of("https://pypi.org/simple/c/")};
  std::vector<std::pair<std::size_t, std::size_t>> calls;  // (index, requests made by then)
  std::vector<std::string> taken(3);
  auto on_outcome = [&](std::size_t i, FetchOutcome& outcome) {
    calls.emplace_back(i, net.requests().size());
    taken[i] = std::move(outcome.payload);
    outcome.payload.clear();
  };
  FetchSettings settings;
  settings.now = now;
  std::vector<FetchOutcome> out = fetch_cached(fetches, net, &cache, settings, on_outcome);
  // a and c from the cache, before the one request; b after it.
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0], std::make_pair(std::size_t{0}, std::size_t{0}));
  EXPECT_EQ(calls[1], std::make_pair(std::size_t{2}, std::size_t{0}));
  EXPECT_EQ(calls[2], std::make_pair(std::size_t{1}, std::size_t{1}));
  EXPECT_EQ(taken[0], "payload of https://pypi.org/simple/a/");
  EXPECT_EQ(taken[1], "fetched b");
  EXPECT_EQ(taken[2], "payload of https://pypi.org/simple/c/");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].freshness, Freshness::Cached);
  EXPECT_EQ(out[1].freshness, Freshness::Network);
  EXPECT_EQ(out[2].freshness, Freshness::Cached);
  for (const auto& o : out) {
    EXPECT_EQ(o.state, FetchOutcome::State::Payload);
    EXPECT_TRUE(o.payload.empty());  // the callback took it
  }
  // Without a callback the payloads stay in the answers.
  out = fetch_cached(fetches, net, &cache, settings);
  EXPECT_EQ(out[0].payload, "payload of https://pypi.org/simple/a/");
  EXPECT_EQ(out[1].payload, "fetched b");
}

TEST(CachedFetchTest, OfflineAnswersAndMissesReachTheCallbackToo) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  FakeTransport net;
  std::vector<CachedFetch> fetches = {fetch_of("https://pypi.org/simple/missing/")};
  FetchSettings settings;
  settings.offline = true;
  settings.now = 1'700'000'000;
  std::size_t calls = 0;
  auto out = fetch_cached(fetches, net, &cache, settings, [&](std::size_t, FetchOutcome& o) {
    ++calls;
    EXPECT_EQ(o.state, FetchOutcome::State::Failed);
    EXPECT_NE(o.problem.find("offline"), std::string::npos);
  });
  EXPECT_EQ(calls, 1u);
  EXPECT_TRUE(net.requests().empty());
}

}  // namespace
}  // namespace mlstack::index::detail

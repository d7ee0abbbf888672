// SPDX-License-Identifier: MIT
#include "index/http_cache.h"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "index/temp_dir.h"

namespace mlstack::index {
namespace {

HttpResponse response_with(std::vector<std::pair<std::string, std::string>> headers) {
  HttpResponse r;
  r.status = 200;
  r.headers = std::move(headers);
  return r;
}

TEST(CachePolicyTest, ReadsCacheControlAndValidators) {
  auto p = policy_from_response(response_with({{"cache-control", "max-age=600, public"}, {"etag", "\"abc\""},
                                               {"last-modified", "Tue, 01 Oct 2024 10:00:00 GMT"}, {"age", "100"}}),
                                1000);
  EXPECT_EQ(p.max_age, std::optional<std::int64_t>(500));
  EXPECT_EQ(p.etag, "\"abc\"");
  EXPECT_TRUE(is_fresh(p, 1499));
  EXPECT_FALSE(is_fresh(p, 1500));
  EXPECT_TRUE(can_revalidate(p));
  HttpRequest request;
  add_validators(p, request);
  ASSERT_EQ(request.headers.size(), 2u);
  EXPECT_EQ(request.headers[0], (std::pair<std::string, std::string>{"If-None-Match", "\"abc\""}));

  EXPECT_FALSE(is_fresh(policy_from_response(response_with({{"cache-control", "no-cache, max-age=600"}}), 0), 1));
  EXPECT_TRUE(policy_from_response(response_with({{"cache-control", "no-store"}}), 0).no_store);
  // No max-age: stale at once, revalidated rather than guessed fresh.
  EXPECT_FALSE(is_fresh(policy_from_response(response_with({{"etag", "\"x\""}}), 0), 0));
  CachePolicy immutable;
  immutable.immutable = true;
  EXPECT_TRUE(is_fresh(immutable, 1'000'000));
}

TEST(HttpCacheTest, StoresLoadsAndCleans) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  EXPECT_FALSE(cache.load("page\nhttps://pypi.org/simple/torch/"));
  CacheEntry entry;
  entry.url = "https://pypi.org/simple/torch/";
  entry.policy.etag = "\"e1\"";
  entry.policy.stored_at = 42;
  entry.policy.max_age = 600;
  entry.payload = std::string("bytes\0with\nnul and newlines\n\n", 30);
  ASSERT_TRUE(cache.store("page\nhttps://pypi.org/simple/torch/", entry));
  auto loaded = cache.load("page\nhttps://pypi.org/simple/torch/");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->payload, entry.payload);
  EXPECT_EQ(loaded->policy.etag, "\"e1\"");
  EXPECT_EQ(loaded->policy.max_age, std::optional<std::int64_t>(600));
  EXPECT_EQ(loaded->policy.stored_at, 42);
  EXPECT_EQ(loaded->url, entry.url);
  EXPECT_EQ(cache.stats().entries, 1u);
  auto removed = cache.clean();
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->entries, 1u);
  EXPECT_FALSE(cache.load("page\nhttps://pypi.org/simple/torch/"));
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(HttpCacheTest, NamesEntriesByA128BitDigestUnderTheCurrentLayout) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  const std::string key = "page\nhttps://user:secret@example.org/simple/torch/";
  std::string path = cache.path_for(key);
  const std::string folder = dir.path() + "/http-v3/";
  ASSERT_EQ(path.rfind(folder, 0), 0u) << path;
  std::string name = path.substr(folder.size());
  ASSERT_EQ(name.size(), 33u) << name;  // "ab/" + 30 hex digits
  EXPECT_EQ(name[2], '/');
  EXPECT_EQ(name.find_first_not_of("0123456789abcdef/"), std::string::npos) << name;
  EXPECT_EQ(path, cache.path_for(key));  // stable
  EXPECT_EQ(path.find("secret"), std::string::npos);
  // Keys that differ in one byte, or only in length, land apart.
  std::set<std::string> paths;
  for (int i = 0; i < 2000; ++i) paths.insert(cache.path_for("page\nhttps://pypi.org/simple/p" + std::to_string(i) + "/"));
  paths.insert(cache.path_for("page\nhttps://pypi.org/simple/torch/"));
  paths.insert(cache.path_for("links\nhttps://pypi.org/simple/torch/"));
  paths.insert(cache.path_for(std::string("a\0", 2)));
  paths.insert(cache.path_for("a"));
  EXPECT_EQ(paths.size(), 2004u);
  CacheEntry entry;
  entry.payload = "x";
  ASSERT_TRUE(cache.store(key, entry));
  EXPECT_TRUE(std::filesystem::exists(path));
  std::string stored;
  std::ifstream(path) >> stored;
  EXPECT_EQ(stored.find("secret"), std::string::npos);
}

TEST(HttpCacheTest, CleanAlsoRemovesOlderLayouts) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  std::filesystem::create_directories(dir.path() + "/http-v1/ab");
  std::ofstream(dir.path() + "/http-v1/ab/cdef") << "old entry";
  std::filesystem::create_directories(dir.path() + "/keep-me");
  CacheEntry entry;
  entry.payload = "x";
  ASSERT_TRUE(cache.store("k", entry));
  ASSERT_TRUE(cache.clean());
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/http-v1"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/http-v3"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/keep-me"));
}

TEST(HttpCacheTest, NoStoreIsNotWrittenAndATruncatedEntryIsAMiss) {
  testing::TempDir dir;
  HttpCache cache(dir.path());
  CacheEntry entry;
  entry.policy.no_store = true;
  entry.payload = "x";
  EXPECT_FALSE(*cache.store("k", entry));
  EXPECT_EQ(cache.stats().entries, 0u);
  entry.policy.no_store = false;
  entry.payload = "0123456789";
  ASSERT_TRUE(cache.store("k", entry));
  // Cut the file short, as a full disk would.
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (f.is_regular_file() && f.path().filename() != ".pruned") std::filesystem::resize_file(f.path(), f.file_size() - 3);
  }
  EXPECT_FALSE(cache.load("k"));
}

TEST(HttpCacheTest, PrunesTheOldestEntriesPastTheBound) {
  testing::TempDir dir;
  HttpCache cache(dir.path(), 4000);
  CacheEntry entry;
  entry.payload = std::string(1000, 'x');
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(cache.store("key" + std::to_string(i), entry));
  cache.prune();
  EXPECT_LE(cache.stats().bytes, 4000u);
  EXPECT_TRUE(cache.load("key7"));
}

// Several processes write the same entry while another reads it: every read
// sees a whole entry (one of the writers'), never a torn one.
TEST(HttpCacheTest, WritersInOtherProcessesNeverTearAnEntry) {
  testing::TempDir dir;
  std::vector<pid_t> children;
  for (int w = 0; w < 3; ++w) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      HttpCache cache(dir.path());
      CacheEntry entry;
      entry.payload = std::string(200'000, static_cast<char>('a' + w));
      for (int i = 0; i < 40; ++i) (void)cache.store("shared", entry);
      ::_exit(0);
    }
    children.push_back(pid);
  }
  HttpCache reader(dir.path());
  int whole = 0;
  std::size_t running = children.size();
  std::vector<int> statuses;
  // Read for as long as any writer runs.
  while (running > 0) {
    if (auto e = reader.load("shared")) {
      ASSERT_EQ(e->payload.size(), 200'000u);
      ASSERT_EQ(e->payload.find_first_not_of(e->payload[0]), std::string::npos);
      ++whole;
    }
    for (pid_t& pid : children) {
      int status = 0;
      if (pid > 0 && ::waitpid(pid, &status, WNOHANG) == pid) {
        statuses.push_back(status);
        pid = -1;
        --running;
      }
    }
  }
  for (int status : statuses) EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(reader.load("shared"));
  EXPECT_GT(whole, 0);
}

TEST(HttpCacheTest, DefaultDirFollowsTheEnvironment) {
  auto env = [](std::map<std::string, std::string> values) {
    return [values](std::string_view name) -> std::optional<std::string> {
      auto it = values.find(std::string(name));
      return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
  };
  EXPECT_EQ(default_cache_dir(env({{"HOME", "/home/me"}})), "/home/me/.cache/mlstack");
  EXPECT_EQ(default_cache_dir(env({{"HOME", "/home/me"}, {"XDG_CACHE_HOME", "/var/cache/me"}})), "/var/cache/me/mlstack");
  EXPECT_EQ(default_cache_dir(env({{"XDG_CACHE_HOME", "relative"}, {"HOME", "/h"}})), "/h/.cache/mlstack");
  EXPECT_EQ(default_cache_dir(env({{"MLSTACK_CACHE_DIR", "/tmp/c"}, {"HOME", "/h"}})), "/tmp/c");
}

}  // namespace
}  // namespace mlstack::index

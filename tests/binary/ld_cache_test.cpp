// SPDX-License-Identifier: MIT
#include "binary/ld_cache.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <map>

#include "binary/fixtures.h"

namespace mlstack::binary {
namespace {

// A cache image in the glibc-ld.so.cache1.1 layout with the given entries.
std::vector<std::uint8_t> make_cache(const std::vector<std::tuple<std::int32_t, std::string, std::string>>& entries) {
  std::vector<std::uint8_t> bytes(48 + entries.size() * 24, 0);
  std::memcpy(bytes.data(), "glibc-ld.so.cache1.1", 20);
  auto put32 = [&](std::size_t at, std::uint32_t v) { std::memcpy(bytes.data() + at, &v, 4); };
  put32(20, static_cast<std::uint32_t>(entries.size()));
  std::string strings;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& [flags, key, value] = entries[i];
    const std::size_t at = 48 + i * 24;
    put32(at, static_cast<std::uint32_t>(flags));
    put32(at + 4, static_cast<std::uint32_t>(bytes.size() + strings.size()));
    strings += key + '\0';
    put32(at + 8, static_cast<std::uint32_t>(bytes.size() + strings.size()));
    strings += value + '\0';
  }
  put32(24, static_cast<std::uint32_t>(strings.size()));
  bytes.insert(bytes.end(), strings.begin(), strings.end());
  return bytes;
}

TEST(LdCache, FindsEntriesByMachineFirstWins) {
  auto bytes = make_cache({{0x0303, "libfoo.so.1", "/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libfoo.so.1"},
                           {0x0303, "libfoo.so.1", "/lib/x86_64-linux-gnu/libfoo.so.1"},
                           {0x0a03, "libfoo.so.1", "/lib/aarch64-linux-gnu/libfoo.so.1"},
                           {0x0003, "libbar.so.1", "/lib/libbar.so.1"}});
  auto cache = LdCache::parse(bytes);
  ASSERT_TRUE(cache) << cache.error();
  EXPECT_EQ(cache->find("libfoo.so.1", ElfMachine::X86_64), "/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libfoo.so.1");
  EXPECT_EQ(cache->find("libfoo.so.1", ElfMachine::AArch64), "/lib/aarch64-linux-gnu/libfoo.so.1");
  EXPECT_EQ(cache->find("libbar.so.1", ElfMachine::X86_64), "");  // 32-bit/unknown arch entries are skipped
  EXPECT_EQ(cache->find("libnone.so", ElfMachine::X86_64), "");
}

TEST(LdCache, RejectsOtherFilesAndLyingCounts) {
  const std::string text = "not a cache at all, but long enough to hold a header......";
  EXPECT_FALSE(LdCache::parse({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}));
  auto bytes = make_cache({{0x0303, "libfoo.so.1", "/lib/libfoo.so.1"}});
  std::uint32_t huge = 0x10000000;
  std::memcpy(bytes.data() + 20, &huge, 4);
  auto cache = LdCache::parse(bytes);
  ASSERT_FALSE(cache);
  EXPECT_NE(cache.error().find("cache entries do not fit"), std::string::npos);
}

TEST(LdCache, ReadsThisMachinesCacheLikeLdconfig) {
  if (!testing::exists("/etc/ld.so.cache")) GTEST_SKIP() << "no /etc/ld.so.cache";
  auto cache = LdCache::load();
  ASSERT_TRUE(cache) << cache.error();
  EXPECT_GT(cache->size(), 10u);
  auto libc = cache->find("libc.so.6", ElfMachine::X86_64);
  EXPECT_FALSE(libc.empty());
  EXPECT_TRUE(testing::exists(std::string(libc)));
}

TEST(LdCache, AgreesWithLdconfigOnEveryX86_64Entry) {
  if (!testing::exists("/etc/ld.so.cache") || !testing::exists("/sbin/ldconfig")) GTEST_SKIP() << "no ldconfig";
  auto cache = LdCache::load();
  ASSERT_TRUE(cache);
  FILE* pipe = ::popen("/sbin/ldconfig -p", "r");
  ASSERT_NE(pipe, nullptr);
  std::map<std::string, std::string> first;  // ldconfig -p lists in cache order: the first entry wins
  char line[4096];
  while (std::fgets(line, sizeof line, pipe)) {
    std::string text(line);
    auto arrow = text.find(" => ");
    auto paren = text.find(" (libc6,x86-64");
    if (arrow == std::string::npos || paren == std::string::npos) continue;
    auto start = text.find_first_not_of(" \t");
    std::string name = text.substr(start, paren - start);
    std::string path = text.substr(arrow + 4);
    while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
    first.try_emplace(name, path);
  }
  ::pclose(pipe);
  ASSERT_GT(first.size(), 10u);
  for (const auto& [name, path] : first) EXPECT_EQ(cache->find(name, ElfMachine::X86_64), path) << name;
}

}  // namespace
}  // namespace mlstack::binary

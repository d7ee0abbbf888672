// SPDX-License-Identifier: MIT
#include "env/metadata_headers.h"

#include <gtest/gtest.h>

namespace mlstack::env::detail {
namespace {

TEST(MetadataHeaders, StopsAtBodyAndJoinsContinuations) {
  std::size_t bad = 0;
  auto headers = scan_headers("Name: a\nLicense: MIT\n  and more\nbogus line\nVersion: 1\r\n\nRequires-Dist: body\n", &bad);
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[1].value, "MIT\nand more");
  EXPECT_EQ(headers[2].key, "Version");
  EXPECT_EQ(headers[2].value, "1");
  EXPECT_EQ(headers[2].line, 5u);
  EXPECT_EQ(bad, 4u);
}

TEST(MetadataHeaders, DetectsBinaryGarbage) {
  EXPECT_TRUE(looks_binary(std::string("Name: a\0b", 9)));
  EXPECT_TRUE(looks_binary("Name: \xff\xfe"));
  EXPECT_TRUE(looks_binary("truncated \xe2\x82"));
  EXPECT_FALSE(looks_binary("Summary: caf\xc3\xa9 \xe2\x82\xac"));
}

}  // namespace
}  // namespace mlstack::env::detail

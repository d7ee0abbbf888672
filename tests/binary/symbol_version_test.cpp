// SPDX-License-Identifier: MIT
#include "binary/symbol_version.h"

#include <gtest/gtest.h>

namespace mlstack::binary {
namespace {

TEST(SymbolVersion, SplitsPrefixAndNumbers) {
  auto v = parse_symbol_version("GLIBCXX_3.4.30");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->prefix, "GLIBCXX");
  EXPECT_EQ(v->numbers, (std::vector<unsigned>{3, 4, 30}));
  auto g = parse_symbol_version("GLIBC_2.2.5");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->prefix, "GLIBC");
}

TEST(SymbolVersion, ComparesNumerically) {
  EXPECT_LT(*parse_symbol_version("GLIBC_2.9"), *parse_symbol_version("GLIBC_2.34"));
  EXPECT_LT(*parse_symbol_version("CXXABI_1.3.9"), *parse_symbol_version("CXXABI_1.3.13"));
  EXPECT_LT(*parse_symbol_version("GLIBC_2.2.5"), *parse_symbol_version("GLIBC_2.3"));
}

TEST(SymbolVersion, RejectsNamesWithoutNumbers) {
  EXPECT_FALSE(parse_symbol_version("GLIBC_PRIVATE"));
  EXPECT_FALSE(parse_symbol_version("GLIBC_2."));
  EXPECT_FALSE(parse_symbol_version("libc.so.6"));
  EXPECT_FALSE(parse_symbol_version("_2.3"));
}

TEST(SymbolVersion, KnowsTheToolchainPrefixes) {
  EXPECT_TRUE(is_toolchain_version("GLIBC"));
  EXPECT_TRUE(is_toolchain_version("GLIBCXX"));
  EXPECT_TRUE(is_toolchain_version("CXXABI"));
  EXPECT_FALSE(is_toolchain_version("FIXLIB"));
}

}  // namespace
}  // namespace mlstack::binary

// SPDX-License-Identifier: MIT
#include "project/python/literal.h"

#include <gtest/gtest.h>

namespace mlstack::project::python {
namespace {

TEST(PythonLiteral, DecodesEscapes) {
  EXPECT_EQ(string_literal_value("'a\\tb\\n\\x41\\u00e9\\101'"), "a\tb\nA\xC3\xA9" "A");
}

TEST(PythonLiteral, RawKeepsBackslashes) {
  EXPECT_EQ(string_literal_value("r'\\d+\\''"), "\\d+\\'");
}

TEST(PythonLiteral, TripleQuoted) {
  EXPECT_EQ(string_literal_value("\"\"\"torch>=2\nnumpy\"\"\""), "torch>=2\nnumpy");
}

TEST(PythonLiteral, BytesAndUnicodePrefixes) {
  EXPECT_EQ(string_literal_value("b'x'"), "x");
  EXPECT_EQ(string_literal_value("U\"y\""), "y");
}

TEST(PythonLiteral, FStringsHaveNoStaticValue) {
  EXPECT_FALSE(string_literal_value("f'torch=={v}'"));
  EXPECT_FALSE(string_literal_value("rF'x'"));
  EXPECT_TRUE(is_format_string("Rf'x'"));
  EXPECT_FALSE(is_format_string("'f'"));
}

TEST(PythonLiteral, EmptyAndUnterminated) {
  EXPECT_EQ(string_literal_value("''"), "");
  EXPECT_EQ(string_literal_value("''''''"), "");
  EXPECT_FALSE(string_literal_value("'abc"));
}

}  // namespace
}  // namespace mlstack::project::python

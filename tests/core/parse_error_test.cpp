// SPDX-License-Identifier: MIT
#include "core/parse_error.h"

#include <gtest/gtest.h>

namespace mlstack {
namespace {

TEST(ParseErrorTest, RendersCaretUnderSpan) {
  ParseError error{"expected version after operator", 7, 1, "torch>="};
  EXPECT_EQ(render(error), "expected version after operator\ntorch>=\n       ^");
}

TEST(ParseErrorTest, CaretWidthFollowsSpan) {
  ParseError error{"unknown operator", 5, 2, "torch=>2"};
  EXPECT_EQ(render(error), "unknown operator\ntorch=>2\n     ^^");
}

TEST(ParseErrorTest, NonAsciiInputDoesNotShiftCaret) {
  // "ü" is two bytes but one column.
  ParseError error{"bad", 3, 1, "\xC3\xBC" "a!"};
  EXPECT_EQ(render(error), "bad\n\xC3\xBC" "a!\n  ^");
}

TEST(ParseErrorTest, ShowsOnlyTheLineHoldingTheSpan) {
  ParseError error{"bad", 6, 1, "a==1\nb=>2\nc"};
  EXPECT_EQ(render(error), "bad\nb=>2\n ^");
}

TEST(ParseErrorTest, RebasedSpanPointsIntoOuterInput) {
  ParseError inner{"bad", 1, 1, ">x"};
  ParseError outer = inner.rebased("name>x", 4);
  EXPECT_EQ(render(outer), "bad\nname>x\n     ^");
}

TEST(LineColumnTest, CountsLinesAndCodePoints) {
  std::string_view text = "ab\n\xC3\xBC" "cd";
  auto at = line_column(text, 6);
  EXPECT_EQ(at.line, 2u);
  EXPECT_EQ(at.column, 3u);
  EXPECT_EQ(line_column(text, 0).line, 1u);
  EXPECT_EQ(line_column(text, 0).column, 1u);
}

}  // namespace
}  // namespace mlstack

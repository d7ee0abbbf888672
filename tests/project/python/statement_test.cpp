// SPDX-License-Identifier: MIT
#include "project/python/statement.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlstack::project::python {
namespace {

// One line per statement: "depth blocks | tokens" with blocks as kinds.
std::vector<std::string> read(std::string_view source) {
  StatementReader reader(source);
  Statement s;
  std::vector<std::string> out;
  while (reader.next(s)) {
    std::string line = std::to_string(s.depth) + " ";
    for (const Block& b : reader.blocks()) line += std::string(to_string(b.kind)) + "/";
    line += "|";
    for (const Token& t : s.tokens) line += " " + std::string(t.text);
    out.push_back(line);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(PythonStatement, InlineBodyBelongsToItsBlock) {
  EXPECT_EQ(read("if x: import y; z = 1\nw\n"),
            (V{"0 if/| if x :", "1 if/| import y", "1 if/| z = 1", "0 | w"}));
}

TEST(PythonStatement, LambdaAndSliceDoNotEndHeader) {
  EXPECT_EQ(read("if f(lambda a: a) and b[1:2]:\n  pass\n"),
            (V{"0 if/| if f ( lambda a : a ) and b [ 1 : 2 ] :", "1 if/| pass"}));
  EXPECT_EQ(read("while lambda: 0:\n  pass\n"), (V{"0 while/| while lambda : 0 :", "1 while/| pass"}));
}

// A logical line longer than kMaxLineTokens keeps its top-level tokens and
// outermost brackets: headers, `;` and what follows read the same, and a
// data literal does not hold every token of the file in memory.
TEST(PythonStatement, HugeLiteralKeepsItsStatements) {
  std::string table = "[";
  for (std::size_t i = 0; i < StatementReader::kMaxLineTokens; ++i) table += "[1, {2: 'x'}], ";
  table += "3]";
  std::vector<std::string> lines = read("def f(x=" + table + "): import a\nT = " + table + "; import b\n");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].substr(0, 22), "0 def/| def f ( x = [ ");
  EXPECT_EQ(lines[0].substr(lines[0].size() - 6), " ] ) :");
  EXPECT_EQ(lines[1], "1 def/| import a");
  EXPECT_EQ(lines[3], "0 | import b");
  // Under the limit every token is kept.
  EXPECT_LT(lines[0].size(), table.size());
  EXPECT_EQ(read("T = [[1, 2], (3,)]\n"), (V{"0 | T = [ [ 1 , 2 ] , ( 3 , ) ]"}));
}

TEST(PythonStatement, DecoratorsAndAsync) {
  EXPECT_EQ(read("@dec(1)\nasync def f(a: int) -> dict[str, int]:\n  async with x: import y\n"),
            (V{"0 | @ dec ( 1 )", "0 def/| async def f ( a : int ) -> dict [ str , int ] :",
               "1 def/with/| async with x :", "2 def/with/| import y"}));
}

TEST(PythonStatement, MatchAndCaseAreSoftKeywords) {
  EXPECT_EQ(read("match = re.match(p, s)\nmatch command.split():\n  case [\"go\", d]: import x\n"
                 "  case _:\n    pass\ncase = 1\n"),
            (V{"0 | match = re . match ( p , s )", "0 match/| match command . split ( ) :",
               "1 match/case/| case [ \"go\" , d ] :", "2 match/case/| import x", "1 match/case/| case _ :",
               "2 match/case/| pass", "0 | case = 1"}));
}

TEST(PythonStatement, ElseAndExceptChainToTheirHead) {
  StatementReader reader("try:\n  import a\nexcept ImportError:\n  a = None\nelse:\n  pass\n");
  Statement s;
  std::vector<Block> headers;
  while (reader.next(s))
    if (s.is_header) headers.push_back(reader.blocks().back());
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[0].kind, BlockKind::Try);
  EXPECT_EQ(headers[1].kind, BlockKind::Except);
  EXPECT_EQ(headers[1].chain, headers[0].id);
  EXPECT_EQ(headers[2].chain, headers[0].id);
}

TEST(PythonStatement, WalrusInCondition) {
  EXPECT_EQ(read("if (n := len(a)) > 10:\n  pass\n"),
            (V{"0 if/| if ( n := len ( a ) ) > 10 :", "1 if/| pass"}));
}

TEST(PythonStatement, ClassWithNestedDef) {
  EXPECT_EQ(read("class A(B):\n  x: int = 1\n  def f(self):\n    return 1\ny = 2\n"),
            (V{"0 class/| class A ( B ) :", "1 class/| x : int = 1", "1 class/def/| def f ( self ) :",
               "2 class/def/| return 1", "0 | y = 2"}));
}

TEST(PythonStatement, TypeAliasAndGenericsAre312Syntax) {
  EXPECT_EQ(read("type Point[T] = tuple[T, T]\ndef f[T](x: T) -> T: return x\n"),
            (V{"0 | type Point [ T ] = tuple [ T , T ]", "0 def/| def f [ T ] ( x : T ) -> T :",
               "1 def/| return x"}));
}

}  // namespace
}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
#include "project/python/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlstack::project::python {
namespace {

// "KIND:text" for each token up to EndOfFile, for compact expectations.
std::vector<std::string> lex(std::string_view source) {
  Tokenizer tokenizer(source);
  std::vector<std::string> out;
  for (int guard = 0; guard < 10000; ++guard) {
    Token t = tokenizer.next();
    if (t.kind == TokenKind::EndOfFile) break;
    std::string s = to_string(t.kind);
    if (t.kind != TokenKind::Indent && t.kind != TokenKind::Dedent && t.kind != TokenKind::Newline)
      s += ":" + std::string(t.text);
    out.push_back(s);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(PythonTokenizer, SimpleImport) {
  EXPECT_EQ(lex("import a.b as c\n"),
            (V{"NAME:import", "NAME:a", "OP:.", "NAME:b", "NAME:as", "NAME:c", "NEWLINE"}));
}

TEST(PythonTokenizer, StringPrefixesOnlyBeforeQuotes) {
  EXPECT_EQ(lex("rb = Rb'\\d' + bR\"x\" + u'y' + F'{z}' + t'w'\n"),
            (V{"NAME:rb", "OP:=", "STRING:Rb'\\d'", "OP:+", "STRING:bR\"x\"", "OP:+", "STRING:u'y'",
               "OP:+", "STRING:F'{z}'", "OP:+", "STRING:t'w'", "NEWLINE"}));
}

TEST(PythonTokenizer, InvalidPrefixIsANameThenAString) {
  EXPECT_EQ(lex("ub'x'\n"), (V{"NAME:ub", "STRING:'x'", "NEWLINE"}));
}

TEST(PythonTokenizer, TripleQuotedStringHoldsImportsAndQuotes) {
  auto tokens = lex("x = '''\nimport os\n' '' \\'''\n'''\ny = 1\n");
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_EQ(tokens[2], "STRING:'''\nimport os\n' '' \\'''\n'''");
  EXPECT_EQ(tokens[4], "NAME:y");
}

TEST(PythonTokenizer, RawStringBackslashQuoteDoesNotEnd) {
  EXPECT_EQ(lex("r'\\''\n"), (V{"STRING:r'\\''", "NEWLINE"}));
}

TEST(PythonTokenizer, FStringWithNestedSameQuotesPep701) {
  EXPECT_EQ(lex("f\"{d[\"import os\"]}\" + 1\n"),
            (V{"STRING:f\"{d[\"import os\"]}\"", "OP:+", "NUMBER:1", "NEWLINE"}));
}

TEST(PythonTokenizer, FStringNestedFieldsAndFormatSpec) {
  EXPECT_EQ(lex("f'{x:{w}.{p}f} {{literal}} {y!r:>10} {f\"{a:'}\"}'\n"),
            (V{"STRING:f'{x:{w}.{p}f} {{literal}} {y!r:>10} {f\"{a:'}\"}'", "NEWLINE"}));
}

TEST(PythonTokenizer, FStringDictLiteralAndSliceInsideField) {
  EXPECT_EQ(lex("f'{ {\"a\": 1}[\"a\"] } {s[1:2]}'\n"),
            (V{"STRING:f'{ {\"a\": 1}[\"a\"] } {s[1:2]}'", "NEWLINE"}));
}

TEST(PythonTokenizer, MultilineFStringField) {
  auto tokens = lex("x = f'''{\n  a  # comment }\n}'''\nimport os\n");
  ASSERT_GE(tokens.size(), 5u);
  EXPECT_EQ(tokens[2], "STRING:f'''{\n  a  # comment }\n}'''");
  EXPECT_EQ(tokens[4], "NAME:import");
}

TEST(PythonTokenizer, NamedUnicodeEscapeIsNotAField) {
  EXPECT_EQ(lex("f'\\N{DASH} {x}'\n"), (V{"STRING:f'\\N{DASH} {x}'", "NEWLINE"}));
}

TEST(PythonTokenizer, CommentsAreSkipped) {
  EXPECT_EQ(lex("# import os\nx = 1  # import sys\n"), (V{"NAME:x", "OP:=", "NUMBER:1", "NEWLINE"}));
}

TEST(PythonTokenizer, LineContinuationJoinsLines) {
  EXPECT_EQ(lex("from a \\\n  import b\n"),
            (V{"NAME:from", "NAME:a", "NAME:import", "NAME:b", "NEWLINE"}));
}

TEST(PythonTokenizer, BracketsSpanLinesWithoutIndentTokens) {
  EXPECT_EQ(lex("x = (1,\n        2)\ny\n"),
            (V{"NAME:x", "OP:=", "OP:(", "NUMBER:1", "OP:,", "NUMBER:2", "OP:)", "NEWLINE", "NAME:y",
               "NEWLINE"}));
}

TEST(PythonTokenizer, IndentAndDedent) {
  EXPECT_EQ(lex("if a:\n    if b:\n        c\n\n    # comment\nd\n"),
            (V{"NAME:if", "NAME:a", "OP::", "NEWLINE", "INDENT", "NAME:if", "NAME:b", "OP::", "NEWLINE",
               "INDENT", "NAME:c", "NEWLINE", "DEDENT", "DEDENT", "NAME:d", "NEWLINE"}));
}

TEST(PythonTokenizer, DedentsAtEndOfFileWithoutNewline) {
  EXPECT_EQ(lex("def f():\n  pass"),
            (V{"NAME:def", "NAME:f", "OP:(", "OP:)", "OP::", "NEWLINE", "INDENT", "NAME:pass",
               "NEWLINE", "DEDENT"}));
}

TEST(PythonTokenizer, TabsAdvanceToMultiplesOfEight) {
  // A tab and eight spaces are the same level.
  EXPECT_EQ(lex("if a:\n\tb\n        c\n"),
            (V{"NAME:if", "NAME:a", "OP::", "NEWLINE", "INDENT", "NAME:b", "NEWLINE", "NAME:c",
               "NEWLINE", "DEDENT"}));
}

TEST(PythonTokenizer, OperatorsLongestMatch) {
  EXPECT_EQ(lex("a **= b // c -> d := e ... != f\n"),
            (V{"NAME:a", "OP:**=", "NAME:b", "OP://", "NAME:c", "OP:->", "NAME:d", "OP::=", "NAME:e",
               "OP:...", "OP:!=", "NAME:f", "NEWLINE"}));
}

TEST(PythonTokenizer, Numbers) {
  EXPECT_EQ(lex("0x_FF 1_000.5e-3j .5 1e+10\n"),
            (V{"NUMBER:0x_FF", "NUMBER:1_000.5e-3j", "NUMBER:.5", "NUMBER:1e+10", "NEWLINE"}));
}

TEST(PythonTokenizer, UnicodeIdentifiers) {
  EXPECT_EQ(lex("größe = 1\n"), (V{"NAME:größe", "OP:=", "NUMBER:1", "NEWLINE"}));
}

TEST(PythonTokenizer, UnterminatedStringIsAnErrorAndScanningGoesOn) {
  Tokenizer tokenizer("x = 'abc\nimport os\n");
  std::vector<Token> tokens;
  for (Token t = tokenizer.next(); t.kind != TokenKind::EndOfFile; t = tokenizer.next()) tokens.push_back(t);
  EXPECT_EQ(tokenizer.error_count(), 1u);
  ASSERT_GE(tokens.size(), 5u);
  EXPECT_EQ(tokens[2].kind, TokenKind::Error);
  EXPECT_TRUE(tokens[4].is_name("import"));
  EXPECT_EQ(tokens[4].line, 2u);
}

TEST(PythonTokenizer, LinesAndColumnsAfterMultilineString) {
  Tokenizer tokenizer("s = \"\"\"a\nb\"\"\"; import os\n");
  Token t;
  do { t = tokenizer.next(); } while (!t.is_name("import"));
  EXPECT_EQ(t.line, 2u);
  EXPECT_EQ(t.column, 7u);
}

TEST(PythonTokenizer, CrLfLineEndings) {
  EXPECT_EQ(lex("import a\r\nif b:\r\n  c\r\n"),
            (V{"NAME:import", "NAME:a", "NEWLINE", "NAME:if", "NAME:b", "OP::", "NEWLINE", "INDENT",
               "NAME:c", "NEWLINE", "DEDENT"}));
}

TEST(PythonTokenizer, StrayCharacterIsAnError) {
  Tokenizer tokenizer("a $ b\n");
  while (tokenizer.next().kind != TokenKind::EndOfFile) {}
  EXPECT_EQ(tokenizer.error_count(), 1u);
}

TEST(PythonTokenizer, DeepFStringNestingIsRejectedNotOverflowed) {
  std::string source;
  for (int i = 0; i < 500; ++i) source += "f'{";
  Tokenizer tokenizer(source);
  while (tokenizer.next().kind != TokenKind::EndOfFile) {}
  EXPECT_GE(tokenizer.error_count(), 1u);
}

}  // namespace
}  // namespace mlstack::project::python

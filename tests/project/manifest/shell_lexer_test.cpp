// SPDX-License-Identifier: MIT
#include "project/manifest/shell_lexer.h"

#include <gtest/gtest.h>

namespace mlstack::project {
namespace {

std::vector<std::string> texts(const ShellCommand& command) {
  std::vector<std::string> out;
  for (const auto& w : command.words) out.push_back(w.text);
  return out;
}

TEST(ShellLexer, ExpandsPatternSubstitutionFromAnEarlierAssignment) {
  ShellVariables variables;
  auto commands = lex_shell(
      "CUDA_VERSION=12.8\nTORCH_PACKAGE=\"torch==2.8.0+cu${CUDA_VERSION//./}\"\npip install \"$TORCH_PACKAGE\"\n",
      variables);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(texts(commands[0]), (std::vector<std::string>{"pip", "install", "torch==2.8.0+cu128"}));
  EXPECT_TRUE(commands[0].words[2].unresolved.empty());
  EXPECT_EQ(*variables["TORCH_PACKAGE"].value, "torch==2.8.0+cu128");
}

TEST(ShellLexer, ParameterExpansionForms) {
  ShellVariables variables;
  auto commands = lex_shell(
      "V=12.1.105\nN=Torch\necho ${V%.*} ${V%%.*} ${V#*.} ${V##*.} ${V/./-} ${N^^} ${N,,} ${#N} ${V:0:4} "
      "${UNSET:-dflt} ${V:+set} '$V' \"$V\" \\$V\n",
      variables);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(texts(commands[0]), (std::vector<std::string>{"echo", "12.1", "12", "1.105", "105", "12-1.105", "TORCH",
                                                          "torch", "5", "12.1", "dflt", "set", "$V", "12.1.105",
                                                          "$V"}));
}

TEST(ShellLexer, KeepsWhatItCannotKnow) {
  ShellVariables variables;
  auto commands = lex_shell("V=$(python -c 'import torch')\npip install torch==$V flash-attn==$FA $1\n", variables);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].words[2].text, "torch==$V");
  EXPECT_EQ(commands[0].words[2].unresolved, (std::vector<std::string>{"V"}));
  EXPECT_EQ(commands[0].words[3].unresolved, (std::vector<std::string>{"FA"}));
  EXPECT_EQ(commands[0].words[4].unresolved, (std::vector<std::string>{"$1"}));
}

TEST(ShellLexer, SplitsCommandsAndSkipsRedirectionsCommentsAndHeredocs) {
  ShellVariables variables;
  auto commands = lex_shell(
      "set -e # strict\ncd x && pip install a > log.txt 2>&1 || echo fail; cat <<EOF\npip install not-this\nEOF\n"
      "pip install \\\n  b\n",
      variables);
  ASSERT_EQ(commands.size(), 6u);
  EXPECT_EQ(texts(commands[0]), (std::vector<std::string>{"set", "-e"}));
  EXPECT_EQ(texts(commands[2]), (std::vector<std::string>{"pip", "install", "a"}));
  EXPECT_EQ(texts(commands[4]), (std::vector<std::string>{"cat"}));
  EXPECT_EQ(texts(commands[5]), (std::vector<std::string>{"pip", "install", "b"}));
}

TEST(ShellLexer, ExportAndPrefixAssignments) {
  ShellVariables variables;
  lex_shell("export A=1 B=2\nC=3 make\nD=4\n", variables);
  EXPECT_EQ(*variables["A"].value, "1");
  EXPECT_EQ(*variables["B"].value, "2");
  EXPECT_EQ(variables.count("C"), 0u);
  EXPECT_EQ(*variables["D"].value, "4");
}

TEST(ShellLexer, NotesVariablesAssignedDifferentValues) {
  ShellVariables variables;
  auto commands = lex_shell("if x; then V=1; else V=2; fi\npip install a==$V\n", variables);
  ASSERT_FALSE(commands.empty());
  const auto& last = commands.back();
  EXPECT_EQ(last.words[2].text, "a==2");
  ASSERT_EQ(last.words[2].notes.size(), 1u);
  EXPECT_EQ(last.words[2].notes[0], "V is assigned different values in this script; the last one before here is used");
}

TEST(ShellLexer, GlobMatch) {
  EXPECT_TRUE(shell_glob_match("*.", "12."));
  EXPECT_TRUE(shell_glob_match("1?.*", "12.8"));
  EXPECT_FALSE(shell_glob_match(".", "x"));
}

}  // namespace
}  // namespace mlstack::project

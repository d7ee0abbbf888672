// SPDX-License-Identifier: MIT
// scripts/embed_kb.py pre-parses kb/*.toml for the binary with a reader of
// the TOML the kb uses, checked against Python's tomllib. A file outside that
// subset, or one the two read differently, must fail the build with the
// file, line and column, never embed something else.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace mlstack::kb {
namespace {

struct ScriptRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

class EmbedScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = std::filesystem::path(::testing::TempDir()) /
            ("mlstack-embed-kb-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  ScriptRun embed(const std::string& toml) {
    std::ofstream(m_dir / "torch.toml") << toml;
    std::string command = std::string("'") + MLSTACK_PYTHON + "' '" + MLSTACK_SOURCE_DIR +
                          "/scripts/embed_kb.py' --kb-dir '" + m_dir.string() + "' '" + (m_dir / "out.cpp").string() +
                          "' 2>&1";
    ScriptRun run;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
    int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
  }

  std::string generated() {
    std::ifstream in(m_dir / "out.cpp");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::filesystem::path m_dir;
};

TEST_F(EmbedScriptTest, WritesRowsSortedWithPositionsAndEscapes) {
  ScriptRun run = embed(
      "# comment\n"
      "[[release]]\n"
      "version = \"2.3.0\"  # trailing\n"
      "python = [\n  \"3.10\", # one\n  \"3.11\",\n]\n"
      "stable = true\n"
      "update = -3\n"
      "note = \"tab\\there \\u00e9 \\\"q\\\" ?\"\n"
      "\n[[release]]\nversion = '2.4.0'\n");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::string out = generated();
  // Strings once each, in one pool; the arrays hold {offset, size} into it (no pointers).
  EXPECT_NE(out.find("constexpr char k_chars_0[] =\n"
                     "    \"notetab\\011here \\303\\251 \\042q\\042 \\077python3.103.11stableupdateversion2.3.02.4.0"
                     "release\"\n;"),
            std::string::npos)
      << out;
  // Fields sorted by key, as toml++'s ordered tables give them; value positions kept;
  // the key "version" stored once for both rows.
  EXPECT_NE(out.find("    {{0, 4}, 10, 8, {KbValue::k_string, false, 0, {4, 17}, 0, 0}},\n"
                     "    {{21, 6}, 4, 10, {KbValue::k_array, false, 0, {}, 0, 2}},\n"
                     "    {{35, 6}, 8, 10, {KbValue::k_boolean, true, 0, {}, 0, 0}},\n"
                     "    {{41, 6}, 9, 10, {KbValue::k_integer, false, -3LL, {}, 0, 0}},\n"
                     "    {{47, 7}, 3, 11, {KbValue::k_string, false, 0, {54, 5}, 0, 0}},\n"
                     "    {{47, 7}, 13, 11, {KbValue::k_string, false, 0, {59, 5}, 0, 0}},\n"),
            std::string::npos)
      << out;
  // Rows at their [[release]] lines; the table's two rows; the array's elements.
  EXPECT_NE(out.find("    {2, 1, true, 0, 5},\n    {12, 1, true, 5, 1},"), std::string::npos) << out;
  EXPECT_NE(out.find("    {{64, 7}, 2, 1, true, 0, 2},"), std::string::npos) << out;
  EXPECT_NE(out.find("    {KbValue::k_string, false, 0, {27, 4}, 0, 0},\n    {KbValue::k_string, false, 0, {31, 4}, 0, 0},"),
            std::string::npos);
}

TEST_F(EmbedScriptTest, RefusesTomlOutsideTheKbSubsetWithFileLineAndColumn) {
  struct Case {
    std::string toml;
    std::string message;
  };
  const Case cases[] = {
      {"[[release]]\nversion = \"1.0\"\nratio = 1.5\n", "torch.toml:3:9: expected a string, integer, boolean or array"},
      {"[[release]]\nversion = \"1.0\"\nname.first = \"x\"\n", "torch.toml:3:5: expected = after the key (dotted keys"},
      {"[[release]]\nversion = \"1.0\n", "torch.toml:2:15: unterminated string"},
      {"[release]\nversion = \"1.0\"\n", "torch.toml:1:1: a [table] is outside the kb's TOML"},
      {"version = \"1.0\"\n", "torch.toml:1:1: a key before the first [[table]]"},
      {"[[release]]\nnote = \"\"\"two\nlines\"\"\"\n", "torch.toml:2:8: multi-line strings are outside"},
      {"[[release]]\nv = \"1\"\nv = \"2\"\n", "torch.toml:3:1: duplicate key `v`"},
      {"[[release]]\nv = [[\"1\"]]\n", "nested arrays are outside the kb's TOML"},
      {"[[release]]\nv = \"1\" x\n", "torch.toml:2:9: expected the end of the line"},
  };
  for (const Case& c : cases) {
    ScriptRun run = embed(c.toml);
    EXPECT_EQ(run.exit_code, 1) << c.toml << run.output;
    EXPECT_NE(run.output.find(c.message), std::string::npos) << c.toml << run.output;
    EXPECT_NE(run.output.find("embed_kb.py: "), std::string::npos) << run.output;
  }
}

}  // namespace
}  // namespace mlstack::kb

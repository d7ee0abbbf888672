// SPDX-License-Identifier: MIT
#include "project/python/stdlib_modules.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace mlstack::project::python {
namespace {

TEST(PythonStdlib, RowsAreSortedAndUnique) {
  auto rows = stdlib_modules();
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_LT(rows[i - 1].name, rows[i].name);
}

TEST(PythonStdlib, TomllibArrivedIn311) {
  EXPECT_EQ(stdlib_status("tomllib", {3, 10}), StdlibStatus::NotYet);
  EXPECT_EQ(stdlib_status("tomllib", {3, 11}), StdlibStatus::Available);
}

TEST(PythonStdlib, DistutilsAndAsyncoreLeftIn312) {
  EXPECT_EQ(stdlib_status("distutils.core", {3, 11}), StdlibStatus::Available);
  EXPECT_EQ(stdlib_status("distutils", {3, 12}), StdlibStatus::Removed);
  EXPECT_EQ(stdlib_status("asyncore", {3, 12}), StdlibStatus::Removed);
  EXPECT_EQ(stdlib_status("imp", {3, 12}), StdlibStatus::Removed);
}

TEST(PythonStdlib, Pep594ModulesLeftIn313) {
  for (const char* name : {"cgi", "telnetlib", "crypt", "imghdr", "pipes", "uu", "nntplib"}) {
    EXPECT_EQ(stdlib_status(name, {3, 12}), StdlibStatus::Available) << name;
    EXPECT_EQ(stdlib_status(name, {3, 13}), StdlibStatus::Removed) << name;
  }
  EXPECT_EQ(stdlib_status("lib2to3", {3, 13}), StdlibStatus::Removed);
}

TEST(PythonStdlib, NewIn39And314) {
  EXPECT_EQ(stdlib_status("zoneinfo", {3, 8}), StdlibStatus::NotYet);
  EXPECT_EQ(stdlib_status("graphlib", {3, 9}), StdlibStatus::Available);
  EXPECT_EQ(stdlib_status("annotationlib", {3, 13}), StdlibStatus::NotYet);
  EXPECT_EQ(stdlib_status("compression.zstd", {3, 14}), StdlibStatus::Available);
  EXPECT_EQ(stdlib_status("parser", {3, 9}), StdlibStatus::Available);
  EXPECT_EQ(stdlib_status("parser", {3, 10}), StdlibStatus::Removed);
}

TEST(PythonStdlib, ThirdPartyIsNotStdlib) {
  EXPECT_EQ(stdlib_status("numpy", {3, 11}), StdlibStatus::NotStdlib);
  EXPECT_EQ(stdlib_status("setuptools", {3, 12}), StdlibStatus::NotStdlib);
  EXPECT_EQ(stdlib_status("os.path", {3, 8}), StdlibStatus::Available);
}

// The 1,045 false "`os` is not yet in the standard library of Python 3.6"
// of a real tree: every version a project can claim is described.
TEST(PythonStdlib, OldVersionsAreDescribed) {
  for (int minor = 0; minor <= 7; ++minor) {
    EXPECT_EQ(stdlib_status("os", {3, minor}), StdlibStatus::Available) << minor;
    EXPECT_EQ(stdlib_status("json.decoder", {3, minor}), StdlibStatus::Available) << minor;
  }
  EXPECT_EQ(stdlib_status("os", {2, 7}), StdlibStatus::Available);
  EXPECT_EQ(stdlib_status("dataclasses", {3, 6}), StdlibStatus::NotYet);
  EXPECT_EQ(stdlib_status("dataclasses", {3, 7}), StdlibStatus::Available);
  EXPECT_EQ(stdlib_status("typing", {3, 4}), StdlibStatus::NotYet);
  EXPECT_EQ(stdlib_status("secrets", {3, 5}), StdlibStatus::NotYet);
  EXPECT_EQ(stdlib_status("pathlib", {3, 3}), StdlibStatus::NotYet);
  EXPECT_EQ(stdlib_status("queue", {2, 7}), StdlibStatus::NotYet);
  EXPECT_EQ(stdlib_status("urllib2", {2, 7}), StdlibStatus::Available);
  EXPECT_EQ(stdlib_status("urllib2", {3, 8}), StdlibStatus::Removed);
  EXPECT_EQ(stdlib_status("fpectl", {3, 6}), StdlibStatus::Available);
  EXPECT_EQ(stdlib_status("fpectl", {3, 7}), StdlibStatus::Removed);
  EXPECT_EQ(stdlib_status("__main__", {3, 12}), StdlibStatus::Available);
}

// Below the oldest list, between 2.7 and 3.0, above the newest, and for a
// private module before the first interpreter-read list: no claim.
TEST(PythonStdlib, UnknownWhereNoSourceTells) {
  EXPECT_EQ(stdlib_status("os", {2, 6}), StdlibStatus::Unknown);
  EXPECT_EQ(stdlib_status("tomllib", {2, 6}), StdlibStatus::Unknown);
  EXPECT_EQ(stdlib_status("os", {3, 15}), StdlibStatus::Unknown);
  EXPECT_EQ(stdlib_status("_collections", {3, 6}), StdlibStatus::Unknown);
  EXPECT_EQ(stdlib_status("_collections", {3, 8}), StdlibStatus::Available);
  EXPECT_EQ(stdlib_status("posixpath", {2, 7}), StdlibStatus::Unknown);
  EXPECT_EQ(stdlib_status("numpy", {2, 6}), StdlibStatus::NotStdlib);
}

// Every module the documentation of 2.7 and 3.2-3.7 lists (the sourced files
// under tests/data/python/stdlib_docs) is available in that version.
TEST(PythonStdlib, DocumentedModulesAreAvailable) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(MLSTACK_SOURCE_DIR) / "tests/data/python/stdlib_docs";
  const std::set<std::string> artifacts = {"import", "with", "ioctl", "pip"};  // Sphinx entries, no modules
  // 2.7's Mac OS 9 / IRIX / SunOS modules are left out of the table on purpose.
  const std::set<std::string> old_platforms = {"AL", "Carbon", "ColorPicker", "DEVICE", "EasyDialogs", "FL",
      "FrameWork", "GL", "MacOS", "MiniAEFrame", "Nav", "PixMapWrapper", "SUNAUDIODEV", "W", "aepack", "aetools",
      "aetypes", "al", "applesingle", "autoGIL", "buildtools", "cd", "cfmfile", "findertools", "fl", "flp", "fm",
      "gensuitemodule", "gl", "ic", "icopen", "imgfile", "jpeg", "macerrors", "macostools", "macresource",
      "sunaudiodev", "videoreader"};
  int files = 0;
  for (const char* v : {"2.7", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"}) {
    std::ifstream in(dir / (std::string(v) + ".txt"));
    ASSERT_TRUE(in) << v;
    int major = v[0] - '0', minor = v[2] - '0';
    std::string line;
    bool sourced = false;
    while (std::getline(in, line)) {
      if (line.rfind("# source: https://", 0) == 0) sourced = true;
      if (line.empty() || line[0] == '#' || artifacts.count(line) || old_platforms.count(line)) continue;
      EXPECT_EQ(stdlib_status(line, {major, minor}), StdlibStatus::Available) << line << " in " << v;
    }
    EXPECT_TRUE(sourced) << v;
    ++files;
  }
  EXPECT_EQ(files, 7);
}

TEST(PythonStdlib, VersionCodesOrder) {
  EXPECT_EQ((PythonVersion{2, 7}.code()), 27);
  EXPECT_LT((PythonVersion{2, 7}), (PythonVersion{3, 0}));
  EXPECT_EQ((PythonVersion{3, 8}.code()), 38);
  EXPECT_EQ((PythonVersion{3, 14}.code()), 314);
  EXPECT_LT((PythonVersion{3, 9}), (PythonVersion{3, 10}));
  EXPECT_EQ(version_text(312), "3.12");
}

// Re-checks the table against every interpreter of 3.10+ installed through
// pyenv (sys.stdlib_module_names is the table's source for those versions).
TEST(PythonStdlib, MatchesInstalledInterpreters) {
  namespace fs = std::filesystem;
  const fs::path versions = "/root/.pyenv/versions";
  int checked = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(versions, ec)) {
    std::string v = entry.path().filename().string();
    int major = 0, minor = 0;
    if (std::sscanf(v.c_str(), "%d.%d", &major, &minor) != 2 || major != 3 || minor < 10) continue;
    std::string command = entry.path().string() +
                          "/bin/python3 -c 'import sys; print(\"\\n\".join(sys.stdlib_module_names))'";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) continue;
    std::set<std::string> names;
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe)) {
      std::string name = buffer.data();
      while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
      if (!name.empty()) names.insert(name);
    }
    if (::pclose(pipe) != 0 || names.empty()) continue;
    std::set<std::string> table;
    for (const auto& m : stdlib_modules())
      if (m.name != "__main__" && m.name != "test" && stdlib_status(m.name, {major, minor}) == StdlibStatus::Available)
        table.insert(std::string(m.name));
    EXPECT_EQ(table, names) << "CPython " << v;
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no CPython 3.10+ under " << versions << " to compare with";
}

}  // namespace
}  // namespace mlstack::project::python

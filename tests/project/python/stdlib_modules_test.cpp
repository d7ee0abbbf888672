// SPDX-License-Identifier: MIT
#include "project/python/stdlib_modules.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
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

TEST(PythonStdlib, VersionCodesOrder) {
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
      if (stdlib_status(m.name, {major, minor}) == StdlibStatus::Available) table.insert(std::string(m.name));
    EXPECT_EQ(table, names) << "CPython " << v;
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no CPython 3.10+ under " << versions << " to compare with";
}

}  // namespace
}  // namespace mlstack::project::python

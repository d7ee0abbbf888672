// SPDX-License-Identifier: MIT
// The import finder over this machine's Python standard library, checked
// against Python's own ast module (tests/project/python/ast_imports.py).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/mapped_file.h"
#include "project/python/imports.h"

namespace mlstack::project::python {
namespace {

namespace fs = std::filesystem;

// MLSTACK_STDLIB_DIR and MLSTACK_AST_PYTHON point the same check at another
// tree and interpreter (e.g. a 3.12 standard library with its test suite).
std::string stdlib_dir() {
  const char* dir = std::getenv("MLSTACK_STDLIB_DIR");
  return dir ? dir : "/usr/lib/python3.11";
}
std::string ast_python() {
  const char* exe = std::getenv("MLSTACK_AST_PYTHON");
  return exe ? exe : "python3";
}

std::vector<std::string> python_files(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; it != end; it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec) && it->path().extension() == ".py") out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Runs the reference script; returns path -> set of "line level module name lazy",
// with "SYNTAX-ERROR" for files ast rejects.
std::map<std::string, std::multiset<std::string>> reference_imports(const std::vector<std::string>& files) {
  fs::path list = fs::temp_directory_path() / ("mlstack_ast_list_" + std::to_string(::getpid()));
  fs::path result = list.string() + ".out";
  {
    std::ofstream out(list);
    for (const auto& f : files) out << f << "\n";
  }
  std::string command = ast_python() + " " + std::string(MLSTACK_SOURCE_DIR) +
                        "/tests/project/python/ast_imports.py < " + list.string() + " > " + result.string();
  int status = std::system(command.c_str());
  std::map<std::string, std::multiset<std::string>> out;
  if (status == 0) {
    std::ifstream in(result);
    std::string line;
    while (std::getline(in, line)) {
      auto tab = line.find('\t');
      out[line.substr(0, tab)].insert(line.substr(tab + 1));
    }
  }
  fs::remove(list);
  fs::remove(result);
  return out;
}

TEST(PythonImportsStdlib, EveryFileTokenizesAndImportsMatchAst) {
  const std::string root = stdlib_dir();
  if (!fs::is_directory(root)) GTEST_SKIP() << root << " is absent on this machine";
  if (std::system((ast_python() + " -c 'import ast' >/dev/null 2>&1").c_str()) != 0)
    GTEST_SKIP() << ast_python() << " (the reference for import lists) cannot run";
  std::vector<std::string> files = python_files(root);
  ASSERT_GT(files.size(), 300u);
  auto reference = reference_imports(files);
  ASSERT_FALSE(reference.empty()) << "the ast reference script produced nothing";

  std::size_t compared = 0, syntax_errors = 0, imports = 0;
  for (const std::string& path : files) {
    auto file = MappedFile::open(path);
    ASSERT_TRUE(file) << file.error();
    FileImports found = find_imports(file->text());
    const auto& expected = reference[path];
    if (expected.count("SYNTAX-ERROR")) {
      ++syntax_errors;  // Python 2 test data and the like: must not crash, nothing more
      continue;
    }
    EXPECT_EQ(found.token_errors, 0u) << path;
    std::multiset<std::string> got;
    for (const ImportRecord& r : found.imports) {
      if (r.form != ImportForm::Import && r.form != ImportForm::FromImport) continue;
      got.insert(std::to_string(r.line) + "\t" + std::to_string(r.level) + "\t" + r.module + "\t" + r.name +
                 "\t" + (r.lazy ? "1" : "0"));
    }
    EXPECT_EQ(got, expected) << path;
    imports += got.size();
    ++compared;
  }
  std::printf("compared %zu files (%zu imports) with ast; %zu files ast rejects\n", compared, imports,
              syntax_errors);
  EXPECT_GT(imports, 3000u);
}

}  // namespace
}  // namespace mlstack::project::python

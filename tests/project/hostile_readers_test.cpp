// SPDX-License-Identifier: MIT
// The readers' own limits against hostile files (docs/security.md): depth
// limits on recursion over input and size budgets on expansions, each
// reported with file and line; the end-to-end cases are in
// tests/cli/hostile_test.cpp.
#include <string>

#include <gtest/gtest.h>

#include "project/lock/lock_file.h"
#include "project/manifest/markdown_fences.h"
#include "project/manifest/pyproject.h"
#include "project/manifest/shell_script.h"
#include "project/python/setup_py.h"
#include "project/python/syntax_check.h"

namespace mlstack::project {
namespace {

const Finding* find_rule(const std::vector<Finding>& findings, const std::string& rule) {
  for (const auto& f : findings)
    if (f.rule == rule) return &f;
  return nullptr;
}

TEST(HostileReaders, DependencyGroupChainStopsAtItsDepthLimit) {
  std::string text = "[dependency-groups]\n";
  for (int i = 0; i < 2000; ++i) text += "g" + std::to_string(i) + " = [{include-group = \"g" + std::to_string(i + 1) + "\"}]\n";
  text += "g2000 = [\"numpy\"]\n";
  Manifest m = parse_pyproject(text, "pyproject.toml");
  const Finding* deep = find_rule(m.findings, "input.nesting-limit");
  ASSERT_NE(deep, nullptr);
  EXPECT_EQ(deep->message, "dependency group `g0` includes `g64` more than 64 levels deep; not followed");
  EXPECT_EQ(deep->origins[0].to_string(), "pyproject.toml:65:8");
  std::size_t nesting = 0;
  for (const auto& f : m.findings) nesting += f.rule == "input.nesting-limit";
  EXPECT_EQ(nesting, 1u) << "reported once per file";
  // A chain within the limit is read whole.
  Manifest shallow = parse_pyproject("[dependency-groups]\na = [{include-group = \"b\"}]\nb = [\"numpy\"]\n", "p");
  EXPECT_TRUE(shallow.findings.empty());
  EXPECT_EQ(shallow.requirements.size(), 2u);
}

TEST(HostileReaders, GroupIncludedTwiceAddsItsRequirementsOnce) {
  std::string text = "[dependency-groups]\n";
  for (int i = 0; i < 24; ++i)
    text += "g" + std::to_string(i) + " = [{include-group = \"g" + std::to_string(i + 1) + "\"}, {include-group = \"g" +
            std::to_string(i + 1) + "\"}]\n";
  text += "g24 = [\"numpy\", \"torch\"]\n";
  Manifest m = parse_pyproject(text, "pyproject.toml");
  EXPECT_TRUE(m.findings.empty());
  EXPECT_EQ(m.requirements.size(), 25u * 2u);
}

TEST(HostileReaders, DependencyGroupExpansionHasABudget) {
  // 200 groups of 100 requirements, each including the next: more than 10,000 in all.
  std::string text = "[dependency-groups]\n";
  std::string many;
  for (int k = 0; k < 100; ++k) many += "\"p" + std::to_string(k) + "\", ";
  for (int i = 0; i < 200; ++i)
    text += "g" + std::to_string(i) + " = [" + many + "{include-group = \"g" + std::to_string(i + 1) + "\"}]\n";
  text += "g200 = [\"numpy\"]\n";
  Manifest m = parse_pyproject(text, "pyproject.toml");
  const Finding* budget = find_rule(m.findings, "input.expansion-limit");
  ASSERT_NE(budget, nullptr);
  EXPECT_EQ(budget->origins[0].path, "pyproject.toml");
  EXPECT_GT(budget->origins[0].line, 0u);
  EXPECT_LE(m.requirements.size(), 10000u);
}

TEST(HostileReaders, SetupPyNestingAndDoublingAreUnknownWithTheReason) {
  std::string nested = "from setuptools import setup\nsetup(install_requires=" + std::string(5000, '[') + "'x'" +
                       std::string(5000, ']') + ")\n";
  python::SetupPy deep = python::read_setup_py(nested);
  ASSERT_FALSE(deep.unresolved.empty());
  EXPECT_NE(deep.unresolved[0].reason.find("nested more than 100 levels deep"), std::string::npos) << deep.unresolved[0].reason;
  EXPECT_EQ(deep.unresolved[0].at.line, 2u);
  std::string calls = "from setuptools import setup\nsetup(install_requires=" ;
  for (int i = 0; i < 5000; ++i) calls += "list(";
  calls += "['x']" + std::string(5000, ')') + ")\n";
  EXPECT_FALSE(python::read_setup_py(calls).unresolved.empty());
  std::string unary = "from setuptools import setup\nx = " + std::string(20000, '-') + "1\nsetup(install_requires=['a'])\n";
  EXPECT_EQ(python::read_setup_py(unary).requirements.size(), 1u);

  std::string doubling = "from setuptools import setup\nreqs = ['torch', 'numpy']\n";
  for (int i = 0; i < 30; ++i) doubling += "reqs = reqs + reqs\n";
  doubling += "more = ['a']\n";
  for (int i = 0; i < 30; ++i) doubling += "more += more\n";
  doubling += "ext = ['b']\n";
  for (int i = 0; i < 30; ++i) doubling += "ext.extend(ext)\n";
  doubling += "setup(install_requires=reqs, extras_require={'m': more, 'e': ext})\n";
  python::SetupPy setup = python::read_setup_py(doubling);
  std::size_t over = 0;
  for (const auto& u : setup.unresolved) over += u.reason.find("expands past 10000 values") != std::string::npos;
  EXPECT_GE(over, 2u) << "reqs and ext; more, once unknown, is then `extended with a value that is not static`";
  EXPECT_LE(setup.requirements.size(), 3u * 10000u);
}

TEST(HostileReaders, SyntaxProblemsNameLineAndColumn) {
  auto unclosed = python::first_syntax_problem("setup(\n  install_requires=['a',\n");
  ASSERT_TRUE(unclosed);
  EXPECT_EQ(unclosed->what, "`[` is never closed");
  EXPECT_EQ(unclosed->line, 2u);
  EXPECT_EQ(unclosed->column, 20u);
  auto mismatched = python::first_syntax_problem("x = [1,\n2)\n");
  ASSERT_TRUE(mismatched);
  EXPECT_EQ(mismatched->what, "`)` does not match `[` opened at line 1");
  auto stray = python::first_syntax_problem("x = 1\ny = $\n");
  ASSERT_TRUE(stray);
  EXPECT_EQ(stray->what, "`$` is not Python");
  EXPECT_EQ(stray->line, 2u);
  auto string = python::first_syntax_problem("x = 'abc\n");
  ASSERT_TRUE(string);
  EXPECT_EQ(string->what, "unterminated or malformed string");
  EXPECT_FALSE(python::first_syntax_problem("f'{a[\"k\"]}'\nx = (1,\n  2)\n"));
}

TEST(HostileReaders, LockFieldsOfTheWrongTypeAreErrorsAtTheirLine) {
  LockFile lock = parse_lock_file(
      "version = 1\nrequires-python = 3\n\n[[package]]\nname = \"torch\"\nversion = [2, 3]\n"
      "dependencies = \"numpy\"\nsource = \"pypi\"\n",
      "uv.lock");
  std::vector<std::string> got;
  for (const auto& f : lock.findings) got.push_back(f.origins[0].to_string() + " " + f.message);
  EXPECT_EQ(got, (std::vector<std::string>{
                     "uv.lock:2 `requires-python` must be a string, not an integer; not read",
                     "uv.lock:6 [[package]] `version` must be a string, not an array; not read",
                     "uv.lock:8 [[package]] `source` must be a table, not a string; not read",
                     "uv.lock:7 [[package]] `dependencies` must be an array, not a string; not read"}));
  LockFile poetry = parse_lock_file("[[package]]\nname = \"a\"\nversion = \"1\"\nfiles = \"x\"\n[metadata]\nlock-version = \"2.1\"\n",
                                    "poetry.lock");
  ASSERT_EQ(poetry.findings.size(), 1u);
  EXPECT_EQ(poetry.findings[0].rule, "input.lock-type");
}

TEST(HostileReaders, ManyFencesAndManyPinsStayLinear) {
  std::string readme;
  for (int i = 0; i < 50000; ++i) readme += "```\n```\n";
  readme += "```bash\npip install torch==2.3.0\n```\n";
  Manifest m = parse_markdown(readme, "README.md");
  ASSERT_EQ(m.requirements.size(), 1u);
  EXPECT_EQ(m.requirements[0].origin.line, 100002u);
}

}  // namespace
}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
#include "project/python/imports.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/mapped_file.h"

namespace mlstack::project::python {
namespace {

std::string describe(const ImportRecord& r) {
  std::string s = std::to_string(r.line) + " " + std::string(r.level, '.') + r.module;
  if (!r.name.empty()) s += ":" + r.name;
  if (!r.alias.empty()) s += " as " + r.alias;
  if (r.lazy) s += " lazy";
  if (r.optional) s += " optional";
  if (r.fallback) s += " fallback";
  if (r.typing_only) s += " typing";
  if (r.conditional) s += " conditional";
  if (r.dead) s += " dead";
  for (const auto& g : r.guards()) s += " guard=" + g;
  for (const auto& g : r.unset_guards()) s += " unless=" + g;
  return s;
}

std::vector<std::string> imports_of(std::string_view source) {
  std::vector<std::string> out;
  for (const auto& r : find_imports(source).imports) out.push_back(describe(r));
  return out;
}

using V = std::vector<std::string>;

TEST(PythonImports, PlainForms) {
  EXPECT_EQ(imports_of("import a.b as c, d\nfrom x.y import (z as w,\n  v,)\nfrom .. import m\n"
                       "from .p import *\n"),
            (V{"1 a.b as c", "1 d as d", "2 x.y:z as w", "2 x.y:v as v", "4 ..:m as m", "5 .p:*"}));
}

TEST(PythonImports, LazyInsideFunctionButNotInClassBody) {
  EXPECT_EQ(imports_of("class A:\n  import a\n  def f(self):\n    import b\n"),
            (V{"2 a as a", "4 b as b lazy"}));
}

TEST(PythonImports, OptionalWhenTryCatchesImportError) {
  EXPECT_EQ(imports_of("try:\n  import ujson as json\nexcept ImportError:\n  import json\n"
                       "try:\n  import a\nexcept (ValueError, ModuleNotFoundError) as e:\n  pass\n"
                       "try:\n  import b\nexcept KeyError:\n  pass\n"
                       "try:\n  import c\nfinally:\n  pass\n"),
            (V{"2 ujson as json optional", "4 json as json fallback", "6 a as a optional", "10 b as b",
               "14 c as c"}));
}

TEST(PythonImports, ElseOfTryIsNotOptional) {
  EXPECT_EQ(imports_of("try:\n  import a\nexcept ImportError:\n  pass\nelse:\n  import b\n"),
            (V{"2 a as a optional", "6 b as b"}));
}

TEST(PythonImports, TypeCheckingAndItsElse) {
  EXPECT_EQ(imports_of("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n  import torch\nelse:\n"
                       "  import numpy\nif typing.TYPE_CHECKING: import jax\n"),
            (V{"1 typing:TYPE_CHECKING as TYPE_CHECKING", "3 torch as torch typing", "5 numpy as numpy",
               "6 jax as jax typing"}));
}

TEST(PythonImports, VersionAndPlatformChecksAreConditional) {
  EXPECT_EQ(imports_of("if sys.version_info >= (3, 11):\n  import tomllib\nelse:\n  import tomli\n"
                       "if sys.platform == 'win32':\n  import winreg\nelif os.name == 'posix':\n"
                       "  import pwd\n"),
            (V{"2 tomllib as tomllib conditional", "4 tomli as tomli conditional",
               "6 winreg as winreg conditional", "8 pwd as pwd conditional"}));
}

TEST(PythonImports, DeadCode) {
  EXPECT_EQ(imports_of("if False:\n  import a\nif 0: import b\nelse:\n  import c\n"),
            (V{"2 a as a dead", "3 b as b dead", "5 c as c"}));
}

TEST(PythonImports, FlagGuards) {
  EXPECT_EQ(imports_of("if args.flash_attn:\n  from flash_attn import flash_attn_func\n"
                       "if os.path.exists(p):\n  import x\n"),
            (V{"2 flash_attn:flash_attn_func as flash_attn_func guard=flash_attn", "4 x as x"}));
}

// `if not args.x: import y` runs when --x is NOT given: no flag guard; the
// `else:` of such an `if` is the branch the flag turns on.
TEST(PythonImports, NegatedFlagGuards) {
  EXPECT_EQ(imports_of("if not args.flash_attn:\n  import a\nelse:\n  import b\n"),
            (V{"2 a as a unless=flash_attn", "4 b as b guard=flash_attn"}));
  EXPECT_EQ(imports_of("if args.cpu:\n  pass\nelse:\n  import c\n"), (V{"4 c as c unless=cpu"}));
  EXPECT_EQ(imports_of("if args.a and not args.b:\n  import d\n"), (V{"2 d as d guard=a unless=b"}));
  EXPECT_EQ(imports_of("if args.x is None:\n  import e\nif args.x is not None:\n  import f\n"
                       "if args.x == None: import g\n"),
            (V{"2 e as e unless=x", "4 f as f guard=x", "5 g as g unless=x"}));
  // De Morgan through parentheses: runs when neither flag is given; the else when either is.
  EXPECT_EQ(imports_of("if not (args.a or args.b):\n  import h\nelse:\n  import i\n"),
            (V{"2 h as h unless=a unless=b", "4 i as i guard=a guard=b"}));
  // An elif runs only when the branches above it did not.
  EXPECT_EQ(imports_of("if args.cpu:\n  pass\nelif args.flash:\n  import j\nelse:\n  import k\n"),
            (V{"4 j as j guard=flash unless=cpu", "6 k as k unless=cpu unless=flash"}));
  // Nested: the outer negation stays with the inner guard.
  EXPECT_EQ(imports_of("if not args.cpu:\n  if args.flash:\n    import l\n"), (V{"3 l as l guard=flash unless=cpu"}));
  // `not` binds looser than a comparison; double negation; nesting far deeper than real code.
  EXPECT_EQ(imports_of("if not args.x is None:\n  import o\nif not not args.x:\n  import p\n"),
            (V{"2 o as o guard=x", "4 p as p guard=x"}));
  std::string deep = "if ";
  for (int i = 0; i < 20001; ++i) deep += "not ";
  deep += "(" + std::string(5000, '(') + "args.x" + std::string(5000, ')') + "):\n  import q\n";
  EXPECT_EQ(imports_of(deep), (V{"2 q as q unless=x"}));
  // A loop's or a try's else is no condition's other branch.
  EXPECT_EQ(imports_of("while not args.done:\n  import m\nelse:\n  import n\n"),
            (V{"2 m as m unless=done", "4 n as n"}));
}

// Availability checks and feature flags guard imports as flags do; any other
// condition is kept as written; a `__main__` guard is none.
TEST(PythonImports, AvailabilityChecksFlagsAndConditions) {
  EXPECT_EQ(imports_of("if is_apex_available():\n  from apex import amp\n"
                       "if not HAS_XFORMERS:\n  import a\nelse:\n  import xformers.ops\n"
                       "if torch.cuda.is_available():\n  import pynvml\n"),
            (V{"2 apex:amp as amp guard=is_apex_available()", "4 a as a unless=HAS_XFORMERS",
               "6 xformers.ops as xformers guard=HAS_XFORMERS", "8 pynvml as pynvml guard=torch.cuda.is_available()"}));
  FileImports f = find_imports("if x > 3 and os.path.exists(p):\n  import b\nelse:\n  import c\n"
                               "if __name__ == \"__main__\":\n  import d\n");
  ASSERT_EQ(f.imports.size(), 3u);
  EXPECT_EQ(f.imports[0].condition(), "x > 3 and os.path.exists(p)");
  EXPECT_EQ(f.imports[1].condition(), "not (x > 3 and os.path.exists(p))");
  EXPECT_EQ(f.imports[2].condition(), "");
}

// The imports of one block share one condition; unconditional imports hold none.
TEST(PythonImports, ImportsOfOneBlockShareTheirCondition) {
  FileImports f = find_imports("import os\nif HAS_APEX:\n  import apex\n  from apex import amp\nif x:\n  import y\n");
  ASSERT_EQ(f.imports.size(), 4u);
  EXPECT_EQ(f.imports[0].under, nullptr);
  ASSERT_NE(f.imports[1].under, nullptr);
  EXPECT_EQ(f.imports[1].under, f.imports[2].under);
  EXPECT_EQ(f.imports[2].guards(), std::vector<std::string>{"HAS_APEX"});
  EXPECT_NE(f.imports[3].under, f.imports[2].under);
  EXPECT_EQ(f.imports[3].condition(), "x");
}

TEST(PythonImports, SysPathAdditions) {
  FileImports f = find_imports(
      "sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib'))\n"
      "sys.path.append(str(Path(__file__).resolve().parents[1]))\n"
      "sys.path.append('./tools')\n"
      "sys.path.insert(0, '%s/PythonHelperTools/vqaTools' % (data_dir))\n"
      "sys.path.append(os.environ['HOME'])\n");
  ASSERT_EQ(f.sys_path.size(), 4u);
  EXPECT_EQ(f.sys_path[0].base, SysPathEntry::Base::File);
  EXPECT_EQ(f.sys_path[0].path, "../lib");
  EXPECT_EQ(f.sys_path[1].path, "..");
  EXPECT_EQ(f.sys_path[2].base, SysPathEntry::Base::Cwd);
  EXPECT_EQ(f.sys_path[2].path, "tools");
  EXPECT_EQ(f.sys_path[3].base, SysPathEntry::Base::Any);
  EXPECT_EQ(f.sys_path[3].path, "PythonHelperTools/vqaTools");
}

TEST(PythonImports, DynamicImports) {
  FileImports f = find_imports(
      "import importlib\nm = importlib.import_module(\"pkg.mod\")\nn = __import__('yaml')\n"
      "o = importlib.import_module(name)\np = import_module('.sub', package=__name__)\n"
      "self.import_module('not_this')\n");
  ASSERT_EQ(f.imports.size(), 4u);
  EXPECT_EQ(f.imports[1].module, "pkg.mod");
  EXPECT_EQ(f.imports[1].form, ImportForm::ImportModuleCall);
  EXPECT_EQ(f.imports[2].module, "yaml");
  EXPECT_EQ(f.imports[2].form, ImportForm::DunderImportCall);
  EXPECT_EQ(f.imports[3].module, "sub");
  EXPECT_EQ(f.imports[3].level, 1u);
  ASSERT_EQ(f.dynamic.size(), 1u);
  EXPECT_EQ(f.dynamic[0].line, 4u);
}

TEST(PythonImports, MainGuard) {
  EXPECT_TRUE(find_imports("def main(): pass\nif __name__ == '__main__':\n    main()\n").has_main_guard);
  EXPECT_FALSE(find_imports("def f():\n    if __name__ == '__main__':\n        pass\n").has_main_guard);
  EXPECT_FALSE(find_imports("x = '__main__'\n").has_main_guard);
}

TEST(PythonImports, NeverInStringsOrComments) {
  EXPECT_EQ(imports_of("'''\nimport a\n'''\n# import b\nx = f\"{'import c'}\"\ns = 'from d import e'\n"),
            V{});
}

TEST(PythonImports, TrickyFixture) {
  auto text = read_file(std::string(MLSTACK_SOURCE_DIR) + "/tests/data/python/tricky/imports_tricky.py");
  ASSERT_TRUE(text) << text.error();
  FileImports f = find_imports(*text);
  EXPECT_EQ(f.token_errors, 0u);
  std::vector<std::string> got;
  for (const auto& r : f.imports) got.push_back(describe(r));
  // Lines as Python's ast reports them for the same file.
  EXPECT_EQ(got, (V{"5 os as os", "12 json as json",
                    "18 real_after_continuation:real_after_continuation as real_after_continuation",
                    "22 dead_module as dead_module dead", "25 pkg:sub as sub", "31 nested_ok as nested_ok lazy",
                    "34 after_fstrings as after_fstrings", "40 yaml as yaml optional",
                    "43 matched as matched"}));
}

}  // namespace
}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
#include "project/python/layout.h"

#include <gtest/gtest.h>

namespace mlstack::project::python {
namespace {

TEST(PythonLayout, SrcLayout) {
  auto layout = ProjectLayout::build({"setup.py", "src/mypkg/__init__.py", "src/mypkg/core.py", "tests/test_core.py"});
  ASSERT_NE(layout.find_module("mypkg.core"), nullptr);
  EXPECT_EQ(layout.find_module("mypkg.core")->path, "src/mypkg/core.py");
  EXPECT_EQ(layout.find_module("mypkg")->path, "src/mypkg/__init__.py");
  EXPECT_TRUE(layout.find_module("mypkg")->is_package);
  EXPECT_EQ(layout.source_roots(), std::vector<std::string>{"src"});
  EXPECT_TRUE(layout.top_level_names().count("mypkg"));
  EXPECT_TRUE(layout.top_level_names().count("tests"));
  EXPECT_FALSE(layout.top_level_names().count("src"));
}

TEST(PythonLayout, SrcThatIsAPackageIsNotARoot) {
  auto layout = ProjectLayout::build({"src/__init__.py", "src/model.py"});
  EXPECT_TRUE(layout.source_roots().empty());
  EXPECT_NE(layout.find_module("src.model"), nullptr);
}

TEST(PythonLayout, NamespacePackages) {
  auto layout = ProjectLayout::build({"tinychat/demo.py", "tinychat/utils/tune.py"});
  EXPECT_TRUE(layout.defines("tinychat"));
  EXPECT_TRUE(layout.defines("tinychat.utils"));
  EXPECT_FALSE(layout.defines("tinychat.serve"));
  EXPECT_EQ(layout.find_module("tinychat.utils.tune")->path, "tinychat/utils/tune.py");
  EXPECT_FALSE(layout.find_module("tinychat.demo")->in_regular_package);
}

TEST(PythonLayout, NonIdentifierFoldersAreNotImportable) {
  auto layout = ProjectLayout::build({"my-scripts/run.py", "3rdparty/x.py"});
  EXPECT_TRUE(layout.files()[0].module.empty());
  EXPECT_TRUE(layout.top_level_names().empty());
}

TEST(PythonLayout, ExtensionsAndTheirSubmodules) {
  auto layout = ProjectLayout::build({});
  layout.add_extension("pkg._C");
  EXPECT_EQ(layout.extension_for("pkg._C.ops"), "pkg._C");
  EXPECT_EQ(layout.extension_for("pkg._Cx"), "");
}

TEST(PythonLayout, RelativeImports) {
  PythonFile mod{"pkg/sub/mod.py", "pkg.sub.mod", "", false, true};
  PythonFile init{"pkg/__init__.py", "pkg", "", true, true};
  ImportRecord r;
  r.level = 2;
  r.module = "x";
  EXPECT_EQ(resolve_relative(mod, r), "pkg.x");
  r.level = 1;
  r.module = "";
  EXPECT_EQ(resolve_relative(init, r), "pkg");
  EXPECT_EQ(resolve_relative(mod, r), "pkg.sub");
  r.level = 3;
  EXPECT_EQ(resolve_relative(mod, r), "");
}

TEST(PythonLayout, Identifiers) {
  EXPECT_TRUE(is_identifier("_private2"));
  EXPECT_TRUE(is_identifier("größe"));
  EXPECT_FALSE(is_identifier("2fast"));
  EXPECT_FALSE(is_identifier("a-b"));
}

}  // namespace
}  // namespace mlstack::project::python

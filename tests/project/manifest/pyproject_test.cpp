// SPDX-License-Identifier: MIT
#include "project/manifest/pyproject.h"

#include <gtest/gtest.h>

namespace mlstack::project {
namespace {

const DeclaredRequirement* find(const Manifest& m, std::string_view text) {
  for (const auto& r : m.requirements) {
    if (r.text == text) return &r;
  }
  return nullptr;
}

TEST(Pyproject, ReadsPep621DependenciesExtrasScriptsAndBuildSystem) {
  Manifest m = parse_pyproject(R"([build-system]
requires = ["setuptools>=61.0", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "demo"
requires-python = ">=3.9"
dependencies = [
  "torch==2.3.0",
  "numpy",
]

[project.optional-dependencies]
gpu = ["triton>=2.3"]

[project.scripts]
demo = "demo.cli:main"
)",
                               "pyproject.toml");
  EXPECT_TRUE(m.findings.empty());
  ASSERT_TRUE(m.name.has_value());
  EXPECT_EQ(m.name->text, "demo");
  ASSERT_TRUE(m.requires_python.has_value());
  EXPECT_EQ(m.requires_python->text, ">=3.9");
  EXPECT_EQ(m.requires_python->origin.to_string(), "pyproject.toml:7:19");
  ASSERT_EQ(m.requirements.size(), 5u);
  const auto* torch = find(m, "torch==2.3.0");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ(torch->scope, Scope::Runtime);
  EXPECT_EQ(torch->origin.to_string(), "pyproject.toml:9:3");
  const auto* triton = find(m, "triton>=2.3");
  ASSERT_NE(triton, nullptr);
  EXPECT_EQ(triton->scope, Scope::Extra);
  EXPECT_EQ(triton->group, "gpu");
  EXPECT_EQ(find(m, "setuptools>=61.0")->scope, Scope::Build);
  EXPECT_EQ(m.build_backend, "setuptools.build_meta");
  ASSERT_EQ(m.entry_points.size(), 1u);
  EXPECT_EQ(m.entry_points[0].target, "demo.cli:main");
}

TEST(Pyproject, DependencyGroupsFollowIncludeGroupAndReportCycles) {
  Manifest m = parse_pyproject(R"([dependency-groups]
test = ["pytest>=8"]
dev = [{include-group = "test"}, "ruff"]
a = [{include-group = "b"}]
b = [{include-group = "a"}, "x"]
)",
                               "pyproject.toml");
  int dev = 0;
  for (const auto& r : m.requirements) {
    if (r.group == "dev") ++dev;
  }
  EXPECT_EQ(dev, 2);
  const DeclaredRequirement* pytest = nullptr;
  for (const auto& r : m.requirements) {
    if (r.group == "dev" && r.text == "pytest>=8") pytest = &r;
  }
  ASSERT_NE(pytest, nullptr);
  EXPECT_EQ(pytest->origin.line, 2u);
  EXPECT_EQ(pytest->origin.context, "group dev (from test)");
  bool cycle = false;
  for (const auto& f : m.findings) cycle = cycle || f.rule == "input.dependency-group-cycle";
  EXPECT_TRUE(cycle);
}

TEST(Pyproject, PoetryDependenciesBecomePep508) {
  Manifest m = parse_pyproject(R"([tool.poetry]
name = "svc"

[tool.poetry.dependencies]
python = ">=3.9,<3.13"
protobuf = "^5.0"
grpcio-status = "*"
outlines = { version = "^0.0.36", optional = true }
torch = [
  { version = "2.6.0", source = "pytorch-cu124", platform = "linux" },
  { version = "2.6.0", platform = "darwin" },
]
clip = { git = "https://github.com/openai/CLIP.git", rev = "main" }
local = { path = "../local", develop = true }
bnb = { version = ">=0.45", python = "^3.10", markers = "platform_machine == 'x86_64'", extras = ["gpu"] }

[tool.poetry.extras]
structured = ["outlines"]

[tool.poetry.group.dev.dependencies]
pytest = "^8.3.5"

[tool.poetry.group.flashattn]
optional = true
[tool.poetry.group.flashattn.dependencies]
flash-attn = "2.8.0.post2"

[[tool.poetry.source]]
name = "pytorch-cu124"
url = "https://download.pytorch.org/whl/cu124"
priority = "explicit"
)",
                               "pyproject.toml");
  EXPECT_TRUE(m.findings.empty()) << m.findings.front().message;
  ASSERT_TRUE(m.requires_python.has_value());
  EXPECT_EQ(m.requires_python->text, ">=3.9,<3.13");
  ASSERT_NE(find(m, "protobuf>=5.0,<6.0"), nullptr);
  EXPECT_EQ(find(m, "protobuf>=5.0,<6.0")->raw, "protobuf = \"^5.0\"");
  EXPECT_EQ(find(m, "protobuf>=5.0,<6.0")->origin.to_string(), "pyproject.toml:6:1");
  ASSERT_NE(find(m, "grpcio-status"), nullptr);
  const auto* outlines = find(m, "outlines>=0.0.36,<0.0.37");
  ASSERT_NE(outlines, nullptr);
  EXPECT_EQ(outlines->scope, Scope::Extra);
  EXPECT_EQ(outlines->group, "structured");
  const auto* torch_linux = find(m, "torch==2.6.0; sys_platform == \"linux\"");
  ASSERT_NE(torch_linux, nullptr);
  EXPECT_EQ(torch_linux->source, "pytorch-cu124");
  EXPECT_EQ(torch_linux->origin.line, 10u);
  ASSERT_NE(find(m, "torch==2.6.0; sys_platform == \"darwin\""), nullptr);
  ASSERT_NE(find(m, "clip @ git+https://github.com/openai/CLIP.git@main"), nullptr);
  const auto* local = find(m, "../local");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->form, RequirementForm::Path);
  EXPECT_TRUE(local->editable);
  EXPECT_NE(find(m, "bnb[gpu]>=0.45; python_version >= \"3.10\" and python_version < \"4.0\" and "
                    "platform_machine == 'x86_64'"),
            nullptr);
  const auto* pytest = find(m, "pytest>=8.3.5,<9.0.0");
  ASSERT_NE(pytest, nullptr);
  EXPECT_EQ(pytest->scope, Scope::Group);
  EXPECT_EQ(pytest->group, "dev");
  const auto* flash = find(m, "flash-attn==2.8.0.post2");
  ASSERT_NE(flash, nullptr);
  EXPECT_TRUE(flash->optional);
  ASSERT_EQ(m.indexes.size(), 1u);
  EXPECT_EQ(m.indexes[0].priority, "explicit");
  EXPECT_EQ(m.indexes[0].packages, (std::vector<std::string>{"torch"}));
}

TEST(Pyproject, UvIndexesAndSourcesRoutePackages) {
  Manifest m = parse_pyproject(R"([project]
name = "x"
dependencies = ["torch==2.7.0", "numpy"]

[[tool.uv.index]]
name = "pytorch-cu128"
url = "https://download.pytorch.org/whl/cu128"
explicit = true

[tool.uv.sources]
torch = [{ index = "pytorch-cu128", marker = "sys_platform == 'linux'" }]
)",
                               "pyproject.toml");
  ASSERT_EQ(m.indexes.size(), 1u);
  EXPECT_EQ(m.indexes[0].name, "pytorch-cu128");
  EXPECT_EQ(m.indexes[0].priority, "explicit");
  EXPECT_EQ(m.indexes[0].packages, (std::vector<std::string>{"torch"}));
  EXPECT_EQ(find(m, "torch==2.7.0")->source, "pytorch-cu128");
  EXPECT_EQ(find(m, "numpy")->source, "");
}

TEST(Pyproject, PdmDevDependencies) {
  Manifest m = parse_pyproject("[tool.pdm.dev-dependencies]\nlint = [\"ruff>=0.4\"]\n", "pyproject.toml");
  ASSERT_EQ(m.requirements.size(), 1u);
  EXPECT_EQ(m.requirements[0].group, "lint");
  EXPECT_EQ(m.requirements[0].scope, Scope::Group);
}

TEST(Pyproject, MalformedTomlIsAnInputErrorWithPosition) {
  Manifest m = parse_pyproject("[project]\nname = \"x\"\ndependencies = [\"torch\"\n", "pyproject.toml");
  ASSERT_EQ(m.findings.size(), 1u);
  EXPECT_EQ(m.findings[0].rule, "input.toml-syntax");
  EXPECT_EQ(m.findings[0].origins[0].path, "pyproject.toml");
  EXPECT_GE(m.findings[0].origins[0].line, 3u);
}

TEST(Pyproject, WrongShapeIsASchemaErrorAndTheRestIsRead) {
  Manifest m = parse_pyproject("[project]\ndependencies = \"torch\"\n[project.optional-dependencies]\nx = [\"a\", 3]\n",
                               "pyproject.toml");
  ASSERT_EQ(m.findings.size(), 2u);
  EXPECT_EQ(m.findings[0].rule, "input.pyproject-schema");
  EXPECT_EQ(m.findings[0].message, "`project.dependencies` must be an array of requirement strings");
  EXPECT_EQ(m.findings[0].origins[0].to_string(), "pyproject.toml:2:16");
  ASSERT_EQ(m.requirements.size(), 1u);
}

TEST(Pyproject, LooksLikePyproject) {
  EXPECT_TRUE(looks_like_pyproject("[tool.poetry]\nname='x'\n"));
  EXPECT_FALSE(looks_like_pyproject("[tool.black]\n"));
  EXPECT_FALSE(looks_like_pyproject("not toml ["));
}

}  // namespace
}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
#include "project/manifest/requirements_txt.h"

#include <map>

#include <gtest/gtest.h>

namespace mlstack::project {
namespace {

TEST(RequirementsTxt, ReadsRequirementsWithLineAndColumn) {
  RequirementsFile file = parse_requirements("# comment\ntorch==2.3.0\n  numpy>=1.26 # why\n", "requirements.txt");
  ASSERT_EQ(file.manifest.requirements.size(), 2u);
  EXPECT_EQ(file.manifest.requirements[0].text, "torch==2.3.0");
  EXPECT_EQ(file.manifest.requirements[0].origin.to_string(), "requirements.txt:2:1");
  EXPECT_EQ(file.manifest.requirements[1].text, "numpy>=1.26");
  EXPECT_EQ(file.manifest.requirements[1].origin.to_string(), "requirements.txt:3:3");
  EXPECT_TRUE(file.manifest.findings.empty());
}

TEST(RequirementsTxt, JoinsContinuationLinesAndKeepsHashes) {
  RequirementsFile file = parse_requirements(
      "torch==2.3.0 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\nnumpy\n", "r.txt");
  ASSERT_EQ(file.manifest.requirements.size(), 2u);
  EXPECT_EQ(file.manifest.requirements[0].text, "torch==2.3.0");
  EXPECT_EQ(file.manifest.requirements[0].hashes, (std::vector<std::string>{"sha256:aaaa", "sha256:bbbb"}));
  EXPECT_EQ(file.manifest.requirements[1].origin.line, 4u);
}

TEST(RequirementsTxt, ContinuedSpecifierKeepsItsPosition) {
  RequirementsFile file = parse_requirements("a\ntorch>=2.1,\\\n<3\n", "r.txt");
  ASSERT_EQ(file.manifest.requirements.size(), 2u);
  EXPECT_EQ(file.manifest.requirements[1].text, "torch>=2.1,<3");
  EXPECT_EQ(file.manifest.requirements[1].origin.to_string(), "r.txt:2:1");
}

TEST(RequirementsTxt, ReadsIndexOptionsIncludesEditablesAndPre) {
  RequirementsFile file = parse_requirements(
      "--index-url https://download.pytorch.org/whl/cu121\n"
      "--extra-index-url=https://pypi.org/simple\n"
      "-f https://flashattn.github.io/whl/cu121/torch2.3/\n"
      "--pre\n-r base.txt\n-c constraints.txt\n-e .[dev]\n"
      "-e git+https://github.com/openai/CLIP.git@main#egg=clip\n",
      "requirements/gpu.txt");
  const Manifest& m = file.manifest;
  ASSERT_EQ(m.indexes.size(), 3u);
  EXPECT_EQ(m.indexes[0].kind, IndexEntry::Kind::IndexUrl);
  EXPECT_EQ(m.indexes[0].url, "https://download.pytorch.org/whl/cu121");
  EXPECT_EQ(m.indexes[1].kind, IndexEntry::Kind::ExtraIndexUrl);
  EXPECT_EQ(m.indexes[1].url, "https://pypi.org/simple");
  EXPECT_EQ(m.indexes[2].kind, IndexEntry::Kind::FindLinks);
  EXPECT_TRUE(m.pre_releases);
  ASSERT_EQ(file.includes.size(), 2u);
  EXPECT_EQ(file.includes[0].target, "base.txt");
  EXPECT_FALSE(file.includes[0].constraint);
  EXPECT_TRUE(file.includes[1].constraint);
  ASSERT_EQ(m.requirements.size(), 2u);
  EXPECT_TRUE(m.requirements[0].editable);
  EXPECT_EQ(m.requirements[0].text, ".[dev]");
  EXPECT_EQ(m.requirements[0].form, RequirementForm::Path);
  EXPECT_EQ(m.requirements[1].form, RequirementForm::Url);
  EXPECT_EQ(m.requirements[1].origin.to_string(), "requirements/gpu.txt:8:4");
}

TEST(RequirementsTxt, UrlFragmentIsNotAComment) {
  RequirementsFile file = parse_requirements("git+https://x.org/a.git#egg=a  # trailing\n", "r.txt");
  ASSERT_EQ(file.manifest.requirements.size(), 1u);
  EXPECT_EQ(file.manifest.requirements[0].text, "git+https://x.org/a.git#egg=a");
}

TEST(RequirementsTxt, BareWheelUrlWithMarker) {
  RequirementsFile file = parse_requirements(
      "https://github.com/x/y/releases/download/v2.8.3/flash_attn-2.8.3+cu128torch2.9.0cxx11abiFALSE-cp313-cp313-linux_x86_64.whl; "
      "platform_system == \"Linux\"\n",
      "r.txt");
  ASSERT_EQ(file.manifest.requirements.size(), 1u);
  EXPECT_EQ(file.manifest.requirements[0].form, RequirementForm::Url);
}

TEST(RequirementsTxt, LocalWheelPathIsAPath) {
  RequirementsFile file = parse_requirements("wheels/torch-2.3.0+cu121-cp311-cp311-linux_x86_64.whl\n", "r.txt");
  ASSERT_EQ(file.manifest.requirements.size(), 1u);
  EXPECT_EQ(file.manifest.requirements[0].form, RequirementForm::Path);
}

TEST(RequirementsTxt, UnknownOptionIsAnInputErrorAndTheRestIsRead) {
  RequirementsFile file = parse_requirements("torch\n--frobnicate yes\nnumpy\n", "r.txt");
  EXPECT_EQ(file.manifest.requirements.size(), 2u);
  ASSERT_EQ(file.manifest.findings.size(), 1u);
  const Finding& f = file.manifest.findings[0];
  EXPECT_EQ(f.rule, "input.requirements-syntax");
  EXPECT_EQ(f.message, "unknown option `--frobnicate` (pip rejects this line)");
  EXPECT_EQ(f.origins[0].to_string(), "r.txt:2:1");
  EXPECT_EQ(f.detail, "unknown option `--frobnicate` (pip rejects this line)\n--frobnicate yes\n^");
}

TEST(RequirementsTxt, OptionWithoutValueIsAnInputError) {
  RequirementsFile file = parse_requirements("--index-url\n", "r.txt");
  ASSERT_EQ(file.manifest.findings.size(), 1u);
  EXPECT_EQ(file.manifest.findings[0].message, "option `--index-url` needs a value");
}

TEST(RequirementsTxt, ExpandsKnownVariablesAndNotesUnknownOnes) {
  std::map<std::string, std::string> variables{{"TORCH_VERSION", "2.3.1"}};
  RequirementsOptions options;
  options.variables = &variables;
  RequirementsFile file = parse_requirements("torch==${TORCH_VERSION}\nflash-attn==${FA_VERSION}\n", "r.txt", options);
  ASSERT_EQ(file.manifest.requirements.size(), 2u);
  EXPECT_EQ(file.manifest.requirements[0].text, "torch==2.3.1");
  EXPECT_EQ(file.manifest.requirements[0].raw, "torch==${TORCH_VERSION}");
  EXPECT_EQ(file.manifest.requirements[1].text, "flash-attn==${FA_VERSION}");
  EXPECT_EQ(file.manifest.requirements[1].notes, (std::vector<std::string>{"${FA_VERSION} is not set here"}));
}

FileLoader loader(std::map<std::string, std::string> files) {
  return [files = std::move(files)](const std::string& path) -> Expected<std::string, std::string> {
    auto it = files.find(path);
    if (it == files.end()) return unexpected(std::string("no such file"));
    return it->second;
  };
}

TEST(RequirementsTxt, FollowsIncludesRelativeToTheIncludingFile) {
  Manifest m = read_requirements("requirements/gpu.txt",
                                 loader({{"requirements/gpu.txt", "-r base.txt\n-c ../constraints.txt\ntriton\n"},
                                         {"requirements/base.txt", "numpy\n"},
                                         {"constraints.txt", "numpy<2\n"}}));
  ASSERT_EQ(m.requirements.size(), 3u);
  EXPECT_EQ(m.requirements[0].text, "triton");
  EXPECT_EQ(m.requirements[1].text, "numpy");
  EXPECT_EQ(m.requirements[1].included_from, "requirements/gpu.txt");
  EXPECT_EQ(m.requirements[1].origin.to_string(), "requirements/base.txt:1:1");
  EXPECT_EQ(m.requirements[2].scope, Scope::Constraint);
  EXPECT_EQ(m.includes, (std::vector<std::string>{"requirements/base.txt", "constraints.txt"}));
  EXPECT_TRUE(m.findings.empty());
}

TEST(RequirementsTxt, ReportsIncludeCyclesAndMissingIncludes) {
  Manifest m = read_requirements("a.txt", loader({{"a.txt", "-r b.txt\n-r missing.txt\nx\n"}, {"b.txt", "-r a.txt\ny\n"}}));
  EXPECT_EQ(m.requirements.size(), 2u);
  ASSERT_EQ(m.findings.size(), 2u);
  EXPECT_EQ(m.findings[0].rule, "input.requirements-include-cycle");
  EXPECT_EQ(m.findings[0].message, "include cycle: a.txt -> b.txt -> a.txt");
  EXPECT_EQ(m.findings[0].origins[0].to_string(), "b.txt:1:4");
  EXPECT_EQ(m.findings[1].rule, "input.requirements-include");
  EXPECT_EQ(m.findings[1].message, "included file `missing.txt` cannot be read: no such file");
  EXPECT_EQ(m.findings[1].origins[0].to_string(), "a.txt:2:4");
}

TEST(RequirementsTxt, IncludeChainsThroughLinksAreBounded) {
  // Every path names the same text, as `a -> .` would make it: a/r.txt, a/a/r.txt, ...
  FileLoader same = [](const std::string&) -> Expected<std::string, std::string> {
    return std::string("-r a/r.txt\n-r b/r.txt\nx\n");
  };
  Manifest m = read_requirements("r.txt", same);
  EXPECT_LE(m.includes.size(), 257u);
  ASSERT_FALSE(m.findings.empty());
  EXPECT_EQ(m.findings.back().rule, "input.requirements-include");
}

TEST(RequirementsTxt, IncludeLeavingTheTreeIsAnError) {
  Manifest m = read_requirements("a.txt", loader({{"a.txt", "-r ../../etc/x.txt\n"}}));
  ASSERT_EQ(m.findings.size(), 1u);
  EXPECT_EQ(m.findings[0].message, "include `../../etc/x.txt` points outside the project and is not read");
}

TEST(RequirementsTxt, NormalizesRelativePaths) {
  EXPECT_EQ(normalize_relative("a/./b/../c.txt"), "a/c.txt");
  EXPECT_EQ(normalize_relative("../x"), "");
}

}  // namespace
}  // namespace mlstack::project

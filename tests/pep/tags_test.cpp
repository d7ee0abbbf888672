// SPDX-License-Identifier: MIT
#include "pep/tags.h"

#include <gtest/gtest.h>

#include "pep/vectors.h"
#include "pep/wheel_filename.h"

namespace mlstack::pep {
namespace {

using nlohmann::json;
using testing::load_vectors;

const json& vectors() {
  return load_vectors("wheel_names.json");
}

std::vector<std::string> strings(const std::vector<Tag>& tags) {
  std::vector<std::string> out;
  for (const Tag& tag : tags) out.push_back(tag.str());
  return out;
}

Platform linux_platform(const char* python, const char* glibc) {
  Platform platform;
  platform.python_version = *Version::parse(python);
  platform.libc_version = *Version::parse(glibc);
  return platform;
}

VECTOR_TEST(TagVectors, ParseTagAllCases) {
  ASSERT_EQ(vectors()["parse_tag"].size(), testing::expected_count(vectors(), "parse_tag", 33u));
  for (const auto& c : vectors()["parse_tag"]) {
    std::string text = c["tag"];
    SCOPED_TRACE(text);
    TagSetOptions options;
    options.validate_order = c["validate_order"];
    if (!c["limit"].is_null()) options.limit = c["limit"].get<int64_t>();
    auto tags = parse_tag_set(text, options);
    ASSERT_EQ(tags.has_value(), c["valid"].get<bool>());
    if (tags) {
      std::vector<std::string> got = strings(*tags);
      std::sort(got.begin(), got.end());
      EXPECT_EQ(got, c["tags"].get<std::vector<std::string>>());
    } else {
      EXPECT_EQ(tags.error().message, c["error"].get<std::string>());
    }
  }
}

// cpython_tags, generic_tags, compatible_tags, pure_python_tags and
// mac_platforms in priority order, as packaging's suite calls them.
VECTOR_TEST(TagVectors, TagOrderingsAllCases) {
  ASSERT_EQ(vectors()["tag_orderings"].size(), testing::expected_count(vectors(), "tag_orderings", 39u));
  for (const auto& c : vectors()["tag_orderings"]) {
    SCOPED_TRACE(c.dump());
    const json& args = c["arguments"];
    std::string function = c["function"];
    std::vector<std::string> got;
    if (function == "cpython_tags") {
      got = strings(cpython_tags(args["python_version"], args["abis"], args["platforms"]));
    } else if (function == "generic_tags") {
      got = strings(generic_tags(args["interpreter"], args["abis"], args["platforms"]));
    } else if (function == "compatible_tags") {
      got = strings(compatible_tags(args["python_version"], args["interpreter"], args["platforms"]));
    } else if (function == "pure_python_tags") {
      auto tags = pure_python_tags(args["python_version"]);
      if (!c["expected"].is_null()) {
        ASSERT_TRUE(tags);
        got = strings(*tags);
      } else {
        ASSERT_FALSE(tags);
        EXPECT_EQ(tags.error(), c["error"].get<std::string>());
        continue;
      }
    } else if (function == "mac_platforms") {
      got = mac_platforms(args["version"][0], args["version"][1], args["arch"]);
    } else {
      FAIL() << "unknown function " << function;
    }
    EXPECT_EQ(got, c["expected"].get<std::vector<std::string>>());
  }
}

TEST(Tags, LinuxGlibcPriorityOrder) {
  std::vector<Tag> tags = supported_tags(linux_platform("3.11.7", "2.35"));
  std::vector<std::string> text = strings(tags);
  ASSERT_GE(text.size(), 10u);
  // packaging 26.3+: the native linux_ tag first, then manylinux newest first.
  EXPECT_EQ(text[0], "cp311-cp311-linux_x86_64");
  EXPECT_EQ(text[1], "cp311-cp311-manylinux_2_35_x86_64");
  auto at = [&](const std::string& tag) { return std::find(text.begin(), text.end(), tag) - text.begin(); };
  EXPECT_EQ(at("cp311-cp311-manylinux2014_x86_64"), at("cp311-cp311-manylinux_2_17_x86_64") + 1);
  EXPECT_EQ(at("cp311-cp311-manylinux1_x86_64"), at("cp311-cp311-manylinux_2_5_x86_64") + 1);
  EXPECT_LT(at("cp311-cp311-manylinux1_x86_64"), at("cp311-abi3-linux_x86_64"));
  EXPECT_LT(at("cp38-abi3-manylinux1_x86_64"), at("py311-none-linux_x86_64"));
  EXPECT_EQ(text.back(), "py30-none-any");
  // 1 linux + 31 manylinux_2_X (2.35..2.5) + 3 legacy aliases = 35 platforms.
  EXPECT_EQ(platform_tags(linux_platform("3.11", "2.35")).size(), 35u);
}

TEST(Tags, AarchStopsAtGlibc217) {
  Platform platform = linux_platform("3.12.1", "2.28");
  platform.arch = "aarch64";
  std::vector<std::string> plats = platform_tags(platform);
  EXPECT_EQ(plats.back(), "manylinux2014_aarch64");
  EXPECT_EQ(plats.size(), 1u + 12u + 1u);
}

TEST(Tags, MusllinuxAndWindowsAndMac) {
  Platform musl = linux_platform("3.12", "1.2");
  musl.libc = "musl";
  EXPECT_EQ(platform_tags(musl),
            (std::vector<std::string>{"linux_x86_64", "musllinux_1_2_x86_64", "musllinux_1_1_x86_64",
                                      "musllinux_1_0_x86_64"}));
  Platform windows;
  windows.os = "windows";
  windows.python_version = *Version::parse("3.10.11");
  EXPECT_EQ(strings(supported_tags(windows)).front(), "cp310-cp310-win_amd64");
  Platform mac;
  mac.os = "macos";
  mac.arch = "arm64";
  mac.macos_version = *Version::parse("14.2");
  mac.python_version = *Version::parse("3.12.1");
  EXPECT_EQ(strings(supported_tags(mac)).front(), "cp312-cp312-macosx_14_0_arm64");
}

TEST(Tags, WheelCompatibilityGivesTheReason) {
  Platform platform = linux_platform("3.11.7", "2.31");
  auto check = [&](const char* filename) { return wheel_compatibility(*WheelFilename::parse(filename), platform); };
  TagCompatibility ok = check("torch-2.4.1+cu121-cp311-cp311-linux_x86_64.whl");
  EXPECT_TRUE(ok.compatible);
  EXPECT_EQ(ok.priority, 0u);
  EXPECT_TRUE(check("numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl").compatible);
  EXPECT_TRUE(check("six-1.16.0-py2.py3-none-any.whl").compatible);
  EXPECT_TRUE(check("cryptography-42.0.5-cp39-abi3-manylinux_2_28_x86_64.whl").compatible);

  TagCompatibility python = check("torch-2.4.1-cp312-cp312-manylinux_2_17_x86_64.whl");
  EXPECT_FALSE(python.compatible);
  EXPECT_EQ(to_string(python.reason), "python");
  TagCompatibility abi = check("pkg-1.0-cp311-cp311t-manylinux_2_17_x86_64.whl");
  EXPECT_EQ(to_string(abi.reason), "abi");
  TagCompatibility glibc = check("jaxlib-0.4.30-cp311-cp311-manylinux_2_34_x86_64.whl");
  EXPECT_FALSE(glibc.compatible);
  EXPECT_EQ(to_string(glibc.reason), "platform");
  EXPECT_EQ(glibc.detail.rfind("wheel is built for manylinux_2_34_x86_64; the target accepts linux_x86_64", 0), 0u);
  TagCompatibility arch = check("pkg-1.0-cp311-cp311-manylinux_2_17_aarch64.whl");
  EXPECT_EQ(to_string(arch.reason), "platform");
}

TEST(Tags, SingleTagParseRejectsCompressedSets) {
  EXPECT_EQ(Tag::parse("CP311-Abi3-Linux_X86_64")->str(), "cp311-abi3-linux_x86_64");
  auto set = Tag::parse("py2.py3-none-any");
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().message, "Tag 'py2.py3-none-any' is a compressed set of 2 tags, not one tag");
  auto empty = parse_tag_set("py3--any");
  ASSERT_FALSE(empty);
  EXPECT_EQ(render(empty.error()), "Tag 'py3--any' has an empty component: ''\npy3--any\n    ^");
}

}  // namespace
}  // namespace mlstack::pep

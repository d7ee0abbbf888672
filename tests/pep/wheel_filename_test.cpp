// SPDX-License-Identifier: MIT
#include "pep/wheel_filename.h"

#include <gtest/gtest.h>

#include "pep/vectors.h"

namespace mlstack::pep {
namespace {

using nlohmann::json;
using testing::load_vectors;

const json& vectors() {
  return load_vectors("wheel_names.json");
}

void expect_wheel(const json& c) {
  std::string filename = c["filename"];
  SCOPED_TRACE(filename);
  auto wheel = WheelFilename::parse(filename, c.value("validate_order", false));
  ASSERT_EQ(wheel.has_value(), c["valid"].get<bool>());
  if (!wheel) {
    EXPECT_EQ(wheel.error().message, c["error"].get<std::string>());
    return;
  }
  EXPECT_EQ(wheel->name, c["name"].get<std::string>());
  EXPECT_EQ(wheel->version.str(), c["version"].get<std::string>());
  json build = wheel->build ? json::array({wheel->build->number, wheel->build->rest}) : json(nullptr);
  EXPECT_EQ(build, c["build"]);
  std::vector<std::string> tags;
  for (const Tag& tag : wheel->tags) tags.push_back(tag.str());
  std::sort(tags.begin(), tags.end());
  EXPECT_EQ(tags, c["tags"].get<std::vector<std::string>>());
}

VECTOR_TEST(WheelFilenameVectors, WheelFilenamesAllCases) {
  ASSERT_EQ(vectors()["wheel_filenames"].size(), testing::expected_count(vectors(), "wheel_filenames", 26u));
  for (const auto& c : vectors()["wheel_filenames"]) expect_wheel(c);
}

VECTOR_TEST(WheelFilenameVectors, GeneratedWheelFilenamesAllCases) {
  ASSERT_EQ(vectors()["generated_wheel_filenames"].size(), testing::expected_count(vectors(), "generated_wheel_filenames", 21u));
  for (const auto& c : vectors()["generated_wheel_filenames"]) expect_wheel(c);
}

VECTOR_TEST(WheelFilenameVectors, SdistFilenamesAllCases) {
  ASSERT_EQ(vectors()["sdist_filenames"].size(), testing::expected_count(vectors(), "sdist_filenames", 7u));
  for (const auto& c : vectors()["sdist_filenames"]) {
    std::string filename = c["filename"];
    auto sdist = SdistFilename::parse(filename);
    ASSERT_EQ(sdist.has_value(), c["valid"].get<bool>()) << filename;
    if (sdist) {
      EXPECT_EQ(sdist->name, c["name"].get<std::string>());
      EXPECT_EQ(sdist->version.str(), c["version"].get<std::string>());
    } else {
      EXPECT_EQ(sdist.error().message, c["error"].get<std::string>());
    }
  }
}

TEST(WheelFilename, LocalVersionAndBuildTag) {
  auto wheel = WheelFilename::parse("torch-2.4.1+cu121-1-cp311-cp311-linux_x86_64.whl");
  ASSERT_TRUE(wheel);
  EXPECT_EQ(wheel->version.str(), "2.4.1+cu121");
  EXPECT_EQ(wheel->build->number, 1u);
  EXPECT_LT((BuildTag{1, "a"}), (BuildTag{2, ""}));
}

TEST(WheelFilename, ErrorPointsAtTheVersion) {
  auto wheel = WheelFilename::parse("foobar-1.x-py3-none-any.whl");
  ASSERT_FALSE(wheel);
  EXPECT_EQ(render(wheel.error()),
            "Invalid wheel filename (invalid version): 'foobar-1.x-py3-none-any'\n"
            "foobar-1.x-py3-none-any.whl\n"
            "       ^^^");
}

}  // namespace
}  // namespace mlstack::pep

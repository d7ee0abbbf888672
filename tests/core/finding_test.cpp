// SPDX-License-Identifier: MIT
#include "core/finding.h"
#include "core/mapped_file.h"

#include <gtest/gtest.h>

namespace mlstack {
namespace {

TEST(SeverityTest, ParsesItsOwnNames) {
  for (Severity s : {Severity::Info, Severity::Warning, Severity::Error}) {
    EXPECT_EQ(parse_severity(to_string(s)), s);
  }
  EXPECT_FALSE(parse_severity("fatal").has_value());
}

TEST(FindingTest, MaxSeverity) {
  EXPECT_FALSE(max_severity({}).has_value());
  std::vector<Finding> findings = {{"a", Severity::Info, "m", {}, {}, {}}, {"b", Severity::Warning, "m", {}, {}, {}}};
  EXPECT_EQ(max_severity(findings), Severity::Warning);
}

TEST(OriginTest, FormatsFileLineColumn) {
  EXPECT_EQ(Origin::file("pyproject.toml", 14, 5).to_string(), "pyproject.toml:14:5");
  EXPECT_EQ(Origin::file("setup.py", 3).to_string(), "setup.py:3");
  EXPECT_EQ(Origin::file("README.md").to_string(), "README.md");
  EXPECT_EQ(Origin::fact("torch-2.3.0", "pytorch/pytorch RELEASE.md").to_string(),
            "kb:torch-2.3.0 (pytorch/pytorch RELEASE.md)");
}

TEST(MappedFileTest, MissingFileNamesPath) {
  auto file = MappedFile::open("/nonexistent/mlstack/file");
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().find("/nonexistent/mlstack/file: cannot open"), std::string::npos);
}

TEST(MappedFileTest, DirectoryIsAnError) {
  auto file = MappedFile::open("/");
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().find("is a directory"), std::string::npos);
}

TEST(MappedFileTest, MapsContents) {
  auto file = MappedFile::open(MLSTACK_SOURCE_DIR "/CMakeLists.txt");
  ASSERT_TRUE(file) << file.error();
  EXPECT_TRUE(file->text().starts_with("cmake_minimum_required"));
}

}  // namespace
}  // namespace mlstack

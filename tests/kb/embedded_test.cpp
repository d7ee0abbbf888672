// SPDX-License-Identifier: MIT
// The embedded knowledge base must be exactly kb/*.toml: the build generates its
// source with scripts/embed_kb.py, and this test fails when that dependency is
// broken (a kb file added or edited without the binary following).
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "core/mapped_file.h"
#include "kb/embedded.h"

namespace mlstack::kb {
namespace {

const std::filesystem::path k_kb_dir = std::filesystem::path(MLSTACK_SOURCE_DIR) / "kb";

TEST(EmbeddedTest, HoldsEveryKbFileByteForByte) {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(k_kb_dir))
    if (entry.path().extension() == ".toml") on_disk.insert(entry.path().filename().string());
  std::set<std::string> embedded;
  for (const EmbeddedFile& file : embedded_files()) {
    embedded.insert(std::string(file.name));
    auto text = read_file((k_kb_dir / std::string(file.name)).string());
    ASSERT_TRUE(text.has_value()) << file.name << " is embedded but not in kb/";
    EXPECT_TRUE(*text == file.text) << file.name << " differs from kb/";
  }
  EXPECT_EQ(on_disk, embedded) << "kb/ and the embedded files differ";
}

TEST(EmbeddedTest, FilesAreSortedByName) {
  auto files = embedded_files();
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end(),
                             [](const EmbeddedFile& a, const EmbeddedFile& b) { return a.name < b.name; }));
  EXPECT_FALSE(files.empty());
}

}  // namespace
}  // namespace mlstack::kb

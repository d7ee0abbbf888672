// SPDX-License-Identifier: MIT
#include "pep/metadata.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "core/mapped_file.h"
#include "pep/name.h"

namespace mlstack::pep {
namespace {

namespace fs = std::filesystem;

CoreMetadata must_parse(std::string_view text) {
  auto meta = parse_metadata(text);
  if (!meta) throw std::runtime_error(render(meta.error()));
  return *meta;
}

TEST(Metadata, RepeatedFoldedFieldsAndBody) {
  CoreMetadata meta = must_parse(
      "Metadata-Version: 2.1\r\n"
      "Name: Torch_Audio\r\n"
      "Version: 2.4.1+cu121\r\n"
      "Summary: An audio package\r\n"
      "  that folds\r\n"
      "Requires-Python: >=3.8\r\n"
      "Requires-Dist: torch ==2.4.1\r\n"
      "Requires-Dist: sphinx ; extra == 'Docs'\r\n"
      "Provides-Extra: docs\r\n"
      "Classifier: Programming Language :: Python :: 3\r\n"
      "Classifier: License :: OSI Approved :: BSD License\r\n"
      "X-Custom: kept\r\n"
      "\r\n"
      "# Torch audio\r\n\r\nLong text.\r\n");
  EXPECT_EQ(meta.metadata_version, "2.1");
  EXPECT_EQ(meta.name, "Torch_Audio");
  EXPECT_EQ(meta.parsed_version->str(), "2.4.1+cu121");
  EXPECT_EQ(meta.summary, "An audio package  that folds");
  EXPECT_EQ(meta.requires_python, ">=3.8");
  EXPECT_TRUE(meta.parsed_requires_python->contains(*Version::parse("3.11")));
  ASSERT_EQ(meta.requirements.size(), 2u);
  EXPECT_EQ(meta.requirements[1].marker->str(), "extra == \"docs\"");
  EXPECT_EQ(meta.classifiers.size(), 2u);
  EXPECT_EQ(meta.provides_extra, std::vector<std::string>{"docs"});
  EXPECT_EQ(meta.headers.back(), (std::pair<std::string, std::string>{"X-Custom", "kept"}));
  EXPECT_EQ(meta.description, "# Torch audio\r\n\r\nLong text.\r\n");
  EXPECT_TRUE(meta.problems.empty());
}

TEST(Metadata, SetuptoolsFoldedDescriptionField) {
  CoreMetadata meta = must_parse(
      "Metadata-Version: 1.1\n"
      "Name: olefile\n"
      "Version: 0.46\n"
      "Description: olefile\n"
      "        |=======\n"
      "        |\n"
      "        |A package.\n"
      "Platform: any\n");
  EXPECT_EQ(meta.description, "olefile\n=======\n\nA package.");
  EXPECT_EQ(meta.platforms, std::vector<std::string>{"any"});
}

TEST(Metadata, CollectsEveryProblemAndGoesOn) {
  CoreMetadata meta = must_parse(
      "Metadata-Version: 9.9\n"
      "Name: _bad_\n"
      "Version: 2.0-dev-r1\n"
      "Version: 2.0\n"
      "Requires-Dist: ok>=1\n"
      "Requires-Dist: broken>=1.0.*\n"
      "Provides-Extra: -x\n"
      "this line has no colon\n");
  std::vector<std::string> fields;
  for (const auto& p : meta.problems) fields.push_back(p.field + "@" + std::to_string(p.line));
  EXPECT_EQ(fields, (std::vector<std::string>{"@8", "Version@4", "Metadata-Version@1", "Name@2", "Version@3",
                                              "Requires-Dist@6", "Provides-Extra@7"}));
  EXPECT_EQ(meta.requirements.size(), 1u);
  EXPECT_EQ(render(meta.problems[5].error),
            ".* suffix can only be used with `==` or `!=` operators\nbroken>=1.0.*\n      ^^^^^^");
}

TEST(Metadata, RejectsTextWithoutHeaders) {
  auto meta = parse_metadata("\nnot metadata\n");
  ASSERT_FALSE(meta);
}

// Every METADATA / PKG-INFO installed on this machine parses; its name and
// version agree with the directory that holds it.
TEST(Metadata, RealInstalledDistributions) {
  std::vector<fs::path> roots = {"/usr/lib/python3/dist-packages"};
  for (const char* base : {"/usr/lib", "/usr/local/lib", "/root/.pyenv/versions"}) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec), end;
         it != end && !ec; it.increment(ec)) {
      if (it.depth() > 3) it.disable_recursion_pending();
      std::string name = it->path().filename().string();
      if (name == "site-packages" || name == "dist-packages") {
        roots.push_back(it->path());
        it.disable_recursion_pending();
      }
    }
  }
  std::size_t files = 0;
  for (const fs::path& root : roots) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
      std::string dir = entry.path().filename().string();
      bool dist_info = dir.ends_with(".dist-info");
      fs::path file = entry.path() / (dist_info ? "METADATA" : "PKG-INFO");
      if ((!dist_info && !dir.ends_with(".egg-info")) || !fs::is_regular_file(file)) continue;
      auto text = read_file(file.string());
      ASSERT_TRUE(text) << file;
      auto meta = parse_metadata(*text);
      ASSERT_TRUE(meta) << file;
      ++files;
      SCOPED_TRACE(file.string());
      std::string stem = dir.substr(0, dir.rfind('.'));
      std::string dir_name = stem.substr(0, stem.find('-'));
      EXPECT_EQ(canonicalize_name(meta->name), canonicalize_name(dir_name));
      EXPECT_FALSE(meta->metadata_version.empty());
      if (dist_info && stem.find('-') != std::string::npos) {
        auto dir_version = Version::parse(stem.substr(stem.find('-') + 1));
        ASSERT_TRUE(dir_version && meta->parsed_version);
        EXPECT_EQ(*dir_version, *meta->parsed_version);
      }
      for (const auto& p : meta->problems) {
        // Installers refuse wheels whose Requires-Dist or Version do not
        // parse, so installed .dist-info must be clean there.
        if (dist_info) {
          EXPECT_NE(p.field, "Requires-Dist") << render(p.error);
          EXPECT_NE(p.field, "Version") << render(p.error);
        }
      }
    }
  }
  EXPECT_GT(files, 0u) << "no installed distributions found";
}

}  // namespace
}  // namespace mlstack::pep

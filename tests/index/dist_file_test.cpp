// SPDX-License-Identifier: MIT
// FileClassifier (a page's files classified with each head and tag set parsed
// once) against classify() (each name parsed whole): the same answers, also
// when a cached head or tag set is met again.
#include "index/dist_file.h"

#include <gtest/gtest.h>

namespace mlstack::index {
namespace {

const char* const k_names[] = {
    "torch-2.3.1+cu121-cp311-cp311-linux_x86_64.whl",
    "torch-2.3.1+cu121-cp310-cp310-linux_x86_64.whl",  // same head, another tag set
    "torch-2.3.0+cu121-cp311-cp311-linux_x86_64.whl",  // same tag set, another head
    "numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",  // compressed: two tags
    "six-1.16.0-py2.py3-none-any.whl",
    "Foo_Bar-1.0-py3-none-any.whl",                 // canonical name foo-bar
    "pkg-1.0-1-py3-none-any.whl",                    // build tag
    "pkg-1.0-1abc-py3-none-any.whl",                 // build tag with a suffix
    "pkg-1.0-x1-py3-none-any.whl",                   // invalid build tag
    "pkg-not.a.version!-py3-none-any.whl",           // invalid version
    "pkg-1.0-py3-none-any.whl",                      // valid again after a bad head of the same name
    "p@kg-1.0-py3-none-any.whl",                     // invalid name
    "pkg-1.0-py3-none.whl",                          // too few parts
    "pkg-1.0-1-2-py3-none-any.whl",                  // too many parts
    "pkg-1.0-py3..py2-none-any.whl",                 // empty tag component
    "pkg-1.0-py3-none-any.whl",                      // the same name twice
    "PKG-1.0-CP311-CP311-LINUX_X86_64.whl",          // tags lowercased
    "pkg-2.0.tar.gz",
    "pkg-2.0.zip",
    "pkg-2.0.egg",
    "pkg.whl",
};

TEST(FileClassifierTest, SameAnswersAsClassify) {
  FileClassifier classifier;
  for (int round = 0; round < 2; ++round) {
    for (const char* name : k_names) {
      DistFile whole, memo;
      whole.filename = memo.filename = name;
      memo.tags = {pep::Tag{"stale", "stale", "stale"}};  // whatever a file held before is replaced
      bool a = classify(whole), b = classifier.classify(memo);
      EXPECT_EQ(a, b) << name;
      EXPECT_EQ(whole.kind, memo.kind) << name;
      EXPECT_EQ(whole.name, memo.name) << name;
      EXPECT_EQ(whole.version.has_value(), memo.version.has_value()) << name;
      if (whole.version && memo.version) {
        EXPECT_EQ(whole.version->str(), memo.version->str()) << name;
      }
      EXPECT_EQ(whole.tags, memo.tags) << name;
    }
  }
}

TEST(FileClassifierTest, ExpandsCompressedTagSets) {
  FileClassifier classifier;
  DistFile file;
  file.filename = "numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
  ASSERT_TRUE(classifier.classify(file));
  EXPECT_EQ(file.kind, FileKind::Wheel);
  EXPECT_EQ(file.name, "numpy");
  ASSERT_EQ(file.tags.size(), 2u);
  EXPECT_EQ(file.tags[1].str(), "cp311-cp311-manylinux2014_x86_64");
}

}  // namespace
}  // namespace mlstack::index

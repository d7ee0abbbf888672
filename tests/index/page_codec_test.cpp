// SPDX-License-Identifier: MIT
// The cache's page codec: a parsed page read back equals the page, field by
// field, each file's classification (kind, name, version, tags) included,
// though the reader no longer parses file names; a cut, foreign or
// inconsistent entry is refused whole.
#include "index/page_codec.h"

#include <cstring>

#include <gtest/gtest.h>

#include "index/simple_page.h"

namespace mlstack::index {
namespace {

const char* const k_page = R"({
  "meta": {"api-version": "1.1"},
  "name": "pkg",
  "versions": ["1.0", "2.0", "3.0rc1"],
  "files": [
    {"filename": "pkg-2.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
     "url": "https://files.example/pkg-2.0-cp311.whl", "hashes": {"sha256": "aa", "md5": "bb"},
     "requires-python": ">=3.8", "size": 1234, "upload-time": "2024-06-05T14:33:07.123456Z",
     "core-metadata": {"sha256": "cc"}},
    {"filename": "pkg-2.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
     "url": "https://files.example/pkg-2.0-cp310.whl", "hashes": {"sha256": "dd"}, "yanked": "broken build"},
    {"filename": "pkg-1.0+cu121-py2.py3-none-any.whl", "url": "https://files.example/pkg-1.0.whl", "hashes": {},
     "yanked": true, "core-metadata": true},
    {"filename": "pkg-1.0.tar.gz", "url": "https://files.example/pkg-1.0.tar.gz", "hashes": {"sha256": "ee"}},
    {"filename": "Other_Name-3.0rc1-1-py3-none-any.whl", "url": "https://files.example/other.whl", "hashes": {}},
    {"filename": "pkg-1.0.exe", "url": "https://files.example/pkg-1.0.exe", "hashes": {}},
    {"filename": "pkg-x!y-py3-none-any.whl", "url": "https://files.example/bad.whl", "hashes": {}}
  ]
})";

ProjectPage sample_page() {
  // Read as a find-links page (no project): another project's file is kept.
  auto page = parse_page(PageFormat::Json, k_page, "https://example/simple/pkg/", "");
  EXPECT_TRUE(page.has_value());
  page->problems.push_back("a problem kept with the page");
  return *page;
}

void expect_same(const ProjectPage& a, const ProjectPage& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.api_version, b.api_version);
  EXPECT_EQ(a.versions, b.versions);
  EXPECT_EQ(a.problems, b.problems);
  ASSERT_EQ(a.files.size(), b.files.size());
  for (std::size_t i = 0; i < a.files.size(); ++i) {
    const DistFile& x = a.files[i];
    const DistFile& y = b.files[i];
    SCOPED_TRACE(x.filename);
    EXPECT_EQ(x.filename, y.filename);
    EXPECT_EQ(x.url, y.url);
    EXPECT_EQ(x.hashes, y.hashes);
    EXPECT_EQ(x.requires_python, y.requires_python);
    EXPECT_EQ(x.yanked, y.yanked);
    EXPECT_EQ(x.size, y.size);
    EXPECT_EQ(x.upload_time, y.upload_time);
    EXPECT_EQ(x.core_metadata, y.core_metadata);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.name, y.name);
    ASSERT_EQ(x.version.has_value(), y.version.has_value());
    if (x.version) {
      EXPECT_EQ(*x.version, *y.version);
      EXPECT_EQ(x.version->str(), y.version->str());
    }
    EXPECT_EQ(x.tags, y.tags);
  }
}

TEST(PageCodecTest, ReadsBackEveryFieldAndTheClassification) {
  ProjectPage page = sample_page();
  // The sample covers what the tables must carry.
  ASSERT_EQ(page.files.size(), 7u);
  EXPECT_EQ(page.files[0].tags.size(), 2u);           // compressed platform tag: two tags
  EXPECT_EQ(page.files[2].version->str(), "1.0+cu121");  // local label
  EXPECT_EQ(page.files[3].kind, FileKind::Sdist);
  EXPECT_EQ(page.files[4].name, "other-name");
  EXPECT_EQ(page.files[5].kind, FileKind::Other);
  EXPECT_EQ(page.files[6].kind, FileKind::Other);  // an invalid wheel name
  auto back = decode_page(encode_page(page));
  ASSERT_TRUE(back.has_value());
  expect_same(page, *back);
}

TEST(PageCodecTest, PagesWithoutFilesOrWithHandMadeFilesRoundTrip) {
  ProjectPage empty;
  empty.name = "nothing";
  auto back = decode_page(encode_page(empty));
  ASSERT_TRUE(back.has_value());
  expect_same(empty, *back);

  // Files no parser made: a name without a version, tags on a file of no kind.
  ProjectPage odd;
  DistFile a;
  a.filename = "a";
  a.name = "a";
  DistFile b;
  b.filename = "b";
  b.tags = {pep::Tag{"py3", "none", "any"}};
  // Tag sets whose components would join to the same text are kept apart.
  DistFile c = b, d = b;
  c.tags = {pep::Tag{"x-y", "z", "w"}};
  d.tags = {pep::Tag{"x", "y-z", "w"}};
  odd.files = {a, b, c, d};
  back = decode_page(encode_page(odd));
  ASSERT_TRUE(back.has_value());
  expect_same(odd, *back);
}

TEST(PageCodecTest, RefusesCutForeignAndInconsistentEntries) {
  std::string bytes = encode_page(sample_page());
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_FALSE(decode_page(std::string_view(bytes).substr(0, cut)).has_value()) << "cut at " << cut;
  }
  EXPECT_FALSE(decode_page(bytes + "x").has_value());
  // Another codec version (the version follows the length-prefixed magic).
  std::string other = bytes;
  std::uint32_t version = 1;
  std::memcpy(other.data() + 8, &version, sizeof version);
  EXPECT_FALSE(decode_page(other).has_value());
  // The last file's tag-set index (its last four bytes) out of the table.
  std::string bad_index = bytes;
  std::uint32_t huge = 1000;
  std::memcpy(bad_index.data() + bad_index.size() - 4, &huge, sizeof huge);
  EXPECT_FALSE(decode_page(bad_index).has_value());
  // A kind that does not exist (the byte before the two indexes).
  std::string bad_kind = bytes;
  bad_kind[bad_kind.size() - 9] = 7;
  EXPECT_FALSE(decode_page(bad_kind).has_value());
}

// A cache file damaged anywhere: every single-byte change of a valid entry
// either reads (and then encodes back to the same bytes' meaning) or is
// refused; under the sanitizers, never a read outside the entry.
TEST(PageCodecTest, DamagedEntriesAreReadOrRefusedNeverMisread) {
  const std::string bytes = encode_page(sample_page());
  std::size_t read = 0, refused = 0;
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    for (unsigned char value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
      std::string damaged = bytes;
      if (static_cast<unsigned char>(damaged[at]) == value) continue;
      damaged[at] = static_cast<char>(value);
      auto page = decode_page(damaged);
      if (!page) {
        ++refused;
        continue;
      }
      ++read;
      auto again = decode_page(encode_page(*page));
      ASSERT_TRUE(again.has_value()) << "byte " << at;
      expect_same(*page, *again);
    }
  }
  EXPECT_GT(refused, 0u);
  EXPECT_GT(read, 0u);  // a changed letter inside a string still reads
}

}  // namespace
}  // namespace mlstack::index

// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "env/distribution.h"

namespace mlstack::env {
namespace {

TEST(EntryPoints, ReadsGroupsAndSkipsComments) {
  auto entries = parse_entry_points("# c\n[console_scripts]\ntorchrun = torch.distributed.run:main\n\n[a.b]\nx=y:z [extra]\nnot an entry\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].group, "console_scripts");
  EXPECT_EQ(entries[0].name, "torchrun");
  EXPECT_EQ(entries[0].value, "torch.distributed.run:main");
  EXPECT_EQ(entries[1].value, "y:z [extra]");
}

TEST(RequiresTxt, TurnsSectionsIntoMarkersAsPipDoes) {
  std::vector<std::string> extras;
  auto lines = requires_txt_to_requires_dist(
      "idna>=2\n\n[:sys_platform == \"win32\"]\npywin32\n\n[Test Suite:python_version >= \"3\"]\npytest>=7\n[cuda]\ncupy\n", &extras);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "idna>=2");
  EXPECT_EQ(lines[1], "pywin32 ; sys_platform == \"win32\"");
  EXPECT_EQ(lines[2], "pytest>=7 ; (python_version >= \"3\") and extra == \"test_suite\"");
  EXPECT_EQ(lines[3], "cupy ; extra == \"cuda\"");
  EXPECT_EQ(extras, (std::vector<std::string>{"Test Suite", "cuda"}));
}

TEST(DirectUrl, ReadsEditableVcsAndArchive) {
  std::string error;
  auto editable = parse_direct_url(R"({"url": "file:///work/p", "dir_info": {"editable": true}})", &error);
  ASSERT_TRUE(editable);
  EXPECT_TRUE(editable->editable);
  auto vcs = parse_direct_url(R"({"url": "https://x/y.git", "vcs_info": {"vcs": "git", "commit_id": "abc", "requested_revision": "v1"}})", &error);
  ASSERT_TRUE(vcs);
  EXPECT_EQ(vcs->vcs, "git");
  EXPECT_EQ(vcs->commit_id, "abc");
  auto archive = parse_direct_url(R"({"url": "https://x/y.whl", "archive_info": {"hashes": {"sha256": "ff"}}})", &error);
  ASSERT_TRUE(archive);
  EXPECT_EQ(archive->archive_hash, "sha256=ff");
}

TEST(DirectUrl, RejectsMissingUrl) {
  std::string error;
  EXPECT_FALSE(parse_direct_url(R"({"dir_info": {}})", &error));
  EXPECT_EQ(error, "no \"url\" string");
  EXPECT_FALSE(parse_direct_url("{nope", &error));
  EXPECT_EQ(error, "not a JSON object");
}

}  // namespace
}  // namespace mlstack::env

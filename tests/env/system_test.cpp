// SPDX-License-Identifier: MIT
#include "env/system.h"

#include <gtest/gtest.h>

#include "env/fake_system.h"

namespace mlstack::env {
namespace {

TEST(Paths, NormalizeJoinParentAndName) {
  EXPECT_EQ(normalize_path("/a/./b/../c/"), "/a/c");
  EXPECT_EQ(normalize_path("a/../../b"), "../b");
  EXPECT_EQ(normalize_path("/../x"), "/x");
  EXPECT_EQ(join_path("/a", "b"), "/a/b");
  EXPECT_EQ(join_path("/a/", "/b"), "/b");
  EXPECT_EQ(parent_path("/a/b/"), "/a");
  EXPECT_EQ(parent_path("/a"), "/");
  EXPECT_EQ(file_name("/a/b.dist-info/"), "b.dist-info");
}

TEST(RealSystemTest, ReadHeadStopsAtTheLimit) {
  RealSystem system;
  auto whole = system.read_file(MLSTACK_SOURCE_DIR "/README.md");
  ASSERT_TRUE(whole);
  ASSERT_GT(whole->size(), 100u);
  auto head = system.read_head(MLSTACK_SOURCE_DIR "/README.md", 100);
  ASSERT_TRUE(head);
  EXPECT_EQ(*head, whole->substr(0, 100));
  EXPECT_EQ(*system.read_head(MLSTACK_SOURCE_DIR "/README.md", whole->size() + 50), *whole);
  EXPECT_FALSE(system.read_head("/nonexistent/file", 10));
  auto proc = system.read_head("/proc/self/status", 5);  // size 0 in stat, read anyway
  ASSERT_TRUE(proc);
  EXPECT_EQ(*proc, "Name:");
}

TEST(FakeSystemTest, ReadHeadCutsTheWholeFile) {
  FakeSystem system;
  system.add_file("/x/python3.11", "#!/bin/sh\nexec pyenv");
  EXPECT_EQ(*system.read_head("/x/python3.11", 2), "#!");
}

TEST(RealSystemTest, RunsAProgramAndCapturesBothStreams) {
  RealSystem system;
  auto output = system.run({"sh", "-c", "echo out; echo err >&2; exit 3"}, 5000);
  ASSERT_TRUE(output) << output.error();
  EXPECT_EQ(output->out, "out\n");
  EXPECT_EQ(output->err, "err\n");
  EXPECT_EQ(output->exit_code, 3);
}

TEST(RealSystemTest, MissingProgramIsAnError) {
  RealSystem system;
  auto output = system.run({"/nonexistent/mlstack-probe"}, 5000);
  EXPECT_FALSE(output);
}

TEST(RealSystemTest, KillsAProgramPastItsTimeLimit) {
  RealSystem system;
  auto output = system.run({"sleep", "5"}, 100);
  ASSERT_FALSE(output);
  EXPECT_NE(output.error().find("no answer within 100 ms"), std::string::npos);
}

TEST(RealSystemTest, ListsAndTypesEntries) {
  RealSystem system;
  auto entries = system.list_dir(MLSTACK_SOURCE_DIR "/tests/data/env/nvidia");
  ASSERT_TRUE(entries);
  EXPECT_GE(entries->size(), 5u);
  EXPECT_EQ(system.file_type(MLSTACK_SOURCE_DIR "/tests/data/env"), FileType::Directory);
  EXPECT_EQ(system.file_type("/nonexistent"), FileType::Missing);
  EXPECT_FALSE(system.libc_version().empty());
}

TEST(FindProgram, SearchesPath) {
  FakeSystem system;
  system.set_env("PATH", "/opt/bin:/usr/bin");
  system.add_file("/usr/bin/nvcc", "");
  EXPECT_EQ(find_program(system, "nvcc"), "/usr/bin/nvcc");
  EXPECT_EQ(find_program(system, "nvidia-smi"), std::nullopt);
}

// mlstack runs inside cloned repositories: a ./python3 there must never be found.
TEST(FindProgram, SkipsRelativeEntriesAndTheAnalysedProject) {
  FakeSystem system;
  system.set_current_dir("/work/repo");
  system.add_file("/work/repo/python3", "");
  system.add_file("/work/repo/bin/python3", "");
  system.add_file("/usr/bin/python3", "");
  system.set_env("PATH", ".:bin::/usr/bin");
  EXPECT_EQ(find_program(system, "python3"), "/usr/bin/python3");
  system.set_env("PATH", "/work/repo/bin:/usr/bin");
  EXPECT_EQ(find_program(system, "python3"), "/work/repo/bin/python3") << "no project named: an absolute entry is searched";
  EXPECT_EQ(find_program(system, "python3", "/work/repo"), "/usr/bin/python3");
  EXPECT_EQ(find_program(system, "python3", "."), "/usr/bin/python3") << "the project as the user spelled it";
  system.set_env("PATH", ".:bin");
  EXPECT_EQ(find_program(system, "python3"), std::nullopt);
}

}  // namespace
}  // namespace mlstack::env

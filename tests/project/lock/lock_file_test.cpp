// SPDX-License-Identifier: MIT
#include "project/lock/lock_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "shared_data.h"

namespace mlstack::project {
namespace {

bool full() { return ::mlstack::testing::current_data_set() == ::mlstack::testing::DataSet::Full; }

// The manifest corpus the test runs on (tests/shared_data.h): ../shared/corpus,
// or its sample in tests/data/corpus, whose two lock files keep their first
// three packages and those the tests read.
std::string corpus() {
  return full() ? MLSTACK_SHARED_DIR "/corpus/" : MLSTACK_SOURCE_DIR "/tests/data/corpus/";
}

const LockedPackage* find(const LockFile& lock, std::string_view name, std::string_view version = {}) {
  auto it = std::find_if(lock.packages.begin(), lock.packages.end(), [&](const LockedPackage& p) {
    return p.name == name && (version.empty() || p.version == version);
  });
  return it == lock.packages.end() ? nullptr : &*it;
}

SHARED_OR_SAMPLE_TEST(LockFileTest, ReadsRealUvLockWithForkedTorch, "corpus/README.md") {
  LockFile lock = read_lock_file(corpus() + "huggingface__text-generation-inference/server/uv.lock");
  EXPECT_TRUE(lock.findings.empty());
  EXPECT_EQ(lock.format, LockFormat::Uv);
  EXPECT_EQ(lock.lock_version, "1");
  EXPECT_EQ(lock.requires_python, ">=3.9");
  EXPECT_EQ(lock.packages.size(), full() ? 136u : 5u);  // grep -c '^\[\[package\]\]'
  const LockedPackage* accelerate = find(lock, "accelerate");
  ASSERT_NE(accelerate, nullptr);
  EXPECT_EQ(accelerate->version, "1.3.0");
  EXPECT_EQ(accelerate->source, "registry https://pypi.org/simple");
  EXPECT_TRUE(accelerate->has_sdist);
  ASSERT_EQ(accelerate->wheels.size(), 1u);
  EXPECT_EQ(accelerate->wheels[0], "accelerate-1.3.0-py3-none-any.whl");
  EXPECT_EQ(accelerate->line, 19u);
  // uv forks torch by platform: both entries survive.
  const LockedPackage* cuda_torch = find(lock, "torch", "2.7.0+cu128");
  ASSERT_NE(cuda_torch, nullptr);
  EXPECT_EQ(cuda_torch->source, "registry https://download.pytorch.org/whl/cu128");
  EXPECT_FALSE(cuda_torch->markers.empty());
  EXPECT_NE(find(lock, "torch", "2.7.0"), nullptr);
}

SHARED_OR_SAMPLE_TEST(LockFileTest, ReadsRealPoetryLock, "corpus/README.md") {
  LockFile lock = read_lock_file(corpus() + "huggingface__text-generation-inference/clients/python/poetry.lock");
  EXPECT_TRUE(lock.findings.empty());
  EXPECT_EQ(lock.format, LockFormat::Poetry);
  EXPECT_EQ(lock.lock_version, "2.1");
  EXPECT_EQ(lock.requires_python, "^3.9");
  EXPECT_EQ(lock.packages.size(), full() ? 34u : 4u);
  const LockedPackage* yarl = find(lock, "yarl");
  ASSERT_NE(yarl, nullptr);
  EXPECT_EQ(yarl->version, "1.19.0");
  EXPECT_TRUE(yarl->has_sdist);
  EXPECT_TRUE(std::find(yarl->wheels.begin(), yarl->wheels.end(), "yarl-1.19.0-py3-none-any.whl") != yarl->wheels.end());
  const LockedPackage* first = find(lock, "aiohappyeyeballs");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->groups, std::vector<std::string>{"main"});
}

SHARED_OR_SAMPLE_TEST(LockFileTest, EveryCorpusLockReadsWithoutError, "corpus/README.md") {
  for (const char* path : {"huggingface__text-generation-inference/server/uv.lock",
                           "huggingface__text-generation-inference/integration-tests/uv.lock",
                           "huggingface__text-generation-inference/clients/python/poetry.lock",
                           "huggingface__text-generation-inference/backends/gaudi/server/poetry.lock",
                           "huggingface__text-generation-inference/load_tests/poetry.lock",
                           "huggingface__text-generation-inference@922cc38fbcf6/server/poetry.lock"}) {
    if (!full() && !std::ifstream(corpus() + path)) continue;  // not in the sample
    LockFile lock = read_lock_file(corpus() + path);
    EXPECT_TRUE(lock.findings.empty()) << path << ": " << lock.findings[0].message;
    EXPECT_FALSE(lock.packages.empty()) << path;
    for (const auto& p : lock.packages) EXPECT_FALSE(p.name.empty()) << path;
  }
}

TEST(LockFileTest, ReadsPylock) {
  LockFile lock = parse_lock_file(R"(lock-version = "1.0"
requires-python = ">=3.10"
created-by = "pip"

[[packages]]
name = "numpy"
version = "1.26.4"
index = "https://pypi.org/simple"
wheels = [{ name = "numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", url = "https://files/numpy.whl", hashes = {sha256 = "ab"} }]

[[packages]]
name = "mylib"
directory = { path = "./mylib", editable = true }
)",
                                  "pylock.toml");
  EXPECT_TRUE(lock.findings.empty());
  EXPECT_EQ(lock.format, LockFormat::Pylock);
  ASSERT_EQ(lock.packages.size(), 2u);
  EXPECT_EQ(lock.packages[0].wheels[0], "numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
  EXPECT_EQ(lock.packages[0].source, "registry https://pypi.org/simple");
  EXPECT_EQ(lock.packages[1].version, "");
  EXPECT_EQ(lock.packages[1].source, "path ./mylib");
  EXPECT_EQ(lock.packages[1].line, 11u);
}

TEST(LockFileTest, SyntaxErrorNamesFileLineAndColumn) {
  LockFile lock = parse_lock_file("version = 1\n[[package]]\nname = \"a\nversion = \"1\"\n", "uv.lock");
  ASSERT_EQ(lock.findings.size(), 1u);
  EXPECT_EQ(lock.findings[0].rule, "input.toml-syntax");
  EXPECT_EQ(lock.findings[0].origins[0].path, "uv.lock");
  EXPECT_EQ(lock.findings[0].origins[0].line, 3u);
}

TEST(LockFileTest, EntryWithoutNameIsReportedAndOthersKept) {
  LockFile lock = parse_lock_file("[[package]]\nversion = \"1\"\n\n[[package]]\nname = \"b\"\nversion = \"2\"\n", "uv.lock");
  ASSERT_EQ(lock.findings.size(), 1u);
  EXPECT_EQ(lock.findings[0].rule, "input.lock-entry");
  EXPECT_EQ(lock.findings[0].origins[0].line, 1u);
  ASSERT_EQ(lock.packages.size(), 1u);
  EXPECT_EQ(lock.packages[0].name, "b");
}

TEST(LockFileTest, NotALockFile) {
  LockFile lock = parse_lock_file("[tool.poetry]\nname = \"x\"\n", "poetry.lock");
  ASSERT_EQ(lock.findings.size(), 1u);
  EXPECT_EQ(lock.findings[0].rule, "input.lock-structure");
  LockFile bad_type = parse_lock_file("package = 3\n", "uv.lock");
  ASSERT_EQ(bad_type.findings.size(), 1u);
  EXPECT_EQ(bad_type.findings[0].origins[0].line, 1u);
}

TEST(LockFileTest, MissingFileIsUnreadable) {
  LockFile lock = read_lock_file("/nonexistent/uv.lock");
  ASSERT_EQ(lock.findings.size(), 1u);
  EXPECT_EQ(lock.findings[0].rule, "input.unreadable");
}

TEST(LockFileTest, RecognisesLockFileNames) {
  EXPECT_TRUE(is_lock_file_name("uv.lock"));
  EXPECT_TRUE(is_lock_file_name("poetry.lock"));
  EXPECT_TRUE(is_lock_file_name("pylock.toml"));
  EXPECT_TRUE(is_lock_file_name("pylock.dev.toml"));
  EXPECT_FALSE(is_lock_file_name("Cargo.lock"));
  EXPECT_FALSE(is_lock_file_name("pyproject.toml"));
}

}  // namespace
}  // namespace mlstack::project

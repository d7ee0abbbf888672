// SPDX-License-Identifier: MIT
// read_into (one read of a whole file into a reused buffer) and parallel_for.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/mapped_file.h"
#include "core/parallel.h"

namespace mlstack {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  fs::path dir = fs::path(::testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

TEST(ReadInto, ReadsWholeFilesIntoOneReusedBuffer) {
  fs::path dir = temp_dir("mlstack-read-into");
  write(dir / "big.py", std::string(100000, 'x'));
  write(dir / "small.py", "import os\n");
  write(dir / "empty.py", "");
  std::string buffer;
  auto big = read_into((dir / "big.py").string(), buffer);
  ASSERT_TRUE(big);
  EXPECT_EQ(*big, 100000u);
  EXPECT_EQ(buffer, std::string(100000, 'x'));
  auto small = read_into((dir / "small.py").string(), buffer);
  ASSERT_TRUE(small);
  EXPECT_EQ(buffer, "import os\n");
  EXPECT_GE(buffer.capacity(), 100000u);  // kept: the next large file needs no allocation
  ASSERT_TRUE(read_into((dir / "empty.py").string(), buffer));
  EXPECT_TRUE(buffer.empty());
  fs::remove_all(dir);
}

TEST(ReadInto, RefusesWhatIsNotARegularFileOrTooLarge) {
  fs::path dir = temp_dir("mlstack-read-refuse");
  write(dir / "large.py", std::string(2048, 'x'));
  std::string buffer = "kept";
  auto large = read_into((dir / "large.py").string(), buffer, 1024);
  ASSERT_FALSE(large);
  EXPECT_EQ(large.error().kind, ReadError::Kind::TooLarge);
  EXPECT_EQ(large.error().size, 2048u);
  EXPECT_EQ(buffer, "kept");  // nothing was read

  auto folder = read_into(dir.string(), buffer);
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().kind, ReadError::Kind::NotRegular);

  // A FIFO with no writer would block a plain open(): it is refused at once.
  fs::path fifo = dir / "pipe.py";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto pipe = read_into(fifo.string(), buffer);
  ASSERT_FALSE(pipe);
  EXPECT_EQ(pipe.error().kind, ReadError::Kind::NotRegular);
  EXPECT_NE(pipe.error().message.find("pipe.py"), std::string::npos);

  auto missing = read_into((dir / "missing.py").string(), buffer);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ReadError::Kind::Unreadable);
  EXPECT_NE(missing.error().message.find("missing.py"), std::string::npos);
  fs::remove_all(dir);
}

TEST(ParallelFor, EveryIndexOnceWhateverTheThreads) {
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    std::vector<std::atomic<int>> hits(1000);
    std::atomic<unsigned> max_worker{0};
    parallel_for(hits.size(), threads, [&](std::size_t i, unsigned worker) {
      ++hits[i];
      unsigned seen = max_worker.load();
      while (worker > seen && !max_worker.compare_exchange_weak(seen, worker)) {
      }
    });
    for (const auto& h : hits) EXPECT_EQ(h.load(), 1);
    EXPECT_LT(max_worker.load(), threads);
  }
  parallel_for(0, 4, [](std::size_t, unsigned) { FAIL() << "no work to do"; });
}

TEST(ParallelFor, AnExceptionReachesTheCaller) {
  EXPECT_THROW(parallel_for(100, 4,
                            [](std::size_t i, unsigned) {
                              if (i == 37) throw std::runtime_error("index 37");
                            }),
               std::runtime_error);
}

TEST(WorkerCount, NeverMoreThanTheWorkNeeds) {
  EXPECT_EQ(worker_count(8, 0, 8), 1u);
  EXPECT_EQ(worker_count(8, 16, 8), 2u);
  EXPECT_EQ(worker_count(8, 1000, 8), 8u);
  EXPECT_EQ(worker_count(1, 1000, 8), 1u);
  EXPECT_GE(worker_count(0, 1000, 1), 1u);
}

}  // namespace
}  // namespace mlstack

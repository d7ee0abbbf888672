// SPDX-License-Identifier: MIT
#include "core/file_guard.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/mapped_file.h"

namespace mlstack {
namespace {

namespace fs = std::filesystem;

class FileGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/mlstack-guard-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    m_dir = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(m_dir, ignored);
  }
  std::string m_dir;
};

// Opening a FIFO for reading waits for a writer: the guard must return at once.
TEST_F(FileGuardTest, FifoIsRefusedWithoutBlocking) {
  std::string fifo = m_dir + "/requirements.txt";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto opened = open_regular_file(fifo);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().refusal, OpenRefusal::Special);
  EXPECT_EQ(opened.error().message, fifo + ": is a FIFO (named pipe), not a regular file; not read");
  auto mapped = MappedFile::open(fifo);
  ASSERT_FALSE(mapped);
  EXPECT_NE(mapped.error().find("is a FIFO"), std::string::npos);
  EXPECT_FALSE(read_file(fifo));
}

TEST_F(FileGuardTest, SocketAndDevicesAreRefused) {
  std::string path = m_dir + "/environment.yml";
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ::close(fd);
  auto socket = open_regular_file(path);
  ASSERT_FALSE(socket);
  EXPECT_NE(socket.error().message.find("is a socket"), std::string::npos);
  auto zero = open_regular_file("/dev/zero");
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().refusal, OpenRefusal::Special);
  EXPECT_NE(zero.error().message.find("is a character device"), std::string::npos);
}

TEST_F(FileGuardTest, SizeLimitRefusesWithTheSizes) {
  std::string path = m_dir + "/big.txt";
  std::ofstream(path) << std::string(100, 'x');
  auto refused = read_regular_file(path, 99);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().refusal, OpenRefusal::TooLarge);
  EXPECT_EQ(refused.error().message, path + ": is 100 bytes, over the 99-byte limit; not read");
  auto read = read_regular_file(path, 100);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->size(), 100u);
}

TEST_F(FileGuardTest, ArgumentStreamsAreReadAndNamedFifosRefused) {
  EXPECT_TRUE(is_stream_argument("-"));
  EXPECT_TRUE(is_stream_argument("/dev/stdin"));
  EXPECT_TRUE(is_stream_argument("/dev/fd/63"));
  EXPECT_FALSE(is_stream_argument("env.json"));
  // A pipe handed over as /dev/fd/N (what a shell's <(cmd) gives).
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "{\"a\": 1}", 8), 8);
  ::close(fds[1]);
  auto text = read_argument_file("/dev/fd/" + std::to_string(fds[0]), 1 << 20);
  ::close(fds[0]);
  ASSERT_TRUE(text) << text.error();
  EXPECT_EQ(*text, "{\"a\": 1}");
  // Past the limit, a stream is an error too.
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "0123456789", 10), 10);
  ::close(fds[1]);
  auto over = read_argument_file("/dev/fd/" + std::to_string(fds[0]), 5);
  ::close(fds[0]);
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().find("more than 5 bytes"), std::string::npos);
  std::string fifo = m_dir + "/env.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto named = read_argument_file(fifo, 1 << 20);
  ASSERT_FALSE(named);
  EXPECT_NE(named.error().find("is a FIFO"), std::string::npos);
}

TEST_F(FileGuardTest, WithinJudgesRealPathsByComponent) {
  EXPECT_TRUE(is_within("/a/b", "/a/b"));
  EXPECT_TRUE(is_within("/a/b", "/a/b/c"));
  EXPECT_FALSE(is_within("/a/b", "/a/bc"));
  EXPECT_FALSE(is_within("/a/b", "/a"));
  EXPECT_TRUE(is_within("/", "/etc"));
  fs::create_directories(m_dir + "/project");
  fs::create_directory_symlink("..", m_dir + "/project/up");
  auto root = real_path(m_dir + "/project");
  auto up = real_path(m_dir + "/project/up");
  ASSERT_TRUE(root && up);
  EXPECT_FALSE(is_within(*root, *up)) << "a link is judged by where it leads";
}

}  // namespace
}  // namespace mlstack

// SPDX-License-Identifier: MIT
#include "env/system.h"

#include "core/file_guard.h"

#include <algorithm>
#include <atomic>
#include <limits>

#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "core/trace.h"


extern char** environ;

namespace mlstack::env {

// Relaxed atomics: RealSystem is used from several threads at once.
struct RealSystem::Counters {
  std::atomic<std::uint64_t> files_read{0}, bytes_read{0}, dirs_listed{0}, entries_listed{0}, stats{0}, programs_run{0};
};

RealSystem::RealSystem() : m_counters(std::make_shared<Counters>()) {}

IoCounts RealSystem::io_counts() const {
  const Counters& c = *m_counters;
  return {c.files_read.load(), c.bytes_read.load(), c.dirs_listed.load(), c.entries_listed.load(), c.stats.load(),
          c.programs_run.load()};
}

namespace {

FileType type_of(mode_t mode) {
  if (S_ISREG(mode)) return FileType::File;
  if (S_ISDIR(mode)) return FileType::Directory;
  return FileType::Other;
}

long long now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// Drains both pipes until they close or the deadline passes. Returns false on timeout.
bool drain(int out_fd, int err_fd, std::string& out, std::string& err, long long deadline) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    long long left = deadline - now_ms();
    if (left <= 0) return false;
    int ready = poll(fds, 2, static_cast<int>(left));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return true;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        (i == 0 ? out : err).append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  return true;
}

}  // namespace

namespace {

// One read() loop into a string sized from fstat: metadata files are small,
// and this costs fewer system calls and page faults than a map, a copy and
// an unmap. Stops after `limit` bytes.
// A FIFO, socket or device named like a metadata file is refused, never
// waited on; a file over `refuse_over` bytes is refused.
Expected<std::string, std::string> read_up_to(const std::string& path, std::size_t limit,
                                              std::uint64_t refuse_over = std::numeric_limits<std::uint64_t>::max()) {
  auto opened = open_regular_file(path, refuse_over);
  if (!opened) return unexpected(std::move(opened.error().message));
  int fd = opened->fd;
  // The size fstat reports is read in one go; files that report none
  // (/proc, /sys) are read in growing steps until end of file.
  const std::size_t expected = opened->size > 0 ? std::min(limit, static_cast<std::size_t>(opened->size)) : 0;
  if (expected == 0 && refuse_over < limit) limit = static_cast<std::size_t>(refuse_over);
  std::string text;
  text.resize(expected > 0 ? expected : std::min<std::size_t>(limit, 4096));
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::read(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      return unexpected(path + ": " + std::strerror(error));
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
    if (done == text.size() && expected == 0 && done < limit) text.resize(std::min(limit, text.size() * 2));
  }
  ::close(fd);
  text.resize(done);
  return text;
}

}  // namespace

Expected<std::string, std::string> System::read_head(const std::string& path, std::size_t max_bytes) const {
  auto text = read_file(path);
  if (text && text->size() > max_bytes) text->resize(max_bytes);
  return text;
}

Expected<std::string, std::string> RealSystem::read_file(const std::string& path) const {
  return read_head(path, std::numeric_limits<std::size_t>::max());
}

Expected<std::string, std::string> RealSystem::read_head(const std::string& path, std::size_t max_bytes) const {
  // A whole-file read refuses a file no environment legitimately holds.
  auto text = read_up_to(path, max_bytes,
                         max_bytes == std::numeric_limits<std::size_t>::max() ? k_max_read_bytes
                                                                              : std::numeric_limits<std::uint64_t>::max());
  if (text) {
    m_counters->files_read.fetch_add(1, std::memory_order_relaxed);
    m_counters->bytes_read.fetch_add(text->size(), std::memory_order_relaxed);
  }
  return text;
}

bool System::is_executable(const std::string& path) const { return file_type(path) == FileType::File; }

bool RealSystem::is_executable(const std::string& path) const {
  return file_type(path) == FileType::File && ::access(path.c_str(), X_OK) == 0;
}

FileType RealSystem::file_type(const std::string& path) const {
  m_counters->stats.fetch_add(1, std::memory_order_relaxed);
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return FileType::Missing;
  return type_of(st.st_mode);
}

Expected<std::vector<DirEntry>, std::string> RealSystem::list_dir(const std::string& path) const {
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) return unexpected(path + ": " + std::strerror(errno));
  std::vector<DirEntry> entries;
  while (dirent* entry = readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    FileType type = FileType::Other;
    switch (entry->d_type) {
      case DT_REG: type = FileType::File; break;
      case DT_DIR: type = FileType::Directory; break;
      case DT_LNK: type = FileType::Link; break;
      case DT_UNKNOWN: {
        // Only file systems without d_type pay for a stat here.
        struct stat st{};
        type = fstatat(dirfd(dir), entry->d_name, &st, 0) == 0 ? type_of(st.st_mode) : FileType::Missing;
        break;
      }
      default: break;
    }
    entries.push_back({std::string(name), type});
  }
  closedir(dir);
  m_counters->dirs_listed.fetch_add(1, std::memory_order_relaxed);
  m_counters->entries_listed.fetch_add(entries.size(), std::memory_order_relaxed);
  return entries;
}

std::optional<std::string> RealSystem::real_path(const std::string& path) const {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) return std::nullopt;
  return std::string(buffer);
}

std::optional<std::string> RealSystem::getenv(std::string_view name) const {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Expected<CommandOutput, std::string> RealSystem::run(const std::vector<std::string>& argv, int timeout_ms) const {
  if (argv.empty()) return unexpected(std::string("empty command"));
  if (on_run) on_run(argv);
  m_counters->programs_run.fetch_add(1, std::memory_order_relaxed);
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return unexpected(std::string("pipe: ") + std::strerror(errno));
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return unexpected(std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return unexpected(argv[0] + ": " + std::strerror(rc));
  }
  CommandOutput output;
  const long long started = now_ms();
  bool finished = drain(out_pipe[0], err_pipe[0], output.out, output.err, started + timeout_ms);
  close(out_pipe[0]);
  close(err_pipe[0]);
  if (!finished) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (trace::enabled()) {
    std::string line;
    for (const std::string& arg : argv) line += (line.empty() ? "" : " ") + (arg.size() > 60 ? arg.substr(0, 57) + "..." : arg);
    trace::note("run", fmt::format("{} ({} ms{})", line, now_ms() - started, finished ? "" : ", killed"));
  }
  if (!finished) return unexpected(argv[0] + ": no answer within " + std::to_string(timeout_ms) + " ms");
  output.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  // posix_spawnp reports a missing program as exit 127 from the child on glibc.
  if (output.exit_code == 127 && output.out.empty() && output.err.empty())
    return unexpected(argv[0] + ": not found");
  return output;
}

Uname RealSystem::uname() const {
  utsname info{};
  if (::uname(&info) != 0) return {};
  return {info.sysname, info.release, info.version, info.machine};
}

std::string RealSystem::libc_version() const { return gnu_get_libc_version(); }

std::optional<int> RealSystem::cuda_driver_version() const {
  // cuDriverGetVersion needs no cuInit and no GPU; it answers from the
  // user-space driver library that the kernel driver ships with.
  void* handle = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL);
  if (handle == nullptr) return std::nullopt;
  using GetVersion = int (*)(int*);
  auto get_version = reinterpret_cast<GetVersion>(dlsym(handle, "cuDriverGetVersion"));
  std::optional<int> result;
  int version = 0;
  if (get_version != nullptr && get_version(&version) == 0 && version > 0) result = version;
  dlclose(handle);
  return result;
}

std::string RealSystem::current_dir() const {
  char buffer[PATH_MAX];
  if (getcwd(buffer, sizeof buffer) == nullptr) return ".";
  return buffer;
}

std::optional<std::string> find_program(const System& system, std::string_view name, std::string_view exclude_under) {
  if (name.find('/') != std::string_view::npos) {
    std::string path(name);
    if (system.file_type(path) == FileType::File) return path;
    return std::nullopt;
  }
  std::optional<std::string> excluded;
  if (!exclude_under.empty()) excluded = system.real_path(std::string(exclude_under));
  auto inside_excluded = [&](std::string_view dir) {
    if (!excluded) return false;
    std::optional<std::string> real = system.real_path(std::string(dir));
    if (!real) return false;
    return *real == *excluded || (real->starts_with(*excluded) && (*excluded == "/" || (*real)[excluded->size()] == '/'));
  };
  std::string path_var = system.getenv("PATH").value_or("/usr/local/bin:/usr/bin:/bin");
  std::string_view rest = path_var;
  while (true) {
    std::size_t colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    if (dir.starts_with('/') && !inside_excluded(dir)) {
      std::string candidate = join_path(dir, name);
      if (system.file_type(candidate) == FileType::File) return candidate;
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

FileType resolve(const System& system, const std::string& dir, const DirEntry& entry) {
  if (entry.type != FileType::Link) return entry.type;
  return system.file_type(join_path(dir, entry.name));
}

std::string join_path(std::string_view head, std::string_view tail) {
  if (tail.starts_with('/') || head.empty()) return std::string(tail);
  std::string out(head);
  if (!out.ends_with('/')) out += '/';
  out += tail;
  return out;
}

std::string normalize_path(std::string_view path) {
  bool absolute = path.starts_with('/');
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(pos, slash - pos);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(part);
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    pos = slash + 1;
  }
  std::string out = absolute ? "/" : "";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out.empty() ? "." : out;
}

std::string parent_path(std::string_view path) {
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string_view file_name(std::string_view path) {
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace mlstack::env

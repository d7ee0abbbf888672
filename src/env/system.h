// SPDX-License-Identifier: MIT
// System: every read of the outside world that src/env makes — files under
// site-packages, /proc, /sys, /etc, running nvidia-smi, nvcc or an
// interpreter, uname, the C library's own version — goes through this small
// interface, so that environment and machine probes run on CI from fixtures
// (FakeSystem, fake_system.h) exactly as they run on a real machine
// (RealSystem). Implementations are stateless and safe to call from several
// threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"

namespace mlstack::env {

// Link: a directory entry that is a symlink, not yet followed (list_dir does
// not stat every link of a large folder); resolve() follows it.
enum class FileType { Missing, File, Directory, Other, Link };

struct DirEntry {
  std::string name;  // "torch-2.3.0.dist-info"
  FileType type = FileType::Other;
};

struct CommandOutput {
  int exit_code = 0;  // 128+signal when killed
  std::string out;
  std::string err;
};

struct Uname {
  std::string sysname;  // "Linux"
  std::string release;  // "6.1.0-18-amd64"
  std::string version;  // "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"
  std::string machine;  // "x86_64"
};

// What a System has read so far (for --verbose): counted by RealSystem.
struct IoCounts {
  std::uint64_t files_read = 0;
  std::uint64_t bytes_read = 0;
  std::uint64_t dirs_listed = 0;
  std::uint64_t entries_listed = 0;
  std::uint64_t stats = 0;
  std::uint64_t programs_run = 0;
};

class System {
 public:
  virtual ~System() = default;

  // Whole file; the error names the path and the reason. A FIFO, socket or
  // device is refused (never waited on), and so is a file over
  // k_max_read_bytes: no file an environment holds is legitimately that big.
  virtual Expected<std::string, std::string> read_file(const std::string& path) const = 0;
  static constexpr std::uint64_t k_max_read_bytes = 256ull << 20;
  // At most the first `max_bytes` of a file: enough for a shebang or a
  // version define near the top without reading a 7 MB interpreter. The
  // default reads the whole file and cuts it.
  virtual Expected<std::string, std::string> read_head(const std::string& path, std::size_t max_bytes) const;
  // Follows symlinks; Missing for a dangling one.
  virtual FileType file_type(const std::string& path) const = 0;
  // A regular file this process may execute (what a PATH search accepts).
  // The default: any regular file.
  virtual bool is_executable(const std::string& path) const;
  // Entries other than "." and "..", in readdir order (which importlib, and so
  // pip, also sees); symlinks are reported as Link.
  virtual Expected<std::vector<DirEntry>, std::string> list_dir(const std::string& path) const = 0;
  // Canonical absolute path (symlinks resolved), or nullopt when missing.
  virtual std::optional<std::string> real_path(const std::string& path) const = 0;
  virtual std::optional<std::string> getenv(std::string_view name) const = 0;
  // Runs argv[0] (searched on PATH when it has no slash) with a closed stdin,
  // killing it after `timeout_ms`. Fails when it cannot be started.
  virtual Expected<CommandOutput, std::string> run(const std::vector<std::string>& argv,
                                                   int timeout_ms = 10000) const = 0;
  virtual Uname uname() const = 0;
  // gnu_get_libc_version() of this process ("2.36"); empty when not glibc.
  virtual std::string libc_version() const = 0;
  // cuDriverGetVersion() from libcuda.so.1 (12040 for CUDA 12.4), or nullopt
  // when no driver library can be loaded.
  virtual std::optional<int> cuda_driver_version() const = 0;
  virtual std::string current_dir() const = 0;
  // Reads made so far through this object; zero where not counted.
  virtual IoCounts io_counts() const { return {}; }
};

// The machine this process runs on.
class RealSystem final : public System {
 public:
  RealSystem();
  Expected<std::string, std::string> read_file(const std::string& path) const override;
  Expected<std::string, std::string> read_head(const std::string& path, std::size_t max_bytes) const override;
  FileType file_type(const std::string& path) const override;
  bool is_executable(const std::string& path) const override;
  Expected<std::vector<DirEntry>, std::string> list_dir(const std::string& path) const override;
  std::optional<std::string> real_path(const std::string& path) const override;
  std::optional<std::string> getenv(std::string_view name) const override;
  Expected<CommandOutput, std::string> run(const std::vector<std::string>& argv, int timeout_ms) const override;
  Uname uname() const override;
  std::string libc_version() const override;
  std::optional<int> cuda_driver_version() const override;
  std::string current_dir() const override;

  // Called with each command line before it runs (the CLI prints it with
  // --verbose, so that a user sees every program mlstack starts).
  std::function<void(const std::vector<std::string>& argv)> on_run;
  IoCounts io_counts() const override;

 private:
  struct Counters;
  std::shared_ptr<Counters> m_counters;
};

// First `name` found in the directories of $PATH (or `name` itself when it
// holds a slash and exists). Relative entries (".", "bin", and the empty
// entry that means the current folder) are skipped: mlstack is run inside
// cloned repositories, and a ./python3 or ./nvcc there must never be started.
// So are entries that really lie under `exclude_under` (the analysed
// project, when there is one).
std::optional<std::string> find_program(const System& system, std::string_view name,
                                        std::string_view exclude_under = {});

// The entry's type with a Link followed (Missing when it dangles).
FileType resolve(const System& system, const std::string& dir, const DirEntry& entry);

// "a/b" + "c" -> "a/b/c"; an absolute `tail` wins.
std::string join_path(std::string_view head, std::string_view tail);
// Lexically normalised: "a/./b/../c" -> "a/c"; keeps a leading "/".
std::string normalize_path(std::string_view path);
std::string parent_path(std::string_view path);
std::string_view file_name(std::string_view path);

}  // namespace mlstack::env

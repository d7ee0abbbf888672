// SPDX-License-Identifier: MIT
// FakeSystem: an in-memory System for tests (ninja's VirtualFileSystem in
// spirit). Files, directories, environment variables, command outputs, uname
// and driver answers are whatever the test sets; everything else is absent,
// which is how a machine without a GPU, a driver or a compiler looks.
#pragma once

#include <map>
#include <set>

#include "env/system.h"

namespace mlstack::env {

class FakeSystem final : public System {
 public:
  // Adds a file (and its parent directories).
  void add_file(const std::string& path, std::string content);
  // Adds a file whose content is read from a real file now (a saved fixture);
  // returns false when that file cannot be read.
  bool add_file_from(const std::string& path, const std::string& host_path);
  void add_dir(const std::string& path);
  // A symbolic link at `path` to `target` (absolute, or relative to the
  // link's folder); reads and real_path() follow it, list_dir() shows Link.
  void add_symlink(const std::string& path, std::string target);
  // Files that are not executable (is_executable() is false for them).
  void set_not_executable(const std::string& path) { m_not_executable.insert(path); }
  void set_env(const std::string& name, std::string value) { m_env[name] = std::move(value); }
  // The answer to running exactly `argv` (joined with single spaces).
  void set_command(const std::string& argv, CommandOutput output) { m_commands[argv] = std::move(output); }
  void set_uname(Uname value) { m_uname = std::move(value); }
  void set_libc_version(std::string value) { m_libc = std::move(value); }
  void set_cuda_driver_version(std::optional<int> value) { m_cuda_driver = value; }
  void set_current_dir(std::string value) { m_cwd = std::move(value); }

  // Commands run so far, joined with spaces: tests assert what was (not) run.
  const std::vector<std::string>& commands_run() const { return m_run; }

  Expected<std::string, std::string> read_file(const std::string& path) const override;
  FileType file_type(const std::string& path) const override;
  bool is_executable(const std::string& path) const override;
  Expected<std::vector<DirEntry>, std::string> list_dir(const std::string& path) const override;
  std::optional<std::string> real_path(const std::string& path) const override;
  std::optional<std::string> getenv(std::string_view name) const override;
  Expected<CommandOutput, std::string> run(const std::vector<std::string>& argv, int timeout_ms) const override;
  Uname uname() const override { return m_uname; }
  std::string libc_version() const override { return m_libc; }
  std::optional<int> cuda_driver_version() const override { return m_cuda_driver; }
  std::string current_dir() const override { return m_cwd; }

 private:
  // `path` with every symlink among its components followed; nullopt on a loop.
  std::optional<std::string> follow(const std::string& path) const;

  std::map<std::string, std::string> m_files;
  std::map<std::string, std::string> m_links;
  std::set<std::string> m_not_executable;
  std::set<std::string> m_dirs{"/"};
  std::map<std::string, std::string, std::less<>> m_env;
  std::map<std::string, CommandOutput> m_commands;
  mutable std::vector<std::string> m_run;
  Uname m_uname{"Linux", "6.1.0-test", "#1 SMP", "x86_64"};
  std::string m_libc = "2.36";
  std::optional<int> m_cuda_driver;
  std::string m_cwd = "/work";
};

}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
#include "env/fake_system.h"

#include "core/mapped_file.h"

namespace mlstack::env {

void FakeSystem::add_dir(const std::string& path) {
  std::string current = normalize_path(path);
  while (m_dirs.insert(current).second && current != "/" && current != ".") current = parent_path(current);
}

void FakeSystem::add_file(const std::string& path, std::string content) {
  std::string key = normalize_path(path);
  add_dir(parent_path(key));
  m_files[key] = std::move(content);
}

bool FakeSystem::add_file_from(const std::string& path, const std::string& host_path) {
  auto content = mlstack::read_file(host_path);
  if (!content) return false;
  add_file(path, std::move(*content));
  return true;
}

Expected<std::string, std::string> FakeSystem::read_file(const std::string& path) const {
  auto it = m_files.find(normalize_path(path));
  if (it == m_files.end()) {
    if (m_dirs.count(normalize_path(path)) != 0) return unexpected(path + ": Is a directory");
    return unexpected(path + ": No such file or directory");
  }
  return it->second;
}

FileType FakeSystem::file_type(const std::string& path) const {
  std::string key = normalize_path(path);
  if (m_files.count(key) != 0) return FileType::File;
  if (m_dirs.count(key) != 0) return FileType::Directory;
  return FileType::Missing;
}

Expected<std::vector<DirEntry>, std::string> FakeSystem::list_dir(const std::string& path) const {
  std::string key = normalize_path(path);
  if (m_dirs.count(key) == 0) return unexpected(path + ": No such file or directory");
  std::string prefix = key == "/" ? key : key + "/";
  std::vector<DirEntry> entries;
  auto collect = [&](const std::string& child, FileType type) {
    if (!child.starts_with(prefix) || child == prefix) return;
    std::string_view rest = std::string_view(child).substr(prefix.size());
    if (rest.find('/') == std::string_view::npos) entries.push_back({std::string(rest), type});
  };
  for (const auto& [file, content] : m_files) collect(file, FileType::File);
  for (const std::string& dir : m_dirs) collect(dir, FileType::Directory);
  return entries;
}

std::optional<std::string> FakeSystem::real_path(const std::string& path) const {
  std::string absolute = normalize_path(path.starts_with('/') ? path : join_path(m_cwd, path));
  if (file_type(absolute) == FileType::Missing) return std::nullopt;
  return absolute;
}

std::optional<std::string> FakeSystem::getenv(std::string_view name) const {
  auto it = m_env.find(name);
  if (it == m_env.end()) return std::nullopt;
  return it->second;
}

Expected<CommandOutput, std::string> FakeSystem::run(const std::vector<std::string>& argv, int) const {
  std::string joined;
  for (const std::string& arg : argv) joined += (joined.empty() ? "" : " ") + arg;
  m_run.push_back(joined);
  auto it = m_commands.find(joined);
  if (it == m_commands.end()) return unexpected((argv.empty() ? std::string() : argv[0]) + ": not found");
  return it->second;
}

}  // namespace mlstack::env

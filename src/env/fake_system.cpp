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

void FakeSystem::add_symlink(const std::string& path, std::string target) {
  std::string key = normalize_path(path);
  add_dir(parent_path(key));
  m_links[key] = std::move(target);
}

std::optional<std::string> FakeSystem::follow(const std::string& path) const {
  std::string current = normalize_path(path.starts_with('/') ? path : join_path(m_cwd, path));
  for (int hops = 0; hops < 40; ++hops) {
    // The first component (from the left) that is a link is replaced by its target.
    bool replaced = false;
    std::size_t pos = 0;
    while (!replaced && pos < current.size()) {
      std::size_t slash = current.find('/', pos + 1);
      std::string prefix = current.substr(0, slash);
      if (auto link = m_links.find(prefix); link != m_links.end()) {
        std::string rest = slash == std::string::npos ? "" : current.substr(slash);
        current = normalize_path(join_path(parent_path(prefix), link->second) + rest);
        replaced = true;
      }
      if (slash == std::string::npos) break;
      pos = slash;
    }
    if (!replaced) return current;
  }
  return std::nullopt;
}

bool FakeSystem::is_executable(const std::string& path) const {
  return file_type(path) == FileType::File && m_not_executable.count(normalize_path(path)) == 0;
}

Expected<std::string, std::string> FakeSystem::read_file(const std::string& path) const {
  auto it = m_files.find(follow(path).value_or(""));
  if (it == m_files.end()) {
    if (m_dirs.count(follow(path).value_or("")) != 0) return unexpected(path + ": Is a directory");
    return unexpected(path + ": No such file or directory");
  }
  return it->second;
}

FileType FakeSystem::file_type(const std::string& path) const {
  std::string key = follow(path).value_or("");
  if (m_files.count(key) != 0) return FileType::File;
  if (m_dirs.count(key) != 0) return FileType::Directory;
  return FileType::Missing;
}

Expected<std::vector<DirEntry>, std::string> FakeSystem::list_dir(const std::string& path) const {
  std::string key = follow(path).value_or("");
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
  for (const auto& [link, target] : m_links) collect(link, FileType::Link);
  return entries;
}

std::optional<std::string> FakeSystem::real_path(const std::string& path) const {
  auto resolved = follow(path);
  if (!resolved || file_type(*resolved) == FileType::Missing) return std::nullopt;
  return resolved;
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

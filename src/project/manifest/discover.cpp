// SPDX-License-Identifier: MIT
#include "project/manifest/discover.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/file_guard.h"
#include "project/manifest/declared.h"

namespace mlstack::project {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has_folder(std::string_view path, std::string_view folder) {
  std::size_t pos = 0;
  while (true) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) return false;
    if (lower(path.substr(pos, slash - pos)) == folder) return true;
    pos = slash + 1;
  }
}

// Folders that never hold the project's own declarations.
bool skipped_folder(std::string_view name) {
  static constexpr std::string_view k_skipped[] = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox",
                                                   ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs",
                                                   "site-packages", "dist-packages", "build", "dist", "_build",
                                                   ".venv", ".cache", ".idea", ".vscode"};
  if (std::find(std::begin(k_skipped), std::end(k_skipped), name) != std::end(k_skipped)) return true;
  return name.ends_with(".egg-info") || name.ends_with(".dist-info");
}

class Walker {
 public:
  explicit Walker(std::string root) : m_root(std::move(root)) {}

  Discovery run() {
    struct stat st {};
    m_root_real = real_path(m_root).value_or(m_root);
    if (::stat(m_root.c_str(), &st) == 0) walk(m_root, "", st);
    std::sort(m_result.files.begin(), m_result.files.end(),
              [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path < b.path; });
    return std::move(m_result);
  }

 private:
  void walk(const std::string& full, const std::string& relative, const struct stat& st) {
    std::pair<dev_t, ino_t> id{st.st_dev, st.st_ino};
    if (!m_visited.insert(id).second) return;  // reached twice through links: read once
    m_ancestors.push_back(id);
    ++m_result.folders_seen;
    DIR* dir = ::opendir(full.c_str());
    if (dir == nullptr) {
      m_result.findings.push_back(input_error("input.unreadable",
                                              fmt::format("cannot read folder: {}", std::strerror(errno)),
                                              Origin::file(relative.empty() ? "." : relative)));
      m_ancestors.pop_back();
      return;
    }
    // A virtualenv's own folder: skip it whole.
    if (!relative.empty() && ::faccessat(::dirfd(dir), "pyvenv.cfg", F_OK, 0) == 0) {
      ::closedir(dir);
      m_ancestors.pop_back();
      return;
    }
    std::vector<std::pair<std::string, unsigned char>> entries;
    while (dirent* entry = ::readdir(dir)) {
      std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      entries.emplace_back(std::string(name), entry->d_type);
    }
    int fd = ::dirfd(dir);
    for (const auto& [name, type] : entries) {
      std::string child_relative = relative.empty() ? name : relative + "/" + name;
      std::string child_full = full + "/" + name;
      unsigned char kind = type;
      if (kind == DT_LNK || kind == DT_UNKNOWN) {
        struct stat target {};
        if (::fstatat(fd, name.c_str(), &target, 0) != 0) {
          if (errno == ELOOP) {
            m_result.findings.push_back(input_error("input.symlink-loop",
                                                    "symbolic link loops back on itself; not followed",
                                                    Origin::file(child_relative)));
          }
          continue;  // a dangling link declares nothing
        }
        if (S_ISDIR(target.st_mode) && skipped_folder(name)) continue;
        if (S_ISDIR(target.st_mode) || classify_file(child_relative)) {
          // Links are followed only to what lies inside the project: a link
          // to / or to ~/.ssh/id_rsa named requirements.txt is not read.
          auto real = real_path(child_full);
          if (!real || !is_within(m_root_real, *real)) {
            m_result.findings.push_back(Finding{
                "input.symlink-outside", Severity::Warning,
                fmt::format("symbolic link points outside the project{}; not followed",
                            real ? fmt::format(" (to {})", *real) : std::string()),
                {Origin::file(child_relative)}, {}, {}});
            continue;
          }
        }
        if (S_ISDIR(target.st_mode)) {
          std::pair<dev_t, ino_t> tid{target.st_dev, target.st_ino};
          if (std::find(m_ancestors.begin(), m_ancestors.end(), tid) != m_ancestors.end()) {
            m_result.findings.push_back(input_error(
                "input.symlink-loop", "symbolic link points to a folder that contains it; not followed",
                Origin::file(child_relative)));
            continue;
          }
          walk(child_full, child_relative, target);
          continue;
        }
        if (!S_ISREG(target.st_mode)) {
          note_special(child_relative, target.st_mode);
          continue;
        }
        add_file(child_relative, static_cast<std::uint64_t>(target.st_size));
        continue;
      }
      if (kind == DT_FIFO || kind == DT_SOCK || kind == DT_CHR || kind == DT_BLK) {
        struct stat special {};
        if (::fstatat(fd, name.c_str(), &special, AT_SYMLINK_NOFOLLOW) == 0) note_special(child_relative, special.st_mode);
        continue;
      }
      if (kind == DT_DIR) {
        if (skipped_folder(name)) continue;
        struct stat sub {};
        if (::fstatat(fd, name.c_str(), &sub, AT_SYMLINK_NOFOLLOW) != 0) continue;
        walk(child_full, child_relative, sub);
        continue;
      }
      if (kind == DT_REG) {
        ++m_result.files_seen;
        if (!classify_file(child_relative)) continue;
        struct stat file {};
        if (::fstatat(fd, name.c_str(), &file, 0) != 0) continue;
        m_result.files.push_back({child_relative, *classify_file(child_relative), static_cast<std::uint64_t>(file.st_size)});
      }
    }
    ::closedir(dir);
    m_ancestors.pop_back();
  }

  // A FIFO, socket or device named like a manifest: never opened (a FIFO
  // blocks its reader), said in a note.
  void note_special(const std::string& relative, mode_t mode) {
    ++m_result.files_seen;
    if (!classify_file(relative)) return;
    m_result.findings.push_back(special_file_note(relative, special_file_kind(mode).value_or("not a regular file")));
  }

  void add_file(const std::string& relative, std::uint64_t size) {
    ++m_result.files_seen;
    if (auto role = classify_file(relative)) m_result.files.push_back({relative, *role, size});
  }

  std::string m_root;
  std::string m_root_real;
  Discovery m_result;
  std::set<std::pair<dev_t, ino_t>> m_visited;
  std::vector<std::pair<dev_t, ino_t>> m_ancestors;
};

}  // namespace

std::optional<FileRole> classify_file(std::string_view path) {
  std::size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::string low = lower(name);
  if (name == "pyproject.toml") return FileRole::Pyproject;
  if (low == "uv.lock" || low == "poetry.lock" || (low.starts_with("pylock") && low.ends_with(".toml"))) {
    return FileRole::Lock;
  }
  if (low.starts_with("pyproject") || low.ends_with(".toml")) return FileRole::PyprojectCandidate;
  if (low.ends_with(".txt") || low.ends_with(".in")) {
    if (low.starts_with("constraints")) return FileRole::Constraints;
    if (low.find("requirements") != std::string::npos || has_folder(path, "requirements")) {
      return FileRole::Requirements;
    }
  }
  if (low == "setup.cfg") return FileRole::SetupCfg;
  if (low == "setup.py") return FileRole::SetupPy;
  if (low.starts_with("environment") && (low.ends_with(".yml") || low.ends_with(".yaml"))) {
    return FileRole::CondaEnvironment;
  }
  if (low.ends_with(".sh") || low.ends_with(".bash")) return FileRole::ShellScript;
  if (low == "dockerfile" || low.starts_with("dockerfile.") || low.ends_with(".dockerfile") || low == "containerfile") {
    return FileRole::Dockerfile;
  }
  bool markdown = low.ends_with(".md") || low.ends_with(".markdown");
  if (markdown && (low.starts_with("readme") || low.starts_with("install") || has_folder(path, "docs") ||
                   has_folder(path, "doc"))) {
    return FileRole::Markdown;
  }
  if (low == "install" || low == "install.txt") return FileRole::Markdown;
  return std::nullopt;
}

Discovery discover_files(const std::string& root) { return Walker(root).run(); }

Finding special_file_note(const std::string& relative, std::string_view kind) {
  return Finding{"input.special-file", Severity::Info, fmt::format("is {}, not a regular file; skipped", kind),
                 {Origin::file(relative)}, {}, {}};
}

}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
#include "binary/native_files.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <sys/stat.h>

namespace mlstack::binary {
namespace {

namespace fs = std::filesystem;

bool ends_as_module(std::string_view name) { return name.ends_with(".so") && !is_tagged_module_name(name); }

// What the name says when nothing else is known: an untagged lib*.so is
// loaded through DT_NEEDED, any other untagged name.so imported.
bool named_like_library(std::string_view name) {
  return is_versioned_library_name(name) || (!is_tagged_module_name(name) && name.starts_with("lib"));
}

std::string file_name(const std::string& path) { return fs::path(path).filename().string(); }

// dev and inode: the file, whatever name reached it.
std::optional<std::pair<std::uint64_t, std::uint64_t>> identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return std::pair<std::uint64_t, std::uint64_t>{st.st_dev, st.st_ino};
}

bool is_symlink(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

}  // namespace

bool is_shared_object_name(std::string_view name) {
  if (name.ends_with(".so")) return name.size() > 3;
  return is_versioned_library_name(name);
}

bool is_tagged_module_name(std::string_view name) {
  if (!name.ends_with(".so")) return false;
  return name.ends_with(".abi3.so") || name.find(".cpython-") != std::string_view::npos ||
         name.find(".pypy") != std::string_view::npos;
}

bool is_versioned_library_name(std::string_view name) {
  const auto at = name.rfind(".so.");
  if (at == std::string_view::npos || at == 0) return false;
  const std::string_view version = name.substr(at + 4);
  return !version.empty() && std::all_of(version.begin(), version.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.';
  });
}

NativeFiles find_native_files(const std::string& site_packages, const NativeFileOptions& options) {
  NativeFiles files;
  std::error_code ec;
  std::vector<std::string> regular, recorded, links;

  // The walk: regular files and symlinks with shared-object names.
  std::size_t entries = 0;
  fs::recursive_directory_iterator it(site_packages, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (++entries > options.max_entries) {
      files.walk_truncated = true;
      break;
    }
    const auto& entry = *it;
    std::error_code type_ec;
    if (it.depth() >= options.max_depth && entry.is_directory(type_ec) && !entry.is_symlink(type_ec)) {
      it.disable_recursion_pending();
      files.walk_truncated = true;
      continue;
    }
    const std::string name = entry.path().filename().string();
    if (!is_shared_object_name(name)) continue;
    if (entry.is_symlink(type_ec)) links.push_back(entry.path().string());
    else if (entry.is_regular_file(type_ec)) regular.push_back(entry.path().string());
  }

  // RECORD rows after the walk's files (most are the same files), before the symlinks.
  for (const auto& row : options.record_rows) {
    if (!is_shared_object_name(file_name(row))) continue;
    std::string path = (fs::path(site_packages) / row).lexically_normal().string();
    (is_symlink(path) ? links : recorded).push_back(std::move(path));
  }

  // Only what resolves inside the folder is read; each file once.
  const fs::path root = fs::weakly_canonical(site_packages, ec);
  auto inside = [&](const std::string& path) {
    std::error_code canonical_ec;
    const fs::path real = fs::canonical(path, canonical_ec);
    if (canonical_ec) return false;
    auto rel = real.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
  };
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  std::set<std::string> dirs;
  auto take = [&](const std::string& path, bool check_inside) {
    auto id = identity(path);
    if (!id) return;  // gone, a folder, or a dangling link
    if (seen.count(*id)) return;  // before the canonical path: most rows and links name a file already taken
    if (check_inside && !inside(path)) {
      files.outside.push_back(path);
      return;
    }
    seen.insert(*id);
    const std::string name = file_name(path);
    if (named_like_library(name)) {
      files.libraries.push_back(path);
      dirs.insert(fs::path(path).parent_path().string());
    } else {
      files.extension_modules.push_back(path);
    }
  };
  // Sorted, so that of two names of one file the same is kept on every run.
  for (auto* list : {&regular, &recorded, &links}) std::sort(list->begin(), list->end());
  for (const auto& path : regular) take(path, false);
  // A RECORD row may lie below a symlinked folder; the walk's files never do.
  for (const auto& path : recorded) take(path, true);
  for (const auto& path : links) take(path, true);

  std::sort(files.extension_modules.begin(), files.extension_modules.end());
  std::sort(files.libraries.begin(), files.libraries.end());
  std::sort(files.outside.begin(), files.outside.end());
  files.outside.erase(std::unique(files.outside.begin(), files.outside.end()), files.outside.end());
  files.library_dirs.assign(dirs.begin(), dirs.end());
  return files;
}

void settle_untagged(NativeFiles& files, Linker& linker) {
  auto defines_init = [&](const std::string& path, bool& readable) {
    const ElfFile* file = linker.file(path);
    readable = file != nullptr;
    if (!file) return false;
    std::string name = file_name(path);
    return file->find_definition("PyInit_" + name.substr(0, name.find('.'))).has_value();
  };
  std::vector<std::string> modules, libraries;
  for (auto& path : files.extension_modules) {
    bool readable = false;
    const bool module = !ends_as_module(file_name(path)) || defines_init(path, readable) || !readable;
    (module ? modules : libraries).push_back(std::move(path));
  }
  for (auto& path : files.libraries) {
    const std::string name = file_name(path);
    bool readable = false;
    const bool module = ends_as_module(name) && !is_versioned_library_name(name) && defines_init(path, readable);
    (module ? modules : libraries).push_back(std::move(path));
  }
  std::sort(modules.begin(), modules.end());
  std::sort(libraries.begin(), libraries.end());
  files.extension_modules = std::move(modules);
  files.libraries = std::move(libraries);
  std::set<std::string> dirs;
  for (const auto& path : files.libraries) dirs.insert(fs::path(path).parent_path().string());
  files.library_dirs.assign(dirs.begin(), dirs.end());
}

std::optional<TorchAbi> torch_cxx_abi(const std::string& site_packages, Linker& linker) {
  const fs::path torch = fs::path(site_packages) / "torch";
  std::error_code ec;
  if (!fs::is_directory(torch, ec)) return std::nullopt;
  std::string library;
  const fs::path bundled = torch / "lib" / "libtorch_cpu.so";
  if (fs::exists(bundled, ec)) {
    library = bundled.string();
  } else {
    // Debian and conda builds keep libtorch outside the package: follow torch/_C's load set.
    for (const auto& entry : fs::directory_iterator(torch, ec)) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with("_C.") || !name.ends_with(".so")) continue;
      auto linkage = linker.link(entry.path().string());
      if (!linkage) continue;
      for (const auto& object : linkage->objects) {
        if (object.name.starts_with("libtorch_cpu.so")) library = object.path;
      }
    }
  }
  if (library.empty()) return std::nullopt;
  const ElfFile* file = linker.file(library);
  if (!file) return std::nullopt;
  auto symbols = file->dynamic_symbols();
  if (!symbols) return std::nullopt;
  return TorchAbi{detect_cxx_abi(*symbols).abi, library};
}

}  // namespace mlstack::binary

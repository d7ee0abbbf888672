// SPDX-License-Identifier: MIT
#include "binary/native_files.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace mlstack::binary {
namespace {

namespace fs = std::filesystem;

bool is_shared_object_name(const std::string& name) {
  return name.ends_with(".so") || name.find(".so.") != std::string::npos;
}

// lib*.so, lib*.so.12: loaded through DT_NEEDED, never imported by name.
bool is_library_name(const std::string& name) { return name.starts_with("lib") && is_shared_object_name(name); }

}  // namespace

NativeFiles find_native_files(const std::string& site_packages) {
  NativeFiles files;
  std::set<std::string> dirs;
  std::error_code ec;
  fs::recursive_directory_iterator it(site_packages, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    std::error_code type_ec;
    if (!entry.is_regular_file(type_ec) || entry.is_symlink(type_ec)) continue;
    const std::string name = entry.path().filename().string();
    if (!is_shared_object_name(name)) continue;
    if (is_library_name(name) && !name.ends_with(".abi3.so") && name.find(".cpython-") == std::string::npos) {
      files.libraries.push_back(entry.path().string());
      dirs.insert(entry.path().parent_path().string());
    } else if (name.ends_with(".so")) {
      files.extension_modules.push_back(entry.path().string());
    }
  }
  std::sort(files.extension_modules.begin(), files.extension_modules.end());
  std::sort(files.libraries.begin(), files.libraries.end());
  files.library_dirs.assign(dirs.begin(), dirs.end());
  return files;
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

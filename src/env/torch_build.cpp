// SPDX-License-Identifier: MIT
#include "env/torch_build.h"

#include <algorithm>
#include <cctype>

namespace mlstack::env {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<std::string> python_assignment(std::string_view text, std::string_view name) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.starts_with(name)) continue;
    std::string_view rest = trim(line.substr(name.size()));
    // version.py may annotate: `cuda: Optional[str] = '12.1'`.
    if (!rest.empty() && rest.front() == ':') {
      std::size_t equals = rest.find('=');
      if (equals == std::string_view::npos) continue;
      rest = rest.substr(equals);
    }
    if (rest.empty() || rest.front() != '=') continue;
    std::string_view value = trim(rest.substr(1));
    if (std::size_t hash = value.find(" #"); hash != std::string_view::npos) value = trim(value.substr(0, hash));
    if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front())
      return std::string(value.substr(1, value.size() - 2));
    return std::string(value);  // None, True, False, or an expression as written
  }
  return std::nullopt;
}

std::optional<bool> cxx11_abi_from_cmake(std::string_view text) {
  constexpr std::string_view k_flag = "-D_GLIBCXX_USE_CXX11_ABI=";
  std::size_t at = text.find(k_flag);
  if (at == std::string_view::npos || at + k_flag.size() >= text.size()) return std::nullopt;
  char value = text[at + k_flag.size()];
  if (value == '0') return false;
  if (value == '1') return true;
  return std::nullopt;
}

std::optional<TorchBuild> read_torch_build(const System& system, const std::string& package_dir) {
  auto version_py = system.read_file(package_dir + "/version.py");
  if (!version_py) return std::nullopt;
  TorchBuild build;
  build.package_dir = package_dir;
  build.version = python_assignment(*version_py, "__version__").value_or("");
  if (std::size_t plus = build.version.find('+'); plus != std::string::npos) build.local_label = build.version.substr(plus + 1);
  auto text_or_empty = [&](std::string_view name) {
    std::string value = python_assignment(*version_py, name).value_or("");
    return value == "None" ? std::string() : value;
  };
  build.cuda = text_or_empty("cuda");
  build.hip = text_or_empty("hip");
  build.git_version = text_or_empty("git_version");
  if (auto debug = python_assignment(*version_py, "debug")) {
    if (*debug == "True") build.debug = true;
    if (*debug == "False") build.debug = false;
  }

  std::string lib_dir = package_dir + "/lib";
  std::vector<std::string> cmake_candidates = {package_dir + "/share/cmake/Torch/TorchConfig.cmake"};
  if (auto entries = system.list_dir(lib_dir)) {
    for (const DirEntry& entry : *entries)
      if (entry.name.find(".so") != std::string::npos || entry.name.ends_with(".a")) build.libraries.push_back(entry.name);
    std::sort(build.libraries.begin(), build.libraries.end());
  }
  // Distribution packages link torch/lib/*.so to the system library folder,
  // whose cmake/Torch holds the config.
  for (const char* library : {"libtorch.so", "libtorch_cpu.so", "libc10.so"}) {
    if (auto real = system.real_path(lib_dir + "/" + library); real && !real->starts_with(package_dir)) {
      cmake_candidates.push_back(parent_path(*real) + "/cmake/Torch/TorchConfig.cmake");
      break;
    }
  }
  for (const std::string& candidate : cmake_candidates) {
    auto cmake = system.read_file(candidate);
    if (!cmake) continue;
    if (auto abi = cxx11_abi_from_cmake(*cmake)) {
      build.cxx11_abi = abi;
      build.cxx11_abi_source = candidate;
      break;
    }
  }
  return build;
}

}  // namespace mlstack::env

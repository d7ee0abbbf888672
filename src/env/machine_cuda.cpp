// SPDX-License-Identifier: MIT
// CUDA toolkits (CUDA_HOME, CUDA_PATH, /usr/local/cuda*, /opt/cuda, nvcc on
// PATH) and the cuDNN and NCCL versions their headers or library names give.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "env/machine.h"
#include "env/machine_detail.h"

namespace mlstack::env {
namespace {

// version.json (CUDA 11.1+): {"cuda": {"name": "CUDA SDK", "version": "12.4.1"}, ...}
std::optional<std::string> version_from_json(std::string_view text) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  auto cuda = json.find("cuda");
  if (cuda == json.end() || !cuda->is_object()) return std::nullopt;
  auto version = cuda->find("version");
  if (version == cuda->end() || !version->is_string()) return std::nullopt;
  return version->get<std::string>();
}

// version.txt (CUDA <= 11.0): "CUDA Version 11.0.228"
std::optional<std::string> version_from_txt(std::string_view text) {
  std::size_t at = text.find("CUDA Version ");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(at + 13);
  std::size_t end = 0;
  while (end < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[end])) || rest[end] == '.')) ++end;
  if (end == 0) return std::nullopt;
  return std::string(rest.substr(0, end));
}

void read_toolkit_version(const System& system, const MachineOptions& options, CudaToolkit& toolkit) {
  if (auto text = system.read_file(toolkit.path + "/version.json")) {
    if (auto version = version_from_json(*text)) {
      toolkit.version = *version;
      toolkit.source = toolkit.path + "/version.json";
      return;
    }
  }
  if (auto text = system.read_file(toolkit.path + "/version.txt")) {
    if (auto version = version_from_txt(*text)) {
      toolkit.version = *version;
      toolkit.source = toolkit.path + "/version.txt";
      return;
    }
  }
  // The runtime header names major.minor without starting a process; nvcc
  // (which adds the patch level) runs only when no header says. The define
  // sits in the first lines of a 600 KB header.
  if (auto text = system.read_head(toolkit.path + "/include/cuda_runtime_api.h", 64 * 1024)) {
    if (auto version = header_define(*text, "CUDART_VERSION")) {
      toolkit.version = cuda_version_from_int(static_cast<int>(*version));
      toolkit.source = toolkit.path + "/include/cuda_runtime_api.h";
      return;
    }
  }
  std::string nvcc = toolkit.path + "/bin/nvcc";
  if (options.run_tools && system.file_type(nvcc) == FileType::File) {
    auto output = system.run({nvcc, "--version"});
    if (output && output->exit_code == 0) {
      if (auto version = parse_nvcc_version(output->out)) {
        toolkit.version = *version;
        toolkit.source = nvcc + " --version";
      }
    }
  }
}

// libcudnn.so.8.9.7 -> "8.9.7"; libcudnn.so.9 -> "9".
std::string soname_version(std::string_view name, std::string_view stem) {
  if (!name.starts_with(stem)) return {};
  std::string_view rest = name.substr(stem.size());
  if (rest.empty() || !std::all_of(rest.begin(), rest.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }))
    return {};
  return std::string(rest);
}

void add_library(Machine& machine, Component component) {
  for (const Component& known : machine.cuda_libraries)
    if (known.name == component.name && known.path == component.path) return;
  machine.cuda_libraries.push_back(std::move(component));
}

void probe_libraries(const System& system, Machine& machine) {
  std::vector<std::string> include_dirs;
  std::vector<std::string> lib_dirs;
  for (const CudaToolkit& toolkit : machine.cuda_toolkits) {
    include_dirs.push_back(toolkit.path + "/include");
    lib_dirs.push_back(toolkit.path + "/lib64");
    lib_dirs.push_back(toolkit.path + "/lib");
  }
  for (const char* dir : {"/usr/include", "/usr/include/x86_64-linux-gnu", "/usr/include/aarch64-linux-gnu"})
    include_dirs.push_back(dir);
  for (const char* dir : {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64"}) lib_dirs.push_back(dir);

  std::set<std::string> from_header;
  for (const std::string& dir : include_dirs) {
    // cuDNN 8+ keeps its version in cudnn_version.h, older ones in cudnn.h.
    for (const char* header : {"cudnn_version.h", "cudnn.h"}) {
      auto text = system.read_file(dir + "/" + header);
      if (!text) continue;
      auto major = header_define(*text, "CUDNN_MAJOR");
      auto minor = header_define(*text, "CUDNN_MINOR");
      auto patch = header_define(*text, "CUDNN_PATCHLEVEL");
      if (!major || !minor || !patch) continue;
      add_library(machine, {"cudnn", fmt::format("{}.{}.{}", *major, *minor, *patch), system.real_path(dir + "/" + header).value_or(dir + "/" + header)});
      from_header.insert("cudnn");
      break;
    }
    if (auto text = system.read_file(dir + "/nccl.h")) {
      auto major = header_define(*text, "NCCL_MAJOR");
      auto minor = header_define(*text, "NCCL_MINOR");
      auto patch = header_define(*text, "NCCL_PATCH");
      if (major && minor && patch) {
        add_library(machine, {"nccl", fmt::format("{}.{}.{}", *major, *minor, *patch), system.real_path(dir + "/nccl.h").value_or(dir + "/nccl.h")});
        from_header.insert("nccl");
      }
    }
  }
  // Without headers (runtime-only installs), the library file name is all there is.
  for (const std::string& dir : lib_dirs) {
    if (from_header.size() == 2) break;  // both named by headers: no folder listing needed
    auto entries = system.list_dir(dir);
    if (!entries) continue;
    for (const char* name : {"cudnn", "nccl"}) {
      if (from_header.count(name) != 0) continue;
      std::string best;
      for (const DirEntry& entry : *entries) {
        std::string version = soname_version(entry.name, fmt::format("lib{}.so.", name));
        if (version.size() > best.size()) best = version;
      }
      if (!best.empty()) add_library(machine, {name, best, fmt::format("{}/lib{}.so.{}", dir, name, best)});
    }
  }
}

}  // namespace

std::optional<std::string> parse_nvcc_version(std::string_view text) {
  std::size_t at = text.find(", V");
  if (at == std::string_view::npos || text.find("release ") == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(at + 3);
  std::size_t end = 0;
  while (end < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[end])) || rest[end] == '.')) ++end;
  if (end == 0) return std::nullopt;
  return std::string(rest.substr(0, end));
}

std::optional<long> header_define(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = header.find("define", pos)) != std::string_view::npos) {
    // Only a directive: '#' and optional blanks before "define".
    std::size_t hash = header.find_last_not_of(" \t", pos == 0 ? 0 : pos - 1);
    pos += 6;
    if (hash == std::string_view::npos || header[hash] != '#') continue;
    std::size_t start = header.find_first_not_of(" \t", pos);
    if (start == std::string_view::npos) break;
    if (header.substr(start, name.size()) != name) continue;
    std::size_t after = start + name.size();
    if (after >= header.size() || (header[after] != ' ' && header[after] != '\t')) continue;
    std::size_t value = header.find_first_not_of(" \t", after);
    if (value == std::string_view::npos) break;
    long result = 0;
    auto [ptr, ec] = std::from_chars(header.data() + value, header.data() + header.size(), result);
    if (ec == std::errc()) return result;
  }
  return std::nullopt;
}

namespace detail {

void probe_cuda(const System& system, const MachineOptions& options, Machine& machine) {
  std::vector<std::string> candidates;
  for (const char* variable : {"CUDA_HOME", "CUDA_PATH"})
    if (auto value = system.getenv(variable); value && !value->empty()) candidates.push_back(*value);
  candidates.push_back("/usr/local/cuda");
  if (auto entries = system.list_dir("/usr/local")) {
    std::vector<std::string> versioned;
    for (const DirEntry& entry : *entries)
      if (entry.name.starts_with("cuda-") && resolve(system, "/usr/local", entry) == FileType::Directory) versioned.push_back("/usr/local/" + entry.name);
    std::sort(versioned.begin(), versioned.end());
    candidates.insert(candidates.end(), versioned.begin(), versioned.end());
  }
  candidates.push_back("/opt/cuda");
  if (auto nvcc = find_program(system, "nvcc")) candidates.push_back(parent_path(parent_path(*nvcc)));

  for (const std::string& candidate : candidates) {
    if (system.file_type(candidate) != FileType::Directory) continue;
    std::string real = system.real_path(candidate).value_or(candidate);
    auto known = std::find_if(machine.cuda_toolkits.begin(), machine.cuda_toolkits.end(),
                              [&](const CudaToolkit& t) { return t.path == real; });
    if (known != machine.cuda_toolkits.end()) {
      if (candidate != real && std::find(known->aliases.begin(), known->aliases.end(), candidate) == known->aliases.end())
        known->aliases.push_back(candidate);
      continue;
    }
    // A toolkit has nvcc or the runtime headers; /usr (Debian's nvidia-cuda-toolkit) only via nvcc on PATH.
    if (system.file_type(real + "/bin/nvcc") != FileType::File &&
        system.file_type(real + "/include/cuda_runtime_api.h") != FileType::File)
      continue;
    CudaToolkit toolkit;
    toolkit.path = real;
    if (candidate != real) toolkit.aliases.push_back(candidate);
    read_toolkit_version(system, options, toolkit);
    machine.cuda_toolkits.push_back(std::move(toolkit));
  }
  if (machine.cuda_toolkits.empty())
    machine.findings.push_back({"env.no-cuda-toolkit", Severity::Info, "no CUDA toolkit was found (CUDA_HOME, /usr/local/cuda*, nvcc on PATH)",
                                {Origin::machine("/usr/local/cuda")}, {}, {}});
  probe_libraries(system, machine);
}

}  // namespace detail

Machine probe_machine(const System& system, const MachineOptions& options) {
  Machine machine;
  detail::probe_host(system, machine);
  detail::probe_nvidia(system, options, machine);
  detail::probe_cuda(system, options, machine);
  return machine;
}

}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
// TorchBuild: facts about an installed torch read from its files, never by
// importing it — torch/version.py (__version__, cuda, hip, git_version,
// debug), the C++ ABI flag its CMake package config exports, and the shared
// libraries under torch/lib.
//
// The cxx11 ABI flag comes from TorchConfig.cmake's
// `set(TORCH_CXX_FLAGS "-D_GLIBCXX_USE_CXX11_ABI=N")` (torch/share/cmake for
// wheels, <libdir>/cmake/Torch for distribution packages). When no such file
// ships, it stays unknown here: telling it from the mangling of libtorch's
// exported symbols needs the ELF reader of src/binary, a later layer, so the
// check layer does it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "env/system.h"

namespace mlstack::env {

struct TorchBuild {
  std::string package_dir;   // ".../site-packages/torch"
  std::string version;       // "2.3.0+cu121" (version.py __version__)
  std::string local_label;   // "cu121"; empty when none
  std::string cuda;          // "12.1"; empty for CPU and ROCm builds
  std::string hip;           // "6.0.32830-d62f6a171"; empty unless ROCm
  std::string git_version;   // "97ff6cfd9c86c5c09d7ce775ab64ec5c99230f5d"
  std::optional<bool> debug;
  std::optional<bool> cxx11_abi;  // nullopt: no CMake config says
  std::string cxx11_abi_source;   // the TorchConfig.cmake read
  std::vector<std::string> libraries;  // file names in torch/lib: "libtorch_cpu.so", "libc10.so", ...
};

// Reads the torch package folder `package_dir`; nullopt when it has no version.py.
std::optional<TorchBuild> read_torch_build(const System& system, const std::string& package_dir);

// `name = 'value'` / `name = None` / `name = False` from version.py.
std::optional<std::string> python_assignment(std::string_view text, std::string_view name);
// The ABI flag from TorchConfig.cmake text.
std::optional<bool> cxx11_abi_from_cmake(std::string_view text);

}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
// The native files of an installed environment, found by walking a
// site-packages folder: Python extension modules (*.cpython-*.so, *.abi3.so,
// plain *.so inside packages) and the shared libraries wheels bundle beside
// them (torch/lib, nvidia/*/lib, *.libs/ folders written by auditwheel).
// Those library folders are what LoadContext::environment_dirs wants.
//
// Also torch's C++ ABI, read from libtorch_cpu.so's symbols, for the
// binary.cxx-abi-mismatch check of every other extension module.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "binary/cxx_abi.h"
#include "binary/load_set.h"

namespace mlstack::binary {

struct NativeFiles {
  std::vector<std::string> extension_modules;  // importable: name.cpython-311-x86_64-linux-gnu.so, name.abi3.so, name.so
  std::vector<std::string> libraries;          // lib*.so[.N] not importable by name
  std::vector<std::string> library_dirs;       // folders holding libraries, sorted, unique
};

// Walks `site_packages` (symlinked folders are not followed). Sorted output.
NativeFiles find_native_files(const std::string& site_packages);

struct TorchAbi {
  CxxAbi abi = CxxAbi::Unknown;
  std::string library;  // the file read: ".../torch/lib/libtorch_cpu.so"
};

// torch's C++ ABI from the libtorch_cpu the environment's torch loads (its
// torch/lib copy, or the one torch/_C's load set finds, as in Debian's build
// where libtorch lives in /usr/lib). nullopt when there is no torch.
std::optional<TorchAbi> torch_cxx_abi(const std::string& site_packages, Linker& linker);

}  // namespace mlstack::binary

// SPDX-License-Identifier: MIT
// Platform: the target a question is asked about (an interpreter on an OS,
// CPU, libc and GPU stack), as plain data. Marker environments and
// supported wheel tags are computed from it, never from the running host,
// so that "would this install on the cluster?" can be answered on a laptop.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pep/version.h"

namespace mlstack::pep {

struct Platform {
  std::string os = "linux";      // "linux", "macos", "windows"
  std::string arch = "x86_64";   // "x86_64", "aarch64", "arm64" (macOS), "ppc64le", "s390x", "i686"
  std::string libc = "glibc";    // "glibc" or "musl" (linux only)
  std::optional<Version> libc_version;               // 2.35
  std::string python_implementation = "cpython";     // "cpython" or "pypy"
  std::optional<Version> python_version;             // full, e.g. 3.11.7
  std::string python_abi;                            // "cp311"; empty: derived from the version
  std::optional<Version> macos_version;              // 14.0 (macos only)
  std::optional<Version> driver_version;             // NVIDIA driver, 550.54.15
  std::string driver_version_text;                   // as the driver or user wrote it: "535.183.01" (PEP 440 drops the 0)
  std::optional<Version> driver_cuda;                // highest CUDA the driver supports, 12.4
  std::optional<Version> cuda_toolkit;               // nvcc / libcudart, 12.1
  std::vector<int> gpu_compute_capabilities;         // 80, 86, 90
  std::optional<bool> torch_cxx11_abi;
};

}  // namespace mlstack::pep

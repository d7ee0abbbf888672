// SPDX-License-Identifier: MIT
// Reading compiler flags: the C++ standard (`-std=c++17`) and the GPU
// targets of nvcc (`-gencode arch=compute_80,code=sm_80`,
// `-gencode=arch=compute_90a,code=[sm_90a,compute_90a]`, `-arch=sm_86`,
// `--generate-code ...`, `--gpu-architecture ...`).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "project/python/setup_py.h"

namespace mlstack::project::python {

// The value of the last -std= / --std= flag ("c++17"), or empty.
std::string cxx_standard(std::span<const CompileFlag> flags);

// One -gencode value: "arch=compute_80,code=sm_80" or "arch=compute_80,code=[sm_80,compute_80]".
std::optional<GpuArch> parse_gencode(std::string_view value);

// GPU targets named by a flag list, in order, each with the location and
// condition of the flag that names it.
std::vector<GpuArch> gpu_archs(std::span<const CompileFlag> flags);

}  // namespace mlstack::project::python

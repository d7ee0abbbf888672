// SPDX-License-Identifier: MIT
// Virtual packages: the machine and the build, seen as package versions so
// that one constraint language covers everything (DESIGN.md, principle 2).
//   __cuda            highest CUDA the driver supports           Platform::driver_cuda
//   __cuda-runtime    CUDA the installed torch was built for     torch's local label (+cu121 -> 12.1)
//   __cuda-toolkit    CUDA of the nvcc that would build extensions Platform::cuda_toolkit
//   __glibc           C library version                          Platform::libc_version
//   __sm              compute capability of each GPU, as 8.6     Platform::gpu_compute_capabilities
//   __torch-cxx11abi  1 when torch uses the C++11 ABI, else 0    Platform::torch_cxx11_abi
//   __python          interpreter version                        Platform::python_version
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "check/stack.h"

namespace mlstack::check {

// The versions a virtual package takes in this stack: one per GPU for __sm,
// at most one otherwise; empty when the stack does not know it.
std::vector<pep::Version> virtual_versions(const Stack& stack, std::string_view name);

// A sentence saying where the value came from: "the driver supports CUDA 12.2".
std::string describe_virtual(std::string_view name, const pep::Version& value);

}  // namespace mlstack::check

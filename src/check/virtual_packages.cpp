// SPDX-License-Identifier: MIT
#include "check/virtual_packages.h"

#include <fmt/format.h>

#include "kb/local_label.h"

namespace mlstack::check {
namespace {

pep::Version from_numbers(std::initializer_list<uint64_t> parts) {
  std::vector<uint64_t> release(parts);
  return pep::Version::from_parts(0, release);
}

}  // namespace

std::vector<pep::Version> virtual_versions(const Stack& stack, std::string_view name) {
  const pep::Platform& p = stack.platform;
  std::vector<pep::Version> out;
  if (name == "__cuda") {
    if (p.driver_cuda) out.push_back(*p.driver_cuda);
  } else if (name == "__cuda-runtime") {
    if (const StackPackage* torch = stack.find("torch"); torch && torch->version) {
      kb::LocalLabel label = kb::parse_local_label(torch->version->local());
      if (label.cuda_major) {
        out.push_back(from_numbers({static_cast<uint64_t>(*label.cuda_major),
                                    static_cast<uint64_t>(label.cuda_minor.value_or(0))}));
      }
    }
  } else if (name == "__cuda-toolkit") {
    if (p.cuda_toolkit) out.push_back(*p.cuda_toolkit);
  } else if (name == "__glibc") {
    if (p.libc_version) out.push_back(*p.libc_version);
  } else if (name == "__sm") {
    for (int cc : p.gpu_compute_capabilities) {
      out.push_back(from_numbers({static_cast<uint64_t>(cc / 10), static_cast<uint64_t>(cc % 10)}));
    }
  } else if (name == "__torch-cxx11abi") {
    if (p.torch_cxx11_abi) out.push_back(from_numbers({*p.torch_cxx11_abi ? 1u : 0u}));
  } else if (name == "__python") {
    if (p.python_version) out.push_back(*p.python_version);
  }
  return out;
}

std::string describe_virtual(std::string_view name, const pep::Version& value) {
  if (name == "__cuda") return fmt::format("the driver supports CUDA up to {}", value.str());
  if (name == "__cuda-runtime") return fmt::format("torch is built for CUDA {}", value.str());
  if (name == "__cuda-toolkit") return fmt::format("nvcc is CUDA {}", value.str());
  if (name == "__glibc") return fmt::format("the C library is glibc {}", value.str());
  if (name == "__sm") return fmt::format("the GPU has compute capability {} (sm_{})", value.str(),
                                         value.release().size() >= 2 ? value.release()[0] * 10 + value.release()[1] : 0);
  if (name == "__torch-cxx11abi") return value.release()[0] == 1 ? "torch uses the C++11 ABI" : "torch uses the pre-C++11 ABI";
  if (name == "__python") return fmt::format("the interpreter is Python {}", value.str());
  return fmt::format("{} is {}", name, value.str());
}

}  // namespace mlstack::check

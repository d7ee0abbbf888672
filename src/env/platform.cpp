// SPDX-License-Identifier: MIT
#include "env/platform.h"

#include <algorithm>
#include <cstdlib>

#include "pep/marker.h"

namespace mlstack::env {
namespace {

std::optional<pep::Version> version_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto version = pep::Version::parse(text);
  if (!version) return std::nullopt;
  return *version;
}

}  // namespace

pep::Platform to_platform(const Machine& machine, const Environment& environment) {
  pep::Platform platform;
  platform.os = "linux";
  if (!machine.os.arch.empty()) platform.arch = machine.os.arch;
  platform.libc = machine.libc == "glibc" ? "glibc" : machine.libc;
  platform.libc_version = version_of(machine.libc_version);
  if (!environment.python.implementation.empty()) platform.python_implementation = environment.python.implementation;
  platform.python_version = version_of(environment.python.version);
  if (machine.driver) {
    platform.driver_version = version_of(machine.driver->version);
    platform.driver_cuda = version_of(machine.driver->cuda_version);
  }
  // The toolkit a build would use: CUDA_HOME's, else /usr/local/cuda's, else the first found.
  for (const CudaToolkit& toolkit : machine.cuda_toolkits) {
    if (toolkit.version.empty()) continue;
    platform.cuda_toolkit = version_of(toolkit.version);
    break;
  }
  for (const Gpu& gpu : machine.gpus) {
    std::size_t dot = gpu.compute_capability.find('.');
    if (dot == std::string::npos) continue;
    int value = std::atoi(gpu.compute_capability.substr(0, dot).c_str()) * 10 + std::atoi(gpu.compute_capability.substr(dot + 1).c_str());
    if (std::find(platform.gpu_compute_capabilities.begin(), platform.gpu_compute_capabilities.end(), value) ==
        platform.gpu_compute_capabilities.end())
      platform.gpu_compute_capabilities.push_back(value);
  }
  if (environment.torch) platform.torch_cxx11_abi = environment.torch->cxx11_abi;
  return platform;
}

MarkerValues marker_values(const Environment& environment, const Machine& machine) {
  if (!environment.python.markers.empty()) return environment.python.markers;
  MarkerValues values = pep::marker_environment(to_platform(machine, environment)).values;
  if (!machine.os.kernel.empty()) values["platform_release"] = machine.os.kernel;
  return values;
}

}  // namespace mlstack::env

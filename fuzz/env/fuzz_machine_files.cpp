// SPDX-License-Identifier: MIT
// Fuzzes the machine probe over files it reads from /etc and /proc (and the
// CUDA files beside them): the input is cut at NUL bytes into the contents of
// /etc/os-release, /proc/driver/nvidia/version, a GPU's /proc information
// file, a toolkit's version.json and cudnn_version.h, and nvidia-smi's
// answers; probe_machine then reads them through a FakeSystem, as it reads a
// real machine (nothing runs).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "env/fake_system.h"
#include "env/machine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mlstack::env;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  for (std::size_t pos = 0; parts.size() < 7;) {
    std::size_t end = text.find('\0', pos);
    parts.emplace_back(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  parts.resize(7);
  (void)os_release_value(parts[0], "ID");
  (void)os_release_value(parts[0], "PRETTY_NAME");
  FakeSystem system;
  system.add_file("/etc/os-release", parts[0]);
  system.add_file("/proc/driver/nvidia/version", parts[1]);
  system.add_file("/proc/driver/nvidia/gpus/0000:01:00.0/information", parts[2]);
  system.add_file("/usr/local/cuda-12.4/version.json", parts[3]);
  system.add_file("/usr/local/cuda-12.4/include/cudnn_version.h", parts[4]);
  system.add_file("/usr/bin/nvidia-smi", "");
  system.set_env("MLSTACK_NVIDIA_SMI", "/usr/bin/nvidia-smi");
  system.set_command("/usr/bin/nvidia-smi --query-gpu=index,name,memory.total,compute_cap,driver_version "
                     "--format=csv,noheader",
                     {0, parts[5], ""});
  system.set_command("/usr/bin/nvidia-smi", {0, parts[6], ""});
  Machine machine = probe_machine(system, {});
  return static_cast<int>(machine.gpus.size() * 0);
}

// SPDX-License-Identifier: MIT
// Machine: what this computer offers a Python ML stack — OS and architecture,
// the C library, compilers and libstdc++, Pythons, the NVIDIA driver and the
// highest CUDA it supports, GPUs with compute capability, CUDA toolkits, and
// cuDNN / NCCL. Every value carries the file or command it was read from.
//
// No GPU, no driver and no toolkit are normal answers: the fields stay empty
// and probe_machine adds an Info note, never an error. Nothing here knows
// which driver supports which CUDA (that is a knowledge-base fact, used by
// the check layer); only what the driver itself reports is recorded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "env/system.h"

namespace mlstack::env {

struct OsInfo {
  std::string id;           // "debian" (/etc/os-release ID)
  std::string version_id;   // "12"
  std::string pretty_name;  // "Debian GNU/Linux 12 (bookworm)"
  std::string kernel;       // "6.1.0-18-amd64"
  std::string arch;         // "x86_64"
};

// A tool or library found on the machine, with where it was found.
struct Component {
  std::string name;     // "gcc", "libstdc++", "python3.11", "cudnn", "nccl"
  std::string version;  // "12", "3.4.30", "3.11", "9.19.0", "2.28.9"
  std::string path;     // the file the version was read from
};

struct DriverInfo {
  std::string version;        // "535.104.05"
  std::string source;         // "/proc/driver/nvidia/version" or "nvidia-smi"
  std::string cuda_version;   // highest CUDA it supports, "12.2"; empty when unknown
  std::string cuda_source;    // "libcuda.so.1 cuDriverGetVersion" or "nvidia-smi"
};

struct Gpu {
  int index = 0;
  std::string name;                // "NVIDIA H100 80GB HBM3"
  std::uint64_t memory_mib = 0;    // 81559
  std::string compute_capability;  // "9.0"; empty when the driver does not report it
};

struct CudaToolkit {
  std::string path;     // "/usr/local/cuda-13.0"
  std::string version;  // "13.0.88"
  std::string source;   // "version.json", "version.txt", "nvcc --version", "cuda_runtime_api.h"
  std::vector<std::string> aliases;  // other paths that resolve here: "/usr/local/cuda"
};

struct Machine {
  OsInfo os;
  std::string libc = "glibc";
  std::string libc_version;          // "2.36"
  std::vector<Component> compilers;  // gcc majors from /usr/lib/gcc/<triplet>/<N>
  std::vector<Component> libstdcxx;  // GLIBCXX level of each libstdc++.so.6.0.N found
  std::vector<Component> pythons;    // /usr/bin/python3.11, ...
  std::optional<DriverInfo> driver;
  std::vector<Gpu> gpus;
  std::string gpu_source;            // the command the GPUs were read from
  std::vector<CudaToolkit> cuda_toolkits;
  std::vector<Component> cuda_libraries;  // cuDNN and NCCL from headers or library names
  std::vector<Finding> findings;          // notes about what is absent or unreadable
};

struct MachineOptions {
  bool run_tools = true;  // nvcc --version, nvidia-smi; off for a pure file read
};

// Probes the machine through `system`. Overrides: MLSTACK_PROC_ROOT (instead
// of /proc), MLSTACK_NVIDIA_SMI (the nvidia-smi to run), CUDA_HOME/CUDA_PATH.
Machine probe_machine(const System& system, const MachineOptions& options = {});

// Parsers for saved outputs, exposed for tests and for readers of saved files.
// "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug ..." -> "535.104.05"
std::optional<std::string> parse_proc_driver_version(std::string_view text);
// `nvidia-smi --query-gpu=index,name,memory.total,compute_cap,driver_version --format=csv,noheader`
std::vector<Gpu> parse_nvidia_smi_gpus(std::string_view csv, std::string* driver_version);
// "CUDA Version: 12.2" from nvidia-smi's banner.
std::optional<std::string> parse_nvidia_smi_cuda(std::string_view text);
// "Cuda compilation tools, release 13.0, V13.0.88" -> "13.0.88"
std::optional<std::string> parse_nvcc_version(std::string_view text);
// 12040 -> "12.4"
std::string cuda_version_from_int(int version);
// `#define NAME 9` in a header.
std::optional<long> header_define(std::string_view header, std::string_view name);
// /etc/os-release key=value, quotes removed.
std::string os_release_value(std::string_view text, std::string_view key);

}  // namespace mlstack::env

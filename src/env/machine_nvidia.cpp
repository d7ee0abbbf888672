// SPDX-License-Identifier: MIT
// NVIDIA driver and GPUs. The kernel module's /proc file names the driver;
// libcuda's cuDriverGetVersion names the highest CUDA it supports (nvidia-smi's
// banner is the fallback); nvidia-smi's CSV query lists the GPUs. nvidia-smi
// is run only when a driver is loaded (or MLSTACK_NVIDIA_SMI names one), so a
// machine without a GPU pays for no process start.
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "env/machine.h"
#include "env/machine_detail.h"

namespace mlstack::env {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool is_version_token(std::string_view token) {
  if (token.empty() || !std::isdigit(static_cast<unsigned char>(token.front()))) return false;
  bool dot = false;
  for (char c : token) {
    if (c == '.') dot = true;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return dot;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (true) {
    std::size_t next = text.find(separator, pos);
    parts.push_back(trim(text.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos)));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return parts;
}

// "81559 MiB" or "81559" -> 81559.
std::uint64_t parse_mib(std::string_view text) {
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// /proc/driver/nvidia/gpus/<bus>/information "Model:  NVIDIA H100 80GB HBM3".
std::vector<Gpu> gpus_from_proc(const System& system, const std::string& proc_root) {
  std::vector<Gpu> gpus;
  std::string dir = proc_root + "/driver/nvidia/gpus";
  auto entries = system.list_dir(dir);
  if (!entries) return gpus;
  for (const DirEntry& entry : *entries) {
    auto text = system.read_file(dir + "/" + entry.name + "/information");
    if (!text) continue;
    Gpu gpu;
    gpu.index = static_cast<int>(gpus.size());
    for (std::string_view line : split(*text, '\n')) {
      if (line.starts_with("Model:")) gpu.name = std::string(trim(line.substr(6)));
      if (line.starts_with("Device Minor:")) gpu.index = std::atoi(std::string(trim(line.substr(13))).c_str());
    }
    gpus.push_back(gpu);
  }
  return gpus;
}

}  // namespace

std::optional<std::string> parse_proc_driver_version(std::string_view text) {
  std::size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  if (!line.starts_with("NVRM version:")) return std::nullopt;
  // The version is the first dotted number after "Kernel Module" (the open
  // module adds "for x86_64" in between).
  std::size_t module = line.find("Kernel Module");
  if (module == std::string_view::npos) return std::nullopt;
  for (std::string_view token : split(line.substr(module + 13), ' '))
    if (is_version_token(token)) return std::string(token);
  return std::nullopt;
}

std::vector<Gpu> parse_nvidia_smi_gpus(std::string_view csv, std::string* driver_version) {
  std::vector<Gpu> gpus;
  for (std::string_view line : split(csv, '\n')) {
    if (line.empty()) continue;
    std::vector<std::string_view> cells = split(line, ',');
    // index, name, memory.total, compute_cap, driver_version — a GPU name may
    // itself hold a comma, so count the fixed cells from the right.
    if (cells.size() < 5) continue;
    std::size_t n = cells.size();
    Gpu gpu;
    gpu.index = std::atoi(std::string(cells[0]).c_str());
    std::string name;
    for (std::size_t i = 1; i + 3 < n; ++i) name += (i > 1 ? ", " : "") + std::string(cells[i]);
    gpu.name = name;
    gpu.memory_mib = parse_mib(cells[n - 3]);
    if (is_version_token(cells[n - 2])) gpu.compute_capability = std::string(cells[n - 2]);
    if (driver_version != nullptr && is_version_token(cells[n - 1])) *driver_version = std::string(cells[n - 1]);
    gpus.push_back(gpu);
  }
  return gpus;
}

std::optional<std::string> parse_nvidia_smi_cuda(std::string_view text) {
  std::size_t at = text.find("CUDA Version:");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = trim(text.substr(at + 13));
  std::size_t end = 0;
  while (end < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[end])) || rest[end] == '.')) ++end;
  if (!is_version_token(rest.substr(0, end))) return std::nullopt;
  return std::string(rest.substr(0, end));
}

std::string cuda_version_from_int(int version) {
  return fmt::format("{}.{}", version / 1000, (version % 1000) / 10);
}

namespace detail {

void probe_nvidia(const System& system, const MachineOptions& options, Machine& machine) {
  std::string proc_root = system.getenv("MLSTACK_PROC_ROOT").value_or("/proc");
  std::string version_file = proc_root + "/driver/nvidia/version";
  auto proc_text = system.read_file(version_file);
  if (proc_text) {
    if (auto version = parse_proc_driver_version(*proc_text)) {
      machine.driver = DriverInfo{*version, version_file, {}, {}};
    } else {
      machine.findings.push_back({"input.nvidia-driver-version", Severity::Warning,
                                  "the NVIDIA driver version file does not name a version",
                                  {Origin::machine(version_file)}, {},
                                  std::string(proc_text->substr(0, proc_text->find('\n')))});
    }
  }

  std::optional<std::string> smi = system.getenv("MLSTACK_NVIDIA_SMI");
  if (!smi && proc_text) smi = find_program(system, "nvidia-smi");
  if (!proc_text && !smi) {
    machine.findings.push_back({"env.no-nvidia-driver", Severity::Info,
                                "no NVIDIA driver is loaded on this machine (no " + version_file + ")",
                                {Origin::machine(version_file)}, {}, {}});
    return;
  }

  if (auto cuda = system.cuda_driver_version()) {
    if (!machine.driver) machine.driver = DriverInfo{};
    machine.driver->cuda_version = cuda_version_from_int(*cuda);
    machine.driver->cuda_source = "libcuda.so.1 cuDriverGetVersion";
  }

  if (smi && options.run_tools) {
    std::string driver_version;
    auto query = system.run({*smi, "--query-gpu=index,name,memory.total,compute_cap,driver_version",
                             "--format=csv,noheader"});
    if (query && query->exit_code == 0) {
      machine.gpus = parse_nvidia_smi_gpus(query->out, &driver_version);
      machine.gpu_source = "nvidia-smi --query-gpu";
    } else {
      // Drivers older than compute_cap's introduction reject the whole query.
      auto fallback = system.run({*smi, "--query-gpu=index,name,memory.total,pci.bus_id,driver_version",
                                  "--format=csv,noheader"});
      if (fallback && fallback->exit_code == 0) {
        machine.gpus = parse_nvidia_smi_gpus(fallback->out, &driver_version);
        machine.gpu_source = "nvidia-smi --query-gpu";
      } else {
        std::string why = !query ? query.error() : fmt::format("exit {}: {}", query->exit_code, trim(query->out + query->err));
        machine.findings.push_back({"env.nvidia-smi-failed", Severity::Warning,
                                    "nvidia-smi could not list the GPUs", {Origin::machine(*smi)}, {}, why});
      }
    }
    if (!driver_version.empty()) {
      if (!machine.driver) machine.driver = DriverInfo{driver_version, "nvidia-smi", {}, {}};
      if (machine.driver->version.empty()) {
        machine.driver->version = driver_version;
        machine.driver->source = "nvidia-smi";
      }
    }
    if (machine.driver && machine.driver->cuda_version.empty()) {
      auto banner = system.run({*smi});
      if (banner && banner->exit_code == 0) {
        if (auto cuda = parse_nvidia_smi_cuda(banner->out)) {
          machine.driver->cuda_version = *cuda;
          machine.driver->cuda_source = "nvidia-smi";
        }
      }
    }
  }
  if (machine.gpus.empty() && proc_text) {
    machine.gpus = gpus_from_proc(system, proc_root);
    if (!machine.gpus.empty()) machine.gpu_source = proc_root + "/driver/nvidia/gpus";
  }
  if (machine.gpus.empty()) {
    machine.findings.push_back({"env.no-gpu", Severity::Info, "no NVIDIA GPU was found",
                                {Origin::machine(smi.value_or(version_file))}, {}, {}});
  }
}

}  // namespace detail
}  // namespace mlstack::env

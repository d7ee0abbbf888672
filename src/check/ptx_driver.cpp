// SPDX-License-Identifier: MIT
#include "check/ptx_driver.h"

#include <filesystem>

#include <fmt/format.h>

namespace mlstack::check {

PtxDriverNeed ptx_driver_need(std::string_view isa, const kb::KnowledgeBase& kb) {
  PtxDriverNeed need;
  need.isa = std::string(isa);
  auto version = pep::Version::parse(isa);
  const kb::PtxIsa* row = version ? kb.ptx_isa(*version) : nullptr;
  if (row == nullptr) return need;  // unknown ISA: no neighbour's answer is borrowed
  // The kb's driver rows start at CUDA 11.0: older ISAs keep an unknown driver.
  need.cuda = row->cuda;
  need.sources.push_back(row->fact.origin());
  if (const kb::CudaToolkit* toolkit = kb.cuda_toolkit_at_least(row->cuda)) {
    need.driver_linux = toolkit->driver_linux_text;
    need.driver_cuda = toolkit->version;
    need.sources.push_back(toolkit->fact.origin());
  }
  return need;
}

namespace {

// Whether the toolkit row the driver came from is the needed CUDA's own.
bool driver_is_minimum(const PtxDriverNeed& need) {
  if (!need.cuda || !need.driver_cuda) return false;
  auto a = need.cuda->release();
  auto b = need.driver_cuda->release();
  return a[0] == b[0] && (a.size() > 1 ? a[1] : 0) == (b.size() > 1 ? b[1] : 0);
}

}  // namespace

std::string describe(const PtxDriverNeed& need) {
  if (!need.cuda) return fmt::format("PTX ISA {} is not in the knowledge base: the driver it needs is unknown", need.isa);
  std::string driver;
  if (need.driver_linux.empty()) driver = "minimum Linux driver unknown";
  else if (driver_is_minimum(need)) driver = "Linux driver >= " + need.driver_linux;
  else
    driver = fmt::format("Linux driver >= {} is enough: the minimum of CUDA {}, the next toolkit of that major", need.driver_linux,
                         need.driver_cuda->str());
  return fmt::format("PTX ISA {} needs a driver for CUDA {} or newer ({})", need.isa, need.cuda->str(), driver);
}

DriverCuda driver_cuda(const pep::Platform& platform, const kb::KnowledgeBase& kb) {
  DriverCuda out;
  if (platform.driver_cuda) {
    out.cuda = platform.driver_cuda;
  } else if (platform.driver_version) {
    if (const kb::CudaToolkit* toolkit = kb.highest_cuda_for_driver(*platform.driver_version)) {
      out.cuda = toolkit->version;
      out.source = toolkit->fact.origin();
    }
  }
  return out;
}

const char* to_string(DriverVerdict verdict) {
  switch (verdict) {
    case DriverVerdict::Enough: return "enough";
    case DriverVerdict::TooOld: return "too-old";
    case DriverVerdict::Unknown: return "unknown";
  }
  return "unknown";
}

DriverVerdict judge(const PtxDriverNeed& need, const DriverCuda& machine) {
  if (!need.cuda || !machine.cuda) return DriverVerdict::Unknown;
  if (*machine.cuda >= *need.cuda) return DriverVerdict::Enough;
  // A CUDA version derived from the driver's number is the highest toolkit
  // row it meets; a CUDA version with no toolkit row (12.7) sits between two
  // rows, so a driver derived as 12.6 may well support it: not provable.
  if (machine.source && !driver_is_minimum(need)) return DriverVerdict::Unknown;
  return DriverVerdict::TooOld;
}

std::vector<GpuKernels> gpu_kernels(const binary::FatbinListing& listing,
                                    const std::vector<binary::ComputeCapability>& gpus, const DriverCuda& machine,
                                    const kb::KnowledgeBase& kb, bool library) {
  std::vector<GpuKernels> out;
  if (!binary::has_gpu_code(listing)) return out;  // no GPU code (or only kernel-less stubs): nothing to judge
  for (const auto& cc : gpus) {
    binary::GpuVerdict verdict = library ? binary::evaluate_library(listing, cc) : binary::evaluate(listing, cc);
    GpuKernels kernels{cc,
                       verdict.support,
                       std::nullopt,
                       DriverVerdict::Unknown,
                       verdict.native_fatbins + verdict.jit_fatbins + verdict.missing_fatbins,
                       verdict.native_fatbins + verdict.jit_fatbins};
    if (verdict.support == binary::KernelSupport::PtxJit) {
      kernels.ptx = ptx_driver_need(verdict.ptx_isa, kb);
      kernels.driver = judge(*kernels.ptx, machine);
    }
    out.push_back(std::move(kernels));
  }
  return out;
}

std::vector<Finding> ptx_driver_findings(const std::string& module_path, const std::vector<GpuKernels>& gpus,
                                         const DriverCuda& machine, const Origin& machine_origin,
                                         const std::optional<Origin>& owner, std::string_view owner_name) {
  std::vector<Finding> out;
  const std::string name = std::filesystem::path(module_path).filename().string();
  for (const GpuKernels& gpu : gpus) {
    if (gpu.driver != DriverVerdict::TooOld || !gpu.ptx) continue;
    const PtxDriverNeed& need = *gpu.ptx;
    Finding finding;
    finding.rule = std::string(k_rule_ptx_driver_too_old);
    finding.severity = Severity::Error;
    finding.message = fmt::format(
        "{} runs on compute capability {} only through PTX JIT, and its PTX (ISA {}) needs a driver for CUDA {} or "
        "newer, but this driver supports CUDA {}: its kernels cannot load (\"the provided PTX was compiled with an "
        "unsupported toolchain\")",
        name, binary::to_string(gpu.cc), need.isa, need.cuda->str(), machine.cuda->str());
    finding.origins.push_back(Origin::file(module_path));
    if (owner) finding.origins.push_back(*owner);
    finding.origins.push_back(machine_origin);
    if (machine.source) finding.origins.push_back(*machine.source);
    finding.origins.insert(finding.origins.end(), need.sources.begin(), need.sources.end());
    const std::string driver =
        need.driver_linux.empty() ? fmt::format("one that supports CUDA {}", need.cuda->str())
                                  : fmt::format("{} or newer (CUDA {})", need.driver_linux, need.driver_cuda->str());
    finding.fix = fmt::format("upgrade the NVIDIA driver to {}, or install a build of {} with SASS for sm_{}{}", driver,
                              owner_name.empty() ? name : std::string(owner_name), gpu.cc.major, gpu.cc.minor);
    finding.detail = describe(need);
    out.push_back(std::move(finding));
  }
  return out;
}

}  // namespace mlstack::check

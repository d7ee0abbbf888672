// SPDX-License-Identifier: MIT
// What PTX JIT needs of the driver. A library that runs on a GPU only through
// PTX JIT loads there only if the driver understands the PTX ISA version its
// PTX was written in; an older driver fails every launch with "the provided
// PTX was compiled with an unsupported toolchain". src/binary reports the ISA
// (GpuVerdict::ptx_isa) and holds no version facts; the knowledge base maps
// the ISA to the minimal CUDA version (ptx.toml) and that CUDA version to its
// minimum Linux driver (cuda.toml). This file joins the two.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "binary/fatbin.h"
#include "binary/gpu_support.h"
#include "core/finding.h"
#include "kb/knowledge_base.h"
#include "pep/platform.h"

namespace mlstack::check {

inline constexpr std::string_view k_rule_ptx_driver_too_old = "binary.ptx-driver-too-old";

// The kb's answer for one PTX ISA version. Values, not kb pointers, so that
// a scan outlives the kb it was made with.
struct PtxDriverNeed {
  std::string isa;                  // "9.0", as the fatbin records it
  std::optional<pep::Version> cuda;  // minimal CUDA that loads it; none: the kb does not know the ISA
  // Minimum Linux driver of the GA toolkit `driver_cuda` (as NVIDIA writes it,
  // "580.65.06"). `driver_cuda` is `cuda` itself, or for a CUDA version with
  // no toolkit row (12.7) the next one: then the driver is enough, not proven
  // minimal. Both empty when the kb has no such toolkit.
  std::string driver_linux;
  std::optional<pep::Version> driver_cuda;
  std::vector<Origin> sources;  // kb:ptx:<isa> and kb:cuda:<version>
};

PtxDriverNeed ptx_driver_need(std::string_view isa, const kb::KnowledgeBase& kb);

// "needs a driver for CUDA 13.0 or newer (Linux >= 580.65.06)"; says so when
// the ISA or the driver is unknown.
std::string describe(const PtxDriverNeed& need);

// The highest CUDA the machine's driver supports: as the driver reports it,
// else from its version through the kb (cuda.toml, cited in `source`).
struct DriverCuda {
  std::optional<pep::Version> cuda;
  std::optional<Origin> source;  // the kb row, when derived
};
DriverCuda driver_cuda(const pep::Platform& platform, const kb::KnowledgeBase& kb);

enum class DriverVerdict { Enough, TooOld, Unknown };
const char* to_string(DriverVerdict verdict);  // "enough", "too-old", "unknown"

// Whether a driver supporting CUDA `machine` loads PTX that needs `need`.
DriverVerdict judge(const PtxDriverNeed& need, const DriverCuda& machine);

// One machine GPU's verdict over a module's fatbins, with the driver need
// when the GPU runs the module only through PTX JIT.
struct GpuKernels {
  binary::ComputeCapability cc;
  binary::KernelSupport support = binary::KernelSupport::None;
  std::optional<PtxDriverNeed> ptx;  // set when support is PtxJit
  DriverVerdict driver = DriverVerdict::Unknown;
  std::size_t fatbins = 0;           // fatbins of the file
  std::size_t fatbins_with_code = 0; // of those, with SASS or PTX for the GPU
};

// `library`: judge as binary::evaluate_library() does (fatbins together), not
// as evaluate() does for an extension module (each fatbin on its own).
std::vector<GpuKernels> gpu_kernels(const binary::FatbinListing& listing,
                                    const std::vector<binary::ComputeCapability>& gpus, const DriverCuda& machine,
                                    const kb::KnowledgeBase& kb, bool library = false);

// binary.ptx-driver-too-old for each GPU whose PTX-only kernels the driver
// cannot load. `owner` is the installing distribution, when known.
std::vector<Finding> ptx_driver_findings(const std::string& module_path, const std::vector<GpuKernels>& gpus,
                                         const DriverCuda& machine, const Origin& machine_origin,
                                         const std::optional<Origin>& owner, std::string_view owner_name);

}  // namespace mlstack::check

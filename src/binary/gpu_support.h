// SPDX-License-Identifier: MIT
// Which GPUs can run the kernels of a fatbin listing: natively (a matching
// SASS cubin), only through the driver's PTX JIT, or not at all ("no kernel
// image is available for execution on the device").
//
// The rules, from the CUDA C++ Programming Guide ("Binary Compatibility",
// "PTX Compatibility" and "Feature Availability" on architecture- and
// family-specific targets), summarised with sources in kb gpu_arch.json
// (binary_compatibility):
// - SASS sm_XY runs on compute capability X.Z for Z >= Y, never across majors.
// - SASS sm_XYa (architecture-specific) runs only on exactly X.Y.
// - SASS sm_XYf (family-specific) runs on the family: X.Z for Z >= Y.
// - PTX compute_XY can be JIT-compiled for any X'.Y' >= X.Y, provided the
//   driver understands its PTX ISA version; compute_XYa only for X.Y;
//   compute_XYf for X.Z with Z >= Y.
// Which driver a PTX ISA version needs is a fact about CUDA releases and lives
// in the knowledge base; here the PTX ISA version is only reported.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "binary/fatbin.h"

namespace mlstack::binary {

struct ComputeCapability {
  unsigned major = 0;
  unsigned minor = 0;
  auto operator<=>(const ComputeCapability&) const = default;
};

// "8.6" or "86" or "sm_86" -> {8, 6}.
std::optional<ComputeCapability> parse_compute_capability(std::string_view text);
std::string to_string(ComputeCapability cc);  // "8.6"
ComputeCapability compute_capability_of(const FatbinEntry& entry);  // arch 100 -> 10.0

enum class KernelSupport {
  Native,   // every fatbin has SASS that runs on the GPU
  PtxJit,   // every fatbin runs, some only through PTX JIT
  Partial,  // some fatbins have nothing for the GPU
  None,     // no fatbin has anything for the GPU
};
const char* to_string(KernelSupport support);  // "native", "ptx-jit", "partial", "none"

// Whether one entry can run on a GPU of compute capability `cc`.
bool sass_runs_on(const FatbinEntry& entry, ComputeCapability cc);
bool ptx_jits_for(const FatbinEntry& entry, ComputeCapability cc);

struct GpuVerdict {
  ComputeCapability cc;
  KernelSupport support = KernelSupport::None;
  std::size_t native_fatbins = 0;
  std::size_t jit_fatbins = 0;
  std::size_t missing_fatbins = 0;
  // Highest PTX ISA version the JIT would need, "9.0"; empty without JIT.
  std::string ptx_isa;
};

// The verdict for one GPU over a file's fatbins (a file without fatbins has
// no GPU code and gets Native: nothing of it can fail to find a kernel).
// Entries marked no_code (mark_codeless_cubins) are skipped, and a fatbin
// holding only such entries is not counted.
GpuVerdict evaluate(const FatbinListing& listing, ComputeCapability cc);

// The verdict for one GPU over the fatbins of a shared library that is not an
// extension module. Libraries split their kernels by architecture across
// fatbins and pick the set for the GPU at run time: of CUDA 13.0's cuBLAS, 2
// of 193 fatbins have no code for sm_80, of cuBLASLt 2,300 of 2,782 have none
// for sm_86 (sets for sm_90a, sm_100, sm_120f...), and both run there. A
// fatbin without code for the GPU is then another arch's kernel set, not a
// gap, so the fatbins are judged together: Native when some fatbin has SASS
// that runs on the GPU, PtxJit when none has but some has PTX the driver can
// JIT for it (ptx_isa: the highest ISA among those), None when no fatbin has
// anything for it; never Partial. The counts are evaluate()'s.
GpuVerdict evaluate_library(const FatbinListing& listing, ComputeCapability cc);

// The verdicts for a list of compute capabilities (the knowledge base's
// list of real GPUs, say), grouped: which run every kernel natively, which
// need PTX JIT for some, which lack kernels in some or all fatbins.
struct GpuCoverage {
  std::vector<ComputeCapability> native;
  std::vector<ComputeCapability> ptx_jit;
  std::vector<ComputeCapability> partial;
  std::vector<ComputeCapability> none;
};
GpuCoverage coverage(const FatbinListing& listing, const std::vector<ComputeCapability>& candidates);

// Distinct targets of a listing in a stable order ("sm_80", "sm_90", "compute_90").
std::vector<std::string> distinct_targets(const FatbinListing& listing);

}  // namespace mlstack::binary

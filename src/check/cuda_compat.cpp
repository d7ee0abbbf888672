// SPDX-License-Identifier: MIT
#include "check/cuda_compat.h"

#include <algorithm>

#include <fmt/format.h>

#include "check/ptx_driver.h"

namespace mlstack::check {
namespace {

std::uint64_t major_of(const pep::Version& v) { return v.release()[0]; }

std::string major_minor(const pep::Version& v) {
  auto r = v.release();
  return fmt::format("{}.{}", r[0], r.size() > 1 ? r[1] : 0);
}

// A GPU whose compute capability has no SASS in the arch list but is covered
// by the list's PTX: the driver must JIT-compile the PTX (SASS for X.Y runs
// on X.Z, Z >= Y, of the same major only).
bool needs_ptx_jit(const kb::TorchArchList& list, int cc) {
  const std::uint64_t major = static_cast<std::uint64_t>(cc / 10), minor = static_cast<std::uint64_t>(cc % 10);
  for (const pep::Version& arch : list.archs) {
    auto r = arch.release();
    if (r[0] == major && (r.size() > 1 ? r[1] : 0) <= minor) return false;
  }
  if (!list.ptx || list.archs.empty()) return false;  // no kernel at all: torch.arch-missing says so
  const pep::Version& highest = *std::max_element(list.archs.begin(), list.archs.end());
  auto h = highest.release();
  return cc > static_cast<int>(h[0] * 10 + (h.size() > 1 ? h[1] : 0));
}

}  // namespace

CudaCompat judge_cuda_compat(const kb::KnowledgeBase& kb, const Stack& stack, const pep::Version& needed,
                             const kb::TorchArchList* arch_list) {
  CudaCompat out;
  DriverCuda driver = driver_cuda(stack.platform, kb);
  if (!driver.cuda) return out;
  out.driver_cuda = major_minor(*driver.cuda);
  if (driver.source) out.sources.push_back(*driver.source);
  else if (stack.driver_cuda_origin) out.sources.push_back(*stack.driver_cuda_origin);
  if (*driver.cuda >= needed) {
    out.kind = CudaCompat::Kind::Full;
    return out;
  }
  const int major = static_cast<int>(major_of(needed));
  const kb::CudaFamily* family = kb.cuda_family(major);
  if (major_of(*driver.cuda) != major_of(needed) || family == nullptr || major < 11) {
    out.kind = CudaCompat::Kind::MajorGap;
    out.explanation = fmt::format(
        "CUDA minor version compatibility stays within one major: a CUDA {} build needs a driver of the CUDA {} family, "
        "and this one supports CUDA {}",
        major_minor(needed), major, out.driver_cuda);
    return out;
  }
  out.sources.push_back(family->fact.origin());
  if (stack.platform.driver_version && *stack.platform.driver_version < family->min_driver_linux) {
    out.kind = CudaCompat::Kind::BelowFamily;
    out.explanation = fmt::format("CUDA {}.x minor version compatibility needs Linux driver >= {}", major,
                                  family->min_driver_linux_text);
    return out;
  }
  if (arch_list != nullptr) {
    for (int cc : stack.platform.gpu_compute_capabilities) {
      if (!needs_ptx_jit(*arch_list, cc)) continue;
      out.kind = CudaCompat::Kind::PtxJit;
      out.sources.push_back(arch_list->fact.origin());
      out.explanation = fmt::format(
          "the build has no SASS for sm_{} and runs there only by JIT-compiling its CUDA {} PTX, which a driver for "
          "CUDA {} cannot do: minor version compatibility excludes PTX JIT of a newer toolkit's PTX",
          cc, major_minor(needed), out.driver_cuda);
      return out;
    }
  }
  out.kind = CudaCompat::Kind::Limited;
  out.explanation = fmt::format(
      "it runs through CUDA minor version compatibility (a CUDA {}.x build on a driver of the {}.x family, Linux >= "
      "{}), with a limited feature set: APIs that need a newer driver fail with cudaErrorCallRequiresNewerDriver, and "
      "PTX newer than CUDA {} cannot be JIT-compiled",
      major, major, family->min_driver_linux_text, out.driver_cuda);
  return out;
}

}  // namespace mlstack::check

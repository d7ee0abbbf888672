// SPDX-License-Identifier: MIT
// CUDA minor version compatibility (NVIDIA, "CUDA Compatibility", Minor
// Version Compatibility): from CUDA 11 on, a program built with any toolkit
// of a CUDA major runs on a driver of that major's family (kb/cuda.toml
// [[family]]: 11.x >= 450.80.02, 12.x >= 525, 13.x >= 580) even when the
// driver's own CUDA is older, with a limited feature set:
//   - APIs that need the newer driver return cudaErrorCallRequiresNewerDriver;
//   - PTX the newer toolkit wrote cannot be JIT-compiled by the older driver
//     (cudaErrorUnsupportedPtxVersion), so a GPU that only has PTX in the
//     build has no kernel at all.
// So a cu128 torch on a 535 driver (CUDA 12.2) works with limits, a cu128
// torch on a 470 driver (CUDA 11.4) does not work at all.
#pragma once

#include <string>
#include <vector>

#include "check/stack.h"
#include "core/origin.h"
#include "kb/knowledge_base.h"

namespace mlstack::check {

struct CudaCompat {
  enum class Kind {
    Full,       // the driver supports the build's CUDA itself
    Limited,    // minor version compatibility: runs, with the limits above
    MajorGap,   // the driver's CUDA is of an older major: cannot run
    BelowFamily,  // same major, but the driver is older than the family's floor
    PtxJit,     // same major, but a GPU has only PTX in the build: no kernel
    Unknown,    // the driver's CUDA is unknown
  };
  Kind kind = Kind::Unknown;
  std::string driver_cuda;     // "12.2"
  std::string explanation;     // one or two sentences for the finding
  std::vector<Origin> sources;  // kb:cuda-family:12, kb:cuda:12.2, kb:torch.arch:...
};

// Whether `package` at `version` (a build of torch or a companion for CUDA
// `needed`, "12.8") runs on the stack's driver. `arch_list` is the build's
// TORCH_CUDA_ARCH_LIST when known, to tell whether a GPU needs PTX JIT.
CudaCompat judge_cuda_compat(const kb::KnowledgeBase& kb, const Stack& stack, const pep::Version& needed,
                             const kb::TorchArchList* arch_list);

}  // namespace mlstack::check

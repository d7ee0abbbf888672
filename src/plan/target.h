// SPDX-License-Identifier: MIT
// The machine a plan is for: this computer, a saved environment
// (`mlstack env --format json` run on the GPU node), or a description on
// the command line:
//
//   --target gpu=A100,driver=535.104.05,python=3.10,glibc=2.35
//
// Accepted fields (docs/plan.md): gpu (a name the kb knows, "+"-joined for
// several), sm (a compute capability instead of a name), driver (the NVIDIA
// driver version), cuda (the highest CUDA the driver supports, instead of
// driver), python, glibc, arch, os, toolkit (nvcc, only read by builds).
// GPU names go through the kb to a compute capability and the driver to
// its highest CUDA; each such step is kept as a sentence with its source,
// so a plan can say why it chose what it chose.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "core/origin.h"
#include "env/machine.h"
#include "kb/knowledge_base.h"
#include "pep/platform.h"

namespace mlstack::plan {

struct TargetGpu {
  std::string name;   // as given or reported ("A100", "NVIDIA H100 80GB HBM3")
  pep::Version cc;    // 8.0
  std::string kb_name;  // the kb's spelling, when the name was looked up
  Origin origin;      // the kb row, or where the machine reported it
};

struct PlanTarget {
  pep::Platform platform;
  std::vector<TargetGpu> gpus;
  std::string driver;       // "535.104.05" as given; empty when none
  Origin driver_cuda_fact;  // the kb row that maps the driver to its CUDA
  std::string where;        // "--target ...", "this machine", "node.json"
  // Sentences a reader needs to trust the target: "driver 535.104.05
  // supports CUDA 12.2 at most (cuda.toml: cuda:12.2)", defaults assumed.
  std::vector<std::string> notes;

  bool has_gpu() const { return !gpus.empty(); }
  // "NVIDIA A100 (sm_80), driver 535.104.05 (CUDA ≤ 12.2), CPython 3.10, glibc 2.35, linux x86_64"
  std::string describe() const;
};

// Why a --target string was refused: the message lists the accepted
// fields, or the kb GPU names nearest to an unknown one.
struct TargetError {
  std::string message;
};

// Parses --target. A usage error (exit 2) when a field is unknown, a
// version does not parse, a GPU name is not in the kb, or a GPU is given
// without the driver (or cuda) that decides which CUDA builds run on it.
Expected<PlanTarget, TargetError> parse_target_spec(std::string_view text, const kb::KnowledgeBase& kb);

// The target a probed machine and its Python make (this machine, or a
// saved environment): GPUs and driver as reported, CUDA of the driver from
// the kb when the driver did not say.
PlanTarget target_from_machine(const env::Machine& machine, const pep::Platform& platform,
                               const kb::KnowledgeBase& kb, std::string where);

// The three kb GPU names nearest to `name` (for "unknown GPU" messages).
std::vector<std::string> nearest_gpu_names(std::string_view name, const kb::KnowledgeBase& kb);

}  // namespace mlstack::plan

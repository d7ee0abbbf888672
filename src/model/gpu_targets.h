// SPDX-License-Identifier: MIT
// The GPUs a fit is judged against, with the memory each has and where that
// figure comes from: a kb [[memory]] row (nvidia-smi output cited by its
// source), the machine's own nvidia-smi (live or saved with --env-file), or
// a size the user states (--gpu NAME=SIZE).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "kb/knowledge_base.h"
#include "model/fit.h"

namespace mlstack::model {

// `--gpu NAME` (kb rows matching the name; all of them when the name is
// ambiguous, as "A100" is) or `--gpu NAME=SIZE` ("my-card=24GiB"). Fails with
// the known names when nothing matches.
Expected<std::vector<GpuSpec>, std::string> gpus_from_option(const kb::KnowledgeBase& kb, std::string_view option);

// The kb rows of GPUs with compute capability `cc` (86 for 8.6), for --target sm=86.
std::vector<GpuSpec> gpus_with_compute_capability(const kb::KnowledgeBase& kb, int cc);

// A GPU reported by nvidia-smi: `memory_mib` is its memory.total; `probe`
// says where it was read ("nvidia-smi", "--env-file saved.json").
GpuSpec gpu_from_machine(std::string name, std::uint64_t memory_mib, std::string probe);

}  // namespace mlstack::model

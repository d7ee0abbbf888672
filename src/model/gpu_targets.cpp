// SPDX-License-Identifier: MIT
#include "model/gpu_targets.h"

#include <fmt/format.h>

#include "model/units.h"

namespace mlstack::model {

namespace {

constexpr std::uint64_t k_mib = 1024 * 1024;

GpuSpec from_row(const kb::GpuMemory& row, std::string asked) {
  GpuSpec spec;
  spec.name = row.name;
  spec.memory_bytes = row.memory_mib * k_mib;
  spec.memory_from = fmt::format("kb {} ({} MiB, nvidia-smi memory.total)", row.fact.id, row.memory_mib);
  spec.origin = row.fact.origin();
  if (asked != row.name) spec.asked = std::move(asked);
  return spec;
}

}  // namespace

Expected<std::vector<GpuSpec>, std::string> gpus_from_option(const kb::KnowledgeBase& kb, std::string_view option) {
  if (auto eq = option.rfind('='); eq != std::string_view::npos) {
    std::string_view name = option.substr(0, eq);
    std::string_view size = option.substr(eq + 1);
    auto bytes = parse_size(size);
    if (name.empty() || !bytes)
      return unexpected(fmt::format("--gpu `{}`: expected NAME or NAME=SIZE with SIZE like 24GiB, 80GB or 81559MiB",
                                    option));
    GpuSpec spec;
    spec.name = std::string(name);
    spec.memory_bytes = *bytes;
    spec.memory_from = fmt::format("--gpu {}", option);
    spec.origin = Origin::machine(fmt::format("--gpu {}", option));
    return std::vector<GpuSpec>{spec};
  }
  std::vector<GpuSpec> out;
  for (const kb::GpuMemory* row : kb.gpu_memory(option)) out.push_back(from_row(*row, std::string(option)));
  if (out.empty()) {
    std::vector<std::string> names;
    for (const auto& row : kb.gpu_memories) names.push_back(row.name);
    return unexpected(fmt::format("--gpu `{}`: no GPU of that name in the knowledge base (it knows {}); give its "
                                  "memory as --gpu '{}=SIZE'",
                                  option, fmt::join(names, ", "), option));
  }
  return out;
}

std::vector<GpuSpec> gpus_with_compute_capability(const kb::KnowledgeBase& kb, int cc) {
  std::vector<GpuSpec> out;
  auto version = pep::Version::parse(fmt::format("{}.{}", cc / 10, cc % 10));
  if (!version) return out;
  for (const kb::GpuMemory* row : kb.gpu_memories_with_cc(*version))
    out.push_back(from_row(*row, fmt::format("sm_{}", cc)));
  return out;
}

GpuSpec gpu_from_machine(std::string name, std::uint64_t memory_mib, std::string probe) {
  GpuSpec spec;
  spec.name = std::move(name);
  spec.memory_bytes = memory_mib * k_mib;
  spec.memory_from = fmt::format("{} ({} MiB memory.total)", probe, memory_mib);
  spec.origin = Origin::machine(probe);
  return spec;
}

}  // namespace mlstack::model

// SPDX-License-Identifier: MIT
// KnowledgeBase: the loaded fact tables and the typed questions rules ask of
// them. Every answer points at its row, whose Fact gives the origin to cite.
// Queries never guess: when the tables do not hold an answer they return
// nullptr / nullopt / an empty list.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb/facts.h"

namespace mlstack::kb {

// How a flash-attn wheel's existence is known.
struct WheelEvidence {
  enum class Kind { Matrix, Observed };
  Kind kind = Kind::Matrix;
  const Fact* fact = nullptr;
};

// The GPU a name refers to, and the row that says so.
struct GpuMatch {
  const GpuArch* arch = nullptr;
  std::string matched_name;  // the kb's spelling, "GeForce RTX 4090"
};

class KnowledgeBase {
 public:
  std::vector<TorchRelease> torch_releases;
  std::vector<TorchAbiRule> torch_abi_rules;
  std::vector<TorchArchList> torch_arch_lists;
  std::vector<TorchExtensionCheck> torch_extension_checks;
  std::vector<CudaToolkit> cuda_toolkits;
  std::vector<CudaFamily> cuda_families;
  std::vector<PtxIsa> ptx_isas;
  std::vector<GpuArch> gpu_archs;
  std::vector<GpuFeature> gpu_features;
  std::vector<CudaTarget> cuda_targets;
  std::vector<GpuMemory> gpu_memories;
  std::vector<GpuOverhead> gpu_overheads;
  std::vector<FlashAttnRelease> flash_attn_releases;
  std::vector<FlashAttnBuild> flash_attn_builds;
  std::vector<FlashAttnObserved> flash_attn_observed;
  std::vector<CouplingRule> coupling_rules;
  std::vector<PackageRelease> package_releases;
  std::vector<NumpyAbiRule> numpy_abi_rules;

  // --- torch -------------------------------------------------------------
  // The release row for a version; the local label (+cu121) is ignored.
  const TorchRelease* torch_release(const pep::Version& version) const;
  // The release whose matching torchvision / torchaudio is `version` (local ignored).
  const TorchRelease* torch_release_for_torchvision(const pep::Version& version) const;
  const TorchRelease* torch_release_for_torchaudio(const pep::Version& version) const;
  // Whether the official Linux build of torch `version` for `variant` ("cu126",
  // "cpu", "" for the PyPI build) uses the C++11 ABI.
  const TorchAbiRule* torch_cxx11abi(const pep::Version& version, std::string_view variant) const;
  // TORCH_CUDA_ARCH_LIST of the official wheel for torch `version` and `variant`.
  const TorchArchList* torch_arch_list(const pep::Version& version, std::string_view variant) const;
  // How torch.utils.cpp_extension of torch `version` compares nvcc with the
  // CUDA torch was built with, or nullptr when the kb has no row for it.
  const TorchExtensionCheck* torch_extension_check(const pep::Version& version) const;

  // --- CUDA and the driver ------------------------------------------------
  // The GA row of a CUDA version ("12.1" or "12.1.105": major.minor is used).
  const CudaToolkit* cuda_toolkit(const pep::Version& cuda) const;
  // The highest CUDA major.minor a Linux driver supports (what nvidia-smi
  // calls "CUDA Version"): of the GA toolkits, the newest whose minimum
  // driver (Table 3) is of the driver's branch or an older one. The branch is
  // the first number of the version (R535 for 535.183.01, or "535" alone):
  // every driver of a branch reports the same CUDA version (NVIDIA's data
  // center release notes list CUDA 12.2 for each R535 driver, 535.54.03 to
  // 535.288.01), so 535.43.02 and "535" both give 12.2, not 12.1.
  const CudaToolkit* highest_cuda_for_driver(const pep::Version& driver) const;
  const CudaFamily* cuda_family(int major) const;
  // The GA row of the lowest CUDA minor of the same major at or above `cuda`.
  // For a CUDA version with a toolkit row this is cuda_toolkit(cuda); for one
  // that only drivers report (12.7) it is the next toolkit of that major,
  // whose minimum driver is then enough but not proven minimal. Never another
  // major: CUDA 2.0 gets nullptr, not 11.0.
  const CudaToolkit* cuda_toolkit_at_least(const pep::Version& cuda) const;

  // --- PTX ----------------------------------------------------------------
  // The row of a PTX ISA version ("8.7"): the minimal CUDA whose driver loads
  // it. An ISA the table lacks gives nullptr, never a neighbour's answer.
  const PtxIsa* ptx_isa(const pep::Version& isa) const;

  // --- GPUs ---------------------------------------------------------------
  const GpuArch* gpu_arch(const pep::Version& compute_capability) const;
  // Accepts "sm_86", "sm86", "86", "8.6".
  const GpuArch* gpu_arch(std::string_view compute_capability) const;
  // Looks a marketing name up ("NVIDIA GeForce RTX 4090", "Tesla T4",
  // "NVIDIA A100-SXM4-80GB"): case-insensitive, longest kb name that appears
  // in `name` as whole words.
  std::optional<GpuMatch> gpu_by_name(std::string_view name) const;
  const GpuFeature* gpu_feature(std::string_view name) const;
  // The memory rows a name refers to, compared as words without case or the
  // vendor words (nvidia, geforce, tesla): the rows whose whole name lies in
  // the query, most specific first ("NVIDIA A100-SXM4-80GB" is the A100 80GB
  // row), else every row that holds all of the query's words ("A100" gives
  // both A100 rows). Empty when nothing matches.
  std::vector<const GpuMemory*> gpu_memory(std::string_view name) const;
  // The memory rows of GPUs with this compute capability.
  std::vector<const GpuMemory*> gpu_memories_with_cc(const pep::Version& compute_capability) const;
  const GpuOverhead* gpu_overhead(std::string_view id) const;

  // --- flash-attn ---------------------------------------------------------
  const FlashAttnRelease* flash_attn_release(const pep::Version& version) const;
  // The build rows of `version` (local label ignored), in row order; from
  // the index that index_rows() makes.
  std::vector<const FlashAttnBuild*> flash_attn_builds_for(const pep::Version& version) const;
  // Whether the prebuilt wheel with this label and interpreter exists:
  // cuda_tag "cu122"/"cu12", torch minor "2.3", python "3.10".
  std::optional<WheelEvidence> flash_attn_wheel(const pep::Version& version, std::string_view cuda_tag,
                                                std::string_view torch_minor, bool cxx11abi,
                                                std::string_view python) const;

  // --- releases -----------------------------------------------------------
  // Every release of `name` (any spelling) the kb knows, as public versions,
  // sorted and unique: torch, torchvision and torchaudio from torch.toml,
  // flash-attn from flash_attn.toml, and packages.toml for all.
  std::vector<pep::Version> releases_of(std::string_view name) const;
  // Whether releases_of(name) is every release between its first and last
  // (torch and its companions, flash-attn): then "no release of that range
  // satisfies it" is a fact, not a gap in the table.
  bool lists_every_release(std::string_view name) const;

  // --- packages -----------------------------------------------------------
  // A known release of `name` (any spelling) at `version` (local ignored): from
  // packages.toml, or torch.toml / flash_attn.toml for torch and flash-attn.
  std::optional<Fact> known_release(std::string_view name, const pep::Version& version,
                                    std::optional<std::string>* date = nullptr) const;
  std::vector<const PackageRelease*> package_releases_of(std::string_view name) const;

  // --- coupling rules -----------------------------------------------------
  // Rules whose `when` names this package (canonical comparison).
  std::vector<const CouplingRule*> rules_when(std::string_view name) const;

  // --- NumPy's C ABI -----------------------------------------------------
  // The NumPy releases a module compiled with `headers` (1 or 2) runs under.
  const NumpyAbiRule* numpy_abi(int headers) const;

  // Total rows, for `mlstack kb list`.
  std::size_t row_count() const;

  // Indexes the rows looked up by version for every candidate a plan weighs
  // (flash-attn's ~450 build rows, asked several times per wheel): load()
  // calls it once the tables are read; code that fills or changes those
  // tables itself calls it after.
  void index_rows();

 private:
  // flash_attn_builds' row indices by public version, each list in row order.
  std::map<pep::Version, std::vector<std::size_t>> m_flash_attn_builds_by_version;
};

}  // namespace mlstack::kb

// SPDX-License-Identifier: MIT
// The knowledge base's rows, one struct per kb/*.toml table. Every row carries
// a Fact: its stable id, where it was researched (`source`) and where it was
// read (file:line), so that a finding built on it can cite it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/origin.h"
#include "pep/requirement.h"
#include "pep/version.h"

namespace mlstack::kb {

struct Fact {
  std::string id;          // "torch:2.3.0", "cuda:12.1", "coupling:transformers4-hub-lt1"
  std::string source;      // repository file at a commit, or a document
  std::string confidence;  // "high", "medium", "low"; empty when the row does not say
  std::string file;        // "torch.toml" (embedded) or the --kb path
  std::size_t line = 0;

  Origin origin() const { return Origin::fact(id, source); }
};

// torch.toml [[release]]: one PyTorch patch release.
struct TorchRelease {
  Fact fact;
  pep::Version version;
  std::optional<std::string> date;  // YYYY-MM-DD
  std::string date_source;
  std::vector<std::string> python;               // "3.10", supported CPython versions
  std::vector<std::string> python_freethreaded;  // "3.13" for a cp313t build
  std::vector<std::string> cuda;                 // "cu121" index variants
  std::string cuda_extra_source;                 // where variants beyond the release matrix were seen
  std::vector<std::string> rocm;
  std::string pypi_cuda;  // CUDA variant of the plain PyPI wheel on Linux x86_64
  std::string pypi_cuda_source;
  std::optional<pep::Version> torchvision;
  std::optional<pep::Version> torchaudio;
  std::string torchaudio_note;
  std::string domain_source;
  std::optional<pep::Version> triton;
  std::string triton_marker;  // PEP 508 marker of the Requires-Dist line, when recorded
  std::string triton_marker_source;
  std::string triton_source;
};

// torch.toml [[cxx11abi]]: which official Linux builds use the C++11 ABI.
struct TorchAbiRule {
  Fact fact;
  pep::SpecifierSet torch;
  std::vector<std::string> variants;  // empty: every variant
  bool cxx11abi = false;
  std::string note;
};

// torch.toml [[cpp_extension]]: a check torch.utils.cpp_extension makes
// before it compiles an extension against the installed torch.
struct TorchExtensionCheck {
  Fact fact;
  pep::SpecifierSet torch;  // the torch releases that make the check
  enum class NvccMatch { Major, Minor } nvcc_match = NvccMatch::Major;  // what must equal torch.version.cuda
  std::string note;
};

// torch.toml [[arch_list]]: TORCH_CUDA_ARCH_LIST of the official wheels.
struct TorchArchList {
  Fact fact;
  std::string torch;             // minor series, "2.4"
  std::string variant;           // "cu121"
  std::vector<pep::Version> archs;  // compute capabilities with SASS, "8.6"
  bool ptx = false;                 // PTX for the last arch as well
};

// cuda.toml [[toolkit]]: one toolkit release and its minimum driver.
struct CudaToolkit {
  Fact fact;
  pep::Version version;  // "12.1"
  int update = 0;        // 0 for GA
  std::string release;   // "12.1 Update 1"
  pep::Version driver_linux;  // for comparison; PEP 440 drops leading zeros (530.30.2)
  std::optional<pep::Version> driver_windows;
  std::string driver_linux_text;    // as NVIDIA writes it: "530.30.02"
  std::string driver_windows_text;  // empty when NVIDIA lists none
  bool prerelease = false;
};

// cuda.toml [[family]]: the minor-version-compatibility floor of one CUDA major.
struct CudaFamily {
  Fact fact;
  int major = 0;
  pep::Version min_driver_linux;
  std::optional<pep::Version> min_driver_windows;
  std::string min_driver_linux_text;  // as NVIDIA writes it: "450.80.02"
  std::string note;
};

// ptx.toml [[isa]]: the minimal CUDA (driver API) version that loads PTX of
// one ISA version; an older driver cannot JIT-compile it.
struct PtxIsa {
  Fact fact;
  pep::Version isa;   // "8.7", the PTX `.version`
  pep::Version cuda;  // "12.8"
};

// gpu.toml [[arch]]: one compute capability.
struct GpuArch {
  Fact fact;
  pep::Version cc;  // "8.6"
  std::string sm;   // "sm_86"
  std::string architecture;
  std::vector<std::string> gpus;
  bool bf16 = false;
  bool fp8 = false;
  std::string flash_attn2;
  std::string note;
};

// gpu.toml [[feature]]: a hardware capability as a requirement on __sm.
struct GpuFeature {
  Fact fact;
  std::string name;  // "bf16", "flash-attn-2"
  pep::Requirement requirement;
  std::string description;
};

// gpu.toml [[cuda_target]]: what a CUDA toolkit adds to or drops from its targets.
struct CudaTarget {
  Fact fact;
  std::string cuda;  // "12.8", "12.8-12.9", "13.1+"
  std::vector<std::string> adds;
  std::vector<std::string> removes;
  std::vector<std::string> deprecates;
  std::optional<pep::Version> min_sm;
  std::string note;
};

// gpu.toml [[memory]]: the memory of one GPU model as nvidia-smi reports it
// (memory.total, MiB) on a machine whose output is cited. The driver's figure
// can differ a little between driver versions and ECC settings, so each row
// cites the output it was read from.
struct GpuMemory {
  Fact fact;
  std::string name;                  // "NVIDIA H100 80GB HBM3", as nvidia-smi names it
  std::vector<std::string> aliases;  // other spellings: "A100-SXM4-80GB"
  std::optional<pep::Version> cc;    // compute capability, "9.0"; absent when no cited table lists the GPU
  std::uint64_t memory_mib = 0;      // 81559
  std::string note;
};

// gpu.toml [[overhead]]: memory a runtime takes besides weights and KV cache.
// These are estimates, shown apart from the exact figures: `mib` is a fixed
// amount per process, `percent` the share of total memory a runtime's
// default lets weights, KV cache and activations use.
struct GpuOverhead {
  Fact fact;
  std::string id;  // "cuda-context", "vllm-gpu-memory-utilization"
  std::optional<std::uint64_t> mib;
  std::optional<std::uint64_t> percent;
  std::string description;
};

// flash_attn.toml [[release]]: one flash-attn tag.
struct FlashAttnRelease {
  Fact fact;
  pep::Version version;
  std::string tag;
  std::string commit;
  std::string tag_date;
  bool cuda_tag_major_only = false;  // cu12 (2.7.0+) rather than cu122
  std::string min_nvcc;
  std::string requires_python;
  std::vector<std::string> archs;
  std::string readme_min_cuda;
  std::string readme_min_torch;
};

// flash_attn.toml [[build]]: one CI job of a tag: wheels for one torch minor and CUDA tag.
struct FlashAttnBuild {
  Fact fact;
  pep::Version version;
  std::string torch;  // "2.3"
  std::string torch_built;
  bool torch_nightly = false;
  std::string cuda_toolkit;  // "12.2.2"
  std::string cuda_tag;      // "cu122" or "cu12"
  std::string torch_cuda;    // torch variant the job compiled against
  std::vector<std::string> python;  // empty: no wheel (see note)
  std::vector<bool> cxx11abi;
  std::vector<std::string> archs;
  std::string note;
};

// flash_attn.toml [[observed]]: a release asset seen in a lock or requirement file.
struct FlashAttnObserved {
  Fact fact;
  std::string filename;
  std::string url;
};

// coupling.toml [[rule]]: when a stack satisfies `when`, it must satisfy `then`.
struct CouplingRule {
  Fact fact;
  pep::Requirement when;
  pep::Requirement then;
  std::string note;
  // The releases of the `if` package whose own Requires-Dist states `then`
  // (`declared_by = ">=4.45,<4.47"`): an installer enforces the rule for
  // them, so a fresh install never breaks it, it only fails when the stack
  // excludes every allowed version. Empty when no release is known to.
  std::optional<pep::SpecifierSet> declared_by;
  // The `if` package's metadata is known not to state `then` (torch's
  // Requires-Dist has no numpy): a fresh install may break the rule.
  bool ignored_by_installers = false;
};

// numpy.toml [[c_abi]]: the NumPy releases that run a module compiled with
// one major's headers.
struct NumpyAbiRule {
  Fact fact;
  int headers = 0;              // major version of the headers: 1
  pep::Requirement runs_with;   // numpy<2
  std::string note;
};

// packages.toml [[release]]: a version known to exist on the index.
struct PackageRelease {
  Fact fact;
  std::string name;  // canonical
  pep::Version version;
  std::optional<std::string> date;
};

}  // namespace mlstack::kb

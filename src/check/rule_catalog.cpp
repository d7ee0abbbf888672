// SPDX-License-Identifier: MIT
#include "check/rule_catalog.h"

#include <algorithm>

namespace mlstack::check {
namespace {

// Sorted by id. Severity is the default; a rule may lower it when a fact is
// of medium confidence.
constexpr RuleInfo k_rules[] = {
    // A library runs on the GPU only through PTX JIT, and the driver predates the PTX ISA its PTX was written in
    // (check/ptx_driver.h; the binary.* rules of src/binary are listed in docs/binary.md).
    {"binary.ptx-driver-too-old", Severity::Error, "driver too old to JIT-compile a library's PTX"},
    // A kb coupling rule (coupling.toml) is violated: transformers 4 with huggingface-hub 1.x.
    {"coupling.violated", Severity::Error, "packages that do not work together"},
    // The driver supports a lower CUDA than a package's build needs: fails at the first CUDA call.
    {"cuda.driver-too-old", Severity::Error, "driver too old for the CUDA build"},
    // An extension's wheel label names another CUDA major than torch's build.
    {"ext.cuda-mismatch", Severity::Error, "extension built for another CUDA major"},
    // An extension's wheel label names the other C++ ABI than torch's: undefined symbol on import.
    {"ext.cxx11-abi", Severity::Error, "extension built for the other C++ ABI"},
    // An extension module compiled with NumPy 1.x headers under NumPy 2: fails at import.
    {"ext.numpy-abi", Severity::Error, "extension compiled against NumPy 1.x under NumPy 2"},
    // An extension (flash-attn, xformers, ...) was built for another torch: undefined symbol on import.
    {"ext.torch-mismatch", Severity::Error, "extension built for another torch"},
    // The GPU lacks a feature a package needs (FlashAttention-2 needs sm_80+; bf16; fp8).
    {"gpu.unsupported", Severity::Error, "GPU lacks what a package needs"},
    // A declared package that pip would take from another index than uv's first-index rule, the two
    // indexes sharing no file of it (check/rules_index.h).
    {"index.dependency-confusion", Severity::Warning, "package served by two indexes that share no file of it"},
    // A pinned version has no wheel for the machine's Python, glibc and architecture (warning when an sdist exists).
    {"index.no-wheel", Severity::Warning, "no prebuilt wheel for the machine"},
    // A pinned package is on none of the indexes consulted (each answered 404).
    {"index.unknown-package", Severity::Error, "package on no index consulted"},
    // A pinned version is not on the index that serves the package.
    {"index.unknown-version", Severity::Error, "pinned version not on the index"},
    // A pinned version's files were all yanked (PEP 592).
    {"index.yanked", Severity::Warning, "pinned version was yanked"},
    // Installed by name, neither declared nor required by anything declared.
    {"project.extra", Severity::Info, "installed package the project does not declare"},
    // A declared dependency is not installed.
    {"project.missing", Severity::Error, "declared dependency not installed"},
    // An installed dependency does not satisfy the declared constraint.
    {"project.version-mismatch", Severity::Error, "installed version does not satisfy the declaration"},
    // A pinned version is a pre-release, most often by accident.
    {"release.prerelease-pin", Severity::Warning, "pre-release pinned"},
    // A pinned version is not a release the knowledge base knows of, for a package whose releases it lists in full.
    {"release.unknown-version", Severity::Error, "pinned version that does not exist"},
    // The GPU's architecture is absent from the torch build's kernels: "no kernel image is available".
    {"torch.arch-missing", Severity::Error, "torch build has no kernels for the GPU"},
    // torchvision / torchaudio / triton do not belong to the installed or pinned torch release.
    {"torch.companion-mismatch", Severity::Error, "torch companions from another release"},
    // nvcc's CUDA major differs from torch's build: torch.utils.cpp_extension refuses to compile extensions.
    {"torch.toolkit-mismatch", Severity::Warning, "nvcc and torch's CUDA differ: extension builds fail"},
    // A wheel needs a newer C library than the machine has.
    {"wheel.glibc", Severity::Error, "wheel needs a newer glibc"},
    // A wheel or release does not support the interpreter's Python version.
    {"wheel.python", Severity::Error, "wheel built for another Python"},
};

}  // namespace

std::span<const RuleInfo> rule_catalog() { return k_rules; }

const RuleInfo* find_rule(std::string_view id) {
  auto it = std::lower_bound(std::begin(k_rules), std::end(k_rules), id,
                             [](const RuleInfo& rule, std::string_view key) { return rule.id < key; });
  return it != std::end(k_rules) && it->id == id ? &*it : nullptr;
}

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
#include "kb/constraints.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "kb/local_label.h"
#include "kb/virtual_package.h"
#include "pep/name.h"

namespace mlstack::kb {

namespace {

using Installer = Constraint::Installer;

// Machine facts (the driver, the GPU, nvcc, torch's ABI and CUDA runtime) are
// invisible to installers; a constraint on a real package is unknown unless said.
Installer default_installer(std::string_view text) {
  return text.starts_with("__") && !text.starts_with("__python") && !text.starts_with("__glibc") ? Installer::Ignores
                                                                                                  : Installer::Unknown;
}

// The requirement a text states, or nullopt when it does not parse. A plan
// derives the constraints of hundreds of candidates (flash-attn's wheels),
// whose texts are a few dozen ("__python==3.11.*", "torch==2.8.*"): parsing
// them was most of deriving, so each distinct text is parsed once per thread.
const std::optional<pep::Requirement>& parsed(const std::string& text) {
  thread_local std::unordered_map<std::string, std::optional<pep::Requirement>> texts;
  auto it = texts.find(text);
  if (it == texts.end()) {
    auto requirement = parse_requirement(text);
    it = texts.emplace(text, requirement ? std::optional<pep::Requirement>(std::move(*requirement)) : std::nullopt).first;
  }
  return it->second;
}

void add(std::vector<Constraint>& out, const std::string& text, Origin origin, std::string reason,
         std::optional<Installer> installer = std::nullopt) {
  // Every text here is built from validated kb values; one that still does not
  // parse is dropped rather than guessed at.
  const std::optional<pep::Requirement>& requirement = parsed(text);
  if (!requirement) return;
  out.push_back(Constraint{*requirement, std::move(origin), std::move(reason),
                           installer.value_or(default_installer(text))});
}

Origin origin_with_source(const Fact& fact, const std::string& source) {
  return Origin::fact(fact.id, source.empty() ? fact.source : source);
}

std::string describe(std::string_view name, const pep::Version& version) {
  return fmt::format("{} {}", name, version.str());
}

// The wheel is for Linux x86_64 (or nothing is known about its platform).
bool linux_x86_64(std::span<const pep::Tag> tags) {
  if (tags.empty()) return true;
  return std::any_of(tags.begin(), tags.end(), [](const pep::Tag& tag) {
    return tag.platform.find("linux") != std::string::npos && tag.platform.find("x86_64") != std::string::npos;
  });
}

// "3.10" from a cp310 tag; empty for py3, abi3-only or other interpreters.
std::string cpython_from_tags(std::span<const pep::Tag> tags) {
  for (const pep::Tag& tag : tags) {
    std::string_view interpreter = tag.interpreter;
    if (!interpreter.starts_with("cp") || interpreter.size() < 4) continue;
    std::string_view digits = interpreter.substr(2);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    return fmt::format("{}.{}", digits.substr(0, 1), digits.substr(1));
  }
  return {};
}

// __cuda>=X.Y for a build that bundles the CUDA X.Y runtime, sourced by the
// toolkit's minimum-driver row.
void add_driver_constraint(const KnowledgeBase& kb, std::vector<Constraint>& out, std::string_view name,
                           const pep::Version& version, const LocalLabel& label, bool pypi_default = false) {
  if (!label.cuda_major || !label.cuda_minor) return;
  auto cuda = pep::Version::parse(fmt::format("{}.{}", *label.cuda_major, *label.cuda_minor));
  if (!cuda) return;
  const CudaToolkit* toolkit = kb.cuda_toolkit(*cuda);
  if (toolkit == nullptr) return;
  add(out, fmt::format("__cuda>={}", cuda->str()), toolkit->fact.origin(),
      fmt::format("{}{} is built with CUDA {}, which needs a driver that supports CUDA {} (Linux driver >= {})",
                  describe(name, version), pypi_default ? "'s PyPI wheel (the build pip installs by default)" : "",
                  cuda->str(), cuda->str(), toolkit->driver_linux_text));
  if (!out.empty() && out.back().requirement.name == "__cuda") out.back().default_build = pypi_default;
}

void add_arch_constraint(const KnowledgeBase& kb, std::vector<Constraint>& out, std::string_view name,
                         const pep::Version& version, std::string_view variant) {
  const TorchArchList* list = kb.torch_arch_list(version, variant);
  if (list == nullptr || list->archs.empty()) return;
  auto lowest = std::min_element(list->archs.begin(), list->archs.end());
  auto highest = std::max_element(list->archs.begin(), list->archs.end());
  // SASS for X.Y runs on X.Z with Z >= Y but never on another major; without
  // PTX for the newest arch a newer major has no kernel at all ("no kernel
  // image is available for execution on the device"). PTX only ever helps
  // newer GPUs, so a major the list skips (11.x between 10.0 and 12.0), or
  // the minors of a major below its lowest listed one, have no kernel either:
  // they become != exclusions.
  std::string text = fmt::format("__sm>={}", lowest->str());
  if (!list->ptx) text += fmt::format(",<{}", highest->release()[0] + 1);
  std::vector<std::string> gaps;
  for (std::uint64_t major = lowest->release()[0] + 1; major <= highest->release()[0]; ++major) {
    std::optional<std::uint64_t> lowest_minor;
    for (const pep::Version& arch : list->archs) {
      if (arch.release()[0] != major) continue;
      std::uint64_t minor = arch.release().size() > 1 ? arch.release()[1] : 0;
      if (!lowest_minor || minor < *lowest_minor) lowest_minor = minor;
    }
    if (!lowest_minor) {
      text += fmt::format(",!={}.*", major);
      gaps.push_back(fmt::format("{}.x", major));
      continue;
    }
    for (std::uint64_t minor = 0; minor < *lowest_minor; ++minor) {
      text += fmt::format(",!={}.{}", major, minor);
      gaps.push_back(fmt::format("{}.{}", major, minor));
    }
  }
  std::string missing;
  for (std::size_t i = 0; i < gaps.size(); ++i) missing += (i ? ", " : "") + gaps[i];
  add(out, text, list->fact.origin(),
      fmt::format("official {} {} {} wheels carry GPU kernels for compute capability {} to {}{}{}", name,
                  version.public_version().str(), variant, lowest->str(), highest->str(),
                  missing.empty() ? "" : " except " + missing,
                  list->ptx ? " plus PTX that newer GPUs can compile" : " and no PTX for newer GPUs"));
}

void add_python_range(std::vector<Constraint>& out, const TorchRelease& release) {
  std::vector<pep::Version> pythons;
  for (const std::string& python : release.python)
    if (auto parsed = pep::Version::parse(python)) pythons.push_back(*parsed);
  if (pythons.empty()) return;
  auto [low, high] = std::minmax_element(pythons.begin(), pythons.end());
  auto high_release = high->release();
  std::string upper = fmt::format("{}.{}", high_release[0], (high_release.size() > 1 ? high_release[1] : 0) + 1);
  // pip only installs a wheel built for the interpreter: a range of torch
  // resolves to a release that has one.
  add(out, fmt::format("__python>={},<{}", low->str(), upper), release.fact.origin(),
      fmt::format("torch {} is built for CPython {} to {}", release.version.str(), low->str(), high->str()),
      Installer::Enforces);
}

// The nvcc a CUDA extension may be built with against this torch: only
// binding when something is compiled, which the rule that reports it weighs.
void add_toolkit_constraint(const KnowledgeBase& kb, std::vector<Constraint>& out, const pep::Version& version,
                            const LocalLabel& label) {
  const TorchExtensionCheck* check = kb.torch_extension_check(version);
  if (check == nullptr || !label.cuda_major) return;
  int major = *label.cuda_major;
  if (check->nvcc_match == TorchExtensionCheck::NvccMatch::Major) {
    add(out, fmt::format("__cuda-toolkit>={},<{}", major, major + 1), check->fact.origin(),
        fmt::format("{} was built with CUDA {}: torch.utils.cpp_extension refuses to compile a CUDA extension "
                    "with an nvcc of another major version",
                    describe("torch", version), major));
  } else if (label.cuda_minor) {
    add(out, fmt::format("__cuda-toolkit=={}.{}.*", major, *label.cuda_minor), check->fact.origin(),
        fmt::format("{} was built with CUDA {}.{}: torch.utils.cpp_extension refuses to compile a CUDA "
                    "extension with an nvcc of another version",
                    describe("torch", version), major, *label.cuda_minor));
  }
}

void derive_torch(const KnowledgeBase& kb, std::vector<Constraint>& out, const pep::Version& version,
                  std::span<const pep::Tag> tags) {
  const TorchRelease* release = kb.torch_release(version);
  LocalLabel label = parse_local_label(version.local_view());
  std::string variant;
  bool pypi_default = false;
  if (label.accelerator == LocalLabel::Accelerator::Cuda) {
    variant = label.cuda_tag;
  } else if (!version.has_local() && release != nullptr && linux_x86_64(tags)) {
    // The plain PyPI wheel on Linux x86_64 is the release's default CUDA build.
    variant = release->pypi_cuda;
    label = parse_local_label(variant);
    pypi_default = true;
  }
  if (!variant.empty()) {
    add_driver_constraint(kb, out, "torch", version, label, pypi_default);
    add_arch_constraint(kb, out, "torch", version, variant);
    add_toolkit_constraint(kb, out, version, label);
  }
  if (release == nullptr) return;
  if (release->triton && !variant.empty()) {
    std::string text = "triton==" + release->triton->str();
    if (!release->triton_marker.empty()) text += "; " + release->triton_marker;
    add(out, text, origin_with_source(release->fact, release->triton_source),
        fmt::format("torch {} Linux CUDA wheels require exactly triton {}", release->version.str(),
                    release->triton->str()),
        Installer::Enforces);
  }
  add_python_range(out, *release);
}

void derive_domain_library(const KnowledgeBase& kb, std::vector<Constraint>& out, std::string_view name,
                           const pep::Version& version) {
  const TorchRelease* release = name == "torchvision" ? kb.torch_release_for_torchvision(version)
                                                      : kb.torch_release_for_torchaudio(version);
  if (release != nullptr) {
    // Their wheels' Requires-Dist pins that torch (torchvision 0.18.0:
    // torch==2.3.0), so a resolver never pairs them otherwise.
    add(out, "torch==" + release->version.str(), origin_with_source(release->fact, release->domain_source),
        fmt::format("{} {} is built against torch {} only", name, version.public_version().str(),
                    release->version.str()),
        Installer::Enforces);
  }
  LocalLabel label = parse_local_label(version.local_view());
  if (label.accelerator == LocalLabel::Accelerator::Cuda) add_driver_constraint(kb, out, name, version, label);
}

void derive_flash_attn(const KnowledgeBase& kb, std::vector<Constraint>& out, const pep::Version& version,
                       std::span<const pep::Tag> tags) {
  LocalLabel label = parse_local_label(version.local_view());
  std::string python = cpython_from_tags(tags);
  const FlashAttnRelease* release = kb.flash_attn_release(version);

  // The fact that best backs the wheel: its CI job, an observed asset, the tag.
  const Fact* fact = release ? &release->fact : nullptr;
  std::string evidence = release ? "a tag of flash-attn" : "";
  std::vector<std::string> archs = release ? release->archs : std::vector<std::string>{};
  if (label.torch && label.cxx11abi && !python.empty()) {
    if (auto wheel = kb.flash_attn_wheel(version, label.cuda_tag, *label.torch, *label.cxx11abi, python)) {
      fact = wheel->fact;
      evidence = wheel->kind == WheelEvidence::Kind::Matrix ? "built by the release's CI matrix"
                                                            : "a release asset seen in lock files";
      if (wheel->kind == WheelEvidence::Kind::Matrix) {
        for (const FlashAttnBuild* build : kb.flash_attn_builds_for(version))
          if (&build->fact == wheel->fact) archs = build->archs;
      }
    }
  }
  if (fact != nullptr && label.accelerator == LocalLabel::Accelerator::Cuda) {
    std::string wheel = describe("flash-attn", version);
    // flash-attn's Requires-Dist names torch without a version: the label is
    // invisible to installers.
    if (label.torch)
      add(out, fmt::format("torch=={}.*", *label.torch), fact->origin(),
          fmt::format("{} is compiled against torch {} ({})", wheel, *label.torch, evidence), Installer::Ignores);
    if (label.cxx11abi)
      add(out, fmt::format("__torch-cxx11abi=={}", *label.cxx11abi ? 1 : 0), fact->origin(),
          fmt::format("{} is compiled with the {} C++ ABI and fails to import (undefined symbol) under a torch "
                      "built with the other",
                      wheel, *label.cxx11abi ? "C++11" : "pre-C++11"));
    if (label.cuda_major)
      add(out, fmt::format("__cuda-runtime>={},<{}", *label.cuda_major, *label.cuda_major + 1), fact->origin(),
          fmt::format("{} is compiled with CUDA {} and needs torch's CUDA runtime of the same major version", wheel,
                      *label.cuda_major));
    if (!python.empty())
      add(out, fmt::format("__python=={}.*", python), fact->origin(),
          fmt::format("{} is a CPython {} wheel", wheel, python));
  }
  // Requires-Python of the release (setup.py python_requires, in the sdist
  // pip builds from and in every wheel): pip refuses the release on an older
  // interpreter ("requires a different Python").
  if (release != nullptr && !release->requires_python.empty())
    add(out, "__python" + release->requires_python, release->fact.origin(),
        fmt::format("{} declares Requires-Python {}", describe("flash-attn", version), release->requires_python),
        Installer::Enforces);
  // GPU: the lowest architecture with kernels in the wheel, else the FA2 rule.
  std::vector<pep::Version> compiled;
  for (const std::string& arch : archs) {
    std::string digits = arch.substr(arch.find('_') == std::string::npos ? 0 : arch.find('_') + 1);
    if (digits.size() >= 2 && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      if (auto parsed = pep::Version::parse(digits.substr(0, digits.size() - 1) + "." + digits.back()))
        compiled.push_back(*parsed);
  }
  if (!compiled.empty() && fact != nullptr) {
    auto lowest = std::min_element(compiled.begin(), compiled.end());
    add(out, fmt::format("__sm>={}", lowest->str()), fact->origin(),
        fmt::format("{} carries kernels for compute capability {} and newer only", describe("flash-attn", version),
                    lowest->str()));
  } else if (const GpuFeature* feature = kb.gpu_feature("flash-attn-2");
             feature != nullptr && version.release()[0] == 2) {
    out.push_back(Constraint{feature->requirement, feature->fact.origin(),
                             "FlashAttention-2 runs on Ampere, Ada and Hopper GPUs (sm_80 and newer)", Installer::Ignores});
  }
}

}  // namespace

std::vector<Constraint> coupling_constraints(const KnowledgeBase& kb, std::string_view name,
                                             const pep::Version& version) {
  std::vector<Constraint> out;
  pep::Version public_version = version.public_version();
  for (const CouplingRule* rule : kb.rules_when(name)) {
    if (!rule->when.specifier.contains(public_version, true)) continue;
    std::string reason = fmt::format("{} {} satisfies `{}`, which needs `{}`", pep::canonicalize_name(name),
                                     public_version.str(), rule->when.str(), rule->then.str());
    if (!rule->note.empty()) reason += ": " + rule->note;
    Installer installer = rule->declared_by && rule->declared_by->contains(public_version, true) ? Installer::Enforces
                          : rule->ignored_by_installers                                           ? Installer::Ignores
                                                                                                  : Installer::Unknown;
    out.push_back(Constraint{rule->then, rule->fact.origin(), std::move(reason), installer});
  }
  return out;
}

std::vector<Constraint> derive_constraints(const KnowledgeBase& kb, std::string_view name,
                                           const pep::Version& version, std::span<const pep::Tag> tags) {
  std::vector<Constraint> out;
  std::string canonical = pep::canonicalize_name(name);
  if (canonical == "torch") derive_torch(kb, out, version, tags);
  else if (canonical == "torchvision" || canonical == "torchaudio") derive_domain_library(kb, out, canonical, version);
  else if (canonical == "flash-attn") derive_flash_attn(kb, out, version, tags);
  for (Constraint& constraint : coupling_constraints(kb, canonical, version)) out.push_back(std::move(constraint));
  return out;
}

}  // namespace mlstack::kb

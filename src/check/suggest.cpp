// SPDX-License-Identifier: MIT
#include "check/suggest.h"

#include <algorithm>

#include <fmt/format.h>

#include "kb/local_label.h"

namespace mlstack::check {
namespace {

std::string pip_install(const std::string& requirement) { return fmt::format("pip install \"{}\"", requirement); }

std::string minor_of(const pep::Version& v) {
  auto r = v.release();
  return r.size() >= 2 ? fmt::format("{}.{}", r[0], r[1]) : v.str();
}

}  // namespace

std::string matching_flash_attn_wheel(const kb::KnowledgeBase& kb, const Stack& stack,
                                      const std::optional<pep::Version>& preferred) {
  const StackPackage* torch = stack.find("torch");
  if (!torch || !torch->version || !stack.platform.python_version || !stack.platform.torch_cxx11_abi) return {};
  kb::LocalLabel torch_label = kb::parse_local_label(torch->version->local());
  if (!torch_label.cuda_major) return {};
  std::string torch_minor = minor_of(*torch->version);
  std::string python = minor_of(*stack.platform.python_version);
  std::vector<const kb::FlashAttnRelease*> releases;
  for (const auto& release : kb.flash_attn_releases) releases.push_back(&release);
  // The installed or pinned version first (the smallest change), then newest first.
  std::sort(releases.begin(), releases.end(), [&](auto* a, auto* b) {
    bool a_preferred = preferred && a->version == *preferred, b_preferred = preferred && b->version == *preferred;
    if (a_preferred != b_preferred) return a_preferred;
    return a->version > b->version;
  });
  for (const auto* release : releases) {
    for (const auto* build : kb.flash_attn_builds_for(release->version)) {
      kb::LocalLabel build_label = kb::parse_local_label(build->cuda_tag);
      if (build_label.cuda_major != torch_label.cuda_major || build->torch != torch_minor) continue;
      if (kb.flash_attn_wheel(release->version, build->cuda_tag, torch_minor, *stack.platform.torch_cxx11_abi, python)) {
        std::string py = python;
        py.erase(std::remove(py.begin(), py.end(), '.'), py.end());
        return fmt::format("flash_attn-{}+{}torch{}cxx11abi{}-cp{}-cp{}-linux_x86_64.whl", release->version.str(),
                           build->cuda_tag, torch_minor, *stack.platform.torch_cxx11_abi ? "TRUE" : "FALSE", py, py);
      }
    }
  }
  return {};
}

std::string suggest_fix(const kb::KnowledgeBase& kb, const Stack& stack, const StackPackage& package,
                        const pep::Requirement& violated, std::string_view rule) {
  if (rule == "ext.torch-mismatch" || rule == "ext.cxx11-abi" || rule == "ext.cuda-mismatch" || rule == "wheel.python") {
    if (package.name == "flash-attn") {
      std::optional<pep::Version> current;
      if (package.version) current = package.version->public_version();
      std::string wheel = matching_flash_attn_wheel(kb, stack, current);
      if (!wheel.empty()) return fmt::format("install the prebuilt wheel {} from the flash-attention releases", wheel);
      return "pip install flash-attn --no-build-isolation (build it against the installed torch)";
    }
    if (rule == "ext.torch-mismatch") return pip_install(violated.str());
    return {};
  }
  if (rule == "cuda.driver-too-old") {
    return fmt::format("upgrade the NVIDIA driver to one that supports {}, or install a {} build for the CUDA the driver supports",
                       violated.str(), package.display_name.empty() ? package.name : package.display_name);
  }
  if (rule == "torch.companion-mismatch" || rule == "coupling.violated") return pip_install(violated.str());
  return {};
}

}  // namespace mlstack::check

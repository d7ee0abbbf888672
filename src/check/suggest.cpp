// SPDX-License-Identifier: MIT
#include "check/suggest.h"

#include <algorithm>

#include <fmt/format.h>

#include "check/wheels.h"
#include "kb/flash_attn_wheels.h"
#include "kb/local_label.h"

namespace mlstack::check {
namespace {

std::string pip_install(const std::string& requirement) { return fmt::format("pip install \"{}\"", requirement); }

std::string minor_of(const pep::Version& v) {
  auto r = v.release();
  return r.size() >= 2 ? fmt::format("{}.{}", r[0], r[1]) : v.str();
}

// Another CUDA build of the same torch release that runs on this driver: the
// newest the driver fully supports, else the oldest of the driver's CUDA
// major (minor version compatibility, with its limits, where the driver
// meets the family's floor). Empty when the kb lists none.
std::string torch_build_for_driver(const kb::KnowledgeBase& kb, const pep::Platform& platform,
                                   const pep::Version& version) {
  if (!platform.driver_cuda) return {};
  const kb::TorchRelease* release = kb.torch_release(version.public_version());
  if (release == nullptr) return {};
  const pep::Version& driver_cuda = *platform.driver_cuda;
  const auto driver_major = static_cast<int>(driver_cuda.release()[0]);
  const kb::CudaFamily* family = kb.cuda_family(driver_major);
  bool family_ok = family != nullptr && platform.driver_version && *platform.driver_version >= family->min_driver_linux;
  std::optional<std::pair<pep::Version, std::string>> full, limited;
  for (const std::string& tag : release->cuda) {
    kb::LocalLabel label = kb::parse_local_label(tag);
    if (!label.cuda_major || !label.cuda_minor) continue;
    auto cuda = pep::Version::parse(fmt::format("{}.{}", *label.cuda_major, *label.cuda_minor));
    if (!cuda) continue;
    if (*cuda <= driver_cuda) {
      if (!full || full->first < *cuda) full = {{*cuda, tag}};
    } else if (*label.cuda_major == driver_major && family_ok) {
      if (!limited || *cuda < limited->first) limited = {{*cuda, tag}};
    }
  }
  auto chosen = full ? full : limited;
  if (!chosen) return {};
  std::string public_version = release->version.str();
  return fmt::format("install torch's {} build, which {}: pip install torch=={} --index-url "
                     "https://download.pytorch.org/whl/{} (or upgrade the NVIDIA driver)",
                     chosen->second,
                     full ? fmt::format("this driver supports (CUDA {})", driver_cuda.str())
                          : "runs on this driver through CUDA minor version compatibility, with its limits",
                     public_version, chosen->second);
}

}  // namespace

std::string matching_flash_attn_wheel(const kb::KnowledgeBase& kb, const Stack& stack,
                                      const std::optional<pep::Version>& preferred) {
  auto torch = torch_build_of(kb, stack);
  if (!torch || !torch->cxx11abi || !stack.platform.python_version) return {};
  kb::FlashAttnTarget target;
  target.torch_minor = minor_of(torch->version);
  target.cuda_major = torch->cuda_major;
  target.cuda_minor = torch->cuda_minor;
  target.cxx11abi = *torch->cxx11abi;
  target.python = minor_of(*stack.platform.python_version);
  target.linux_x86_64 = stack.platform.os == "linux" && stack.platform.arch == "x86_64";
  std::vector<pep::Version> releases = kb.releases_of("flash-attn");
  // The installed or pinned version first (the smallest change), then newest first.
  std::sort(releases.begin(), releases.end(), [&](const pep::Version& a, const pep::Version& b) {
    bool a_preferred = preferred && a == *preferred, b_preferred = preferred && b == *preferred;
    if (a_preferred != b_preferred) return a_preferred;
    return a > b;
  });
  for (const pep::Version& release : releases) {
    kb::FlashAttnWheelAnswer answer = kb::flash_attn_wheel_for(kb, release, target);
    if (answer.status == kb::FlashAttnWheelAnswer::Status::Found) return answer.filename;
  }
  return {};
}

std::string suggest_fix(const kb::KnowledgeBase& kb, const Stack& stack, const StackPackage& package,
                        const pep::Requirement& violated, std::string_view rule,
                        const std::optional<pep::Version>& version) {
  if (rule == "ext.torch-mismatch" || rule == "ext.cxx11-abi" || rule == "ext.cuda-mismatch" || rule == "wheel.python") {
    if (package.name == "flash-attn") {
      std::optional<pep::Version> current;
      if (package.version) current = package.version->public_version();
      std::string wheel = matching_flash_attn_wheel(kb, stack, current);
      if (!wheel.empty()) return fmt::format("install the prebuilt wheel {} from the flash-attention releases", wheel);
      return "install the flash-attn wheel built for the stack's torch, CUDA major, C++ ABI and Python "
             "(`mlstack kb flash-attn` lists them), or build it against the installed torch: "
             "pip install flash-attn --no-build-isolation";
    }
    if (rule == "ext.torch-mismatch") return pip_install(violated.str());
    return {};
  }
  if (rule == "cuda.driver-too-old") {
    if (package.name == "torch" && version) {
      std::string variant = torch_build_for_driver(kb, stack.platform, *version);
      if (!variant.empty()) return variant;
    }
    return fmt::format("upgrade the NVIDIA driver to one that supports {}, or install a {} build for the CUDA the driver supports",
                       violated.str(), package.display_name.empty() ? package.name : package.display_name);
  }
  if (rule == "torch.companion-mismatch" || rule == "coupling.violated") return pip_install(violated.str());
  return {};
}

}  // namespace mlstack::check

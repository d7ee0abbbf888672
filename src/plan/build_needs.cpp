// SPDX-License-Identifier: MIT
#include "plan/build_needs.h"

#include <fmt/format.h>

#include "plan/kb_facts.h"

namespace mlstack::plan {

std::vector<std::string> build_needs(const kb::KnowledgeBase& kb, const solve::Pick& pick,
                                     const std::vector<solve::Pick>& plan, const PlanTarget& target) {
  std::vector<std::string> out;
  out.push_back(fmt::format("{} {} is built from its sdist ({}): its build backend runs on the target "
                            "(mlstack does not open sdists, so other build requirements are not known here)",
                            pick.name, pick.version.str(), pick.file.filename));
  if (pick.name != "flash-attn") return out;
  const solve::Pick* torch = nullptr;
  for (const solve::Pick& p : plan)
    if (p.name == "torch") torch = &p;
  out.push_back("a C++17 compiler and ninja; torch importable while building: pip install --no-build-isolation");
  if (const kb::FlashAttnRelease* release = kb.flash_attn_release(pick.version); release && !release->min_nvcc.empty())
    out.push_back(fmt::format("nvcc {} or newer (flash-attn {}'s setup.py; {})", release->min_nvcc,
                              release->version.str(), release->fact.id));
  if (torch != nullptr) {
    std::optional<pep::Version> cuda = torch_cuda(kb, torch->version, torch->file.tags);
    const kb::TorchExtensionCheck* check = kb.torch_extension_check(torch->version);
    if (cuda && check != nullptr) {
      bool minor = check->nvcc_match == kb::TorchExtensionCheck::NvccMatch::Minor;
      std::string want = minor ? cuda->str() : fmt::format("{}.x", cuda->release()[0]);
      out.push_back(fmt::format("nvcc of CUDA {}: torch {} is built with CUDA {}, and torch.utils.cpp_extension "
                                "refuses another {} ({})",
                                want, torch->version.str(), cuda->str(), minor ? "version" : "major",
                                check->fact.id));
      if (target.platform.cuda_toolkit) {
        const pep::Version& nvcc = *target.platform.cuda_toolkit;
        bool fits = minor ? nvcc.release()[0] == cuda->release()[0] &&
                                (nvcc.release().size() > 1 ? nvcc.release()[1] : 0) ==
                                    (cuda->release().size() > 1 ? cuda->release()[1] : 0)
                          : nvcc.release()[0] == cuda->release()[0];
        out.push_back(fmt::format("the target's nvcc is CUDA {}: {}", nvcc.str(),
                                  fits ? "it fits" : "it does not fit; install the matching toolkit"));
      }
    }
  }
  return out;
}

}  // namespace mlstack::plan

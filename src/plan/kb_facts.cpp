// SPDX-License-Identifier: MIT
#include "plan/kb_facts.h"

#include <algorithm>

#include <fmt/format.h>

#include "kb/constraints.h"
#include "kb/local_label.h"
#include "kb/virtual_package.h"
#include "pep/name.h"

namespace mlstack::plan {

namespace {

bool is_torch_family(std::string_view name) { return name == "torch" || name == "torchvision" || name == "torchaudio"; }

bool linux_x86_64(const std::vector<pep::Tag>& tags) {
  return std::any_of(tags.begin(), tags.end(), [](const pep::Tag& tag) {
    return tag.platform.find("linux") != std::string::npos && tag.platform.find("x86_64") != std::string::npos;
  });
}

std::string sm_text(const pep::Version& cc) {
  auto r = cc.release();
  return fmt::format("sm_{}{}", r[0], r.size() > 1 ? r[1] : 0);
}

solve::FactRequirement fact(std::string text, std::string reason, const Origin& origin) {
  return {kb::parse_requirement(text).value(), std::move(reason), origin.to_string()};
}

// The label a file's variant or a version's local part gives: "cu126".
kb::LocalLabel label_of(const pep::Version& version, const solve::DistFile& file) {
  if (version.has_local()) return kb::parse_local_label(version.local_view());
  if (!file.variant_label.empty()) return kb::parse_local_label(file.variant_label);
  return {};
}

// "nvidia :: cuda_version_lower_bound :: 12.6" -> {"cuda_version_lower_bound", "12.6"}.
std::optional<std::pair<std::string, std::string>> nvidia_property(std::string_view property) {
  auto part = [](std::string_view& rest) {
    std::size_t at = rest.find("::");
    std::string_view piece = rest.substr(0, at);
    rest = at == std::string_view::npos ? std::string_view{} : rest.substr(at + 2);
    while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
    return std::string(piece);
  };
  std::string_view rest = property;
  std::string ns = part(rest), feature = part(rest), value = part(rest);
  if (ns != "nvidia" || feature.empty() || value.empty()) return std::nullopt;
  return std::make_pair(feature, value);
}

}  // namespace

std::optional<pep::Version> torch_cuda(const kb::KnowledgeBase& kb, const pep::Version& version,
                                       const std::vector<pep::Tag>& tags, std::string* variant) {
  kb::LocalLabel label = kb::parse_local_label(version.local_view());
  if (!version.has_local()) {
    const kb::TorchRelease* release = kb.torch_release(version);
    if (release == nullptr || release->pypi_cuda.empty() || !linux_x86_64(tags)) return std::nullopt;
    label = kb::parse_local_label(release->pypi_cuda);
  }
  if (label.accelerator != kb::LocalLabel::Accelerator::Cuda || !label.cuda_major || !label.cuda_minor)
    return std::nullopt;
  if (variant != nullptr) *variant = label.cuda_tag;
  return pep::Version::parse(fmt::format("{}.{}", *label.cuda_major, *label.cuda_minor)).value();
}

KbFacts::KbFacts(const kb::KnowledgeBase& kb, const PlanTarget& target) : m_kb(kb), m_target(target) {
  for (const TargetGpu& gpu : target.gpus)
    if (std::find(m_distinct_sm.begin(), m_distinct_sm.end(), gpu.cc) == m_distinct_sm.end())
      m_distinct_sm.push_back(gpu.cc);
}

const std::vector<solve::FactRequirement>& KbFacts::requirements(std::string_view raw_name,
                                                                 const pep::Version& version,
                                                                 const solve::DistFile& file) {
  std::string name = pep::canonicalize_name(raw_name);
  std::string key = name + " " + version.str() + " " + file.filename;
  auto it = m_cache.find(key);
  if (it == m_cache.end()) it = m_cache.emplace(std::move(key), derive(name, version, file)).first;
  return it->second;
}

std::vector<solve::FactRequirement> KbFacts::derive(const std::string& name, const pep::Version& version,
                                                    const solve::DistFile& file) {
  std::vector<solve::FactRequirement> out;
  // A variant label stands for the local label the PyTorch index would give.
  pep::Version labelled = version;
  if (!version.has_local() && !file.variant_label.empty() && kb::parse_local_label(file.variant_label).cuda_major)
    labelled = pep::Version::parse(version.str() + "+" + file.variant_label).value_or(version);
  std::vector<kb::Constraint> constraints = kb::derive_constraints(m_kb, name, labelled, file.tags);
  // Room for torch's two build facts too: a FactRequirement is large to move,
  // and this runs for each of flash-attn's hundreds of wheels.
  out.reserve(constraints.size() + 2);
  for (kb::Constraint& c : constraints) {
    std::string virt = c.requirement.name;
    if (virt == "__cuda-toolkit") continue;  // binds builds of extensions only (see planner's build needs)
    if (!m_target.has_gpu() && is_torch_family(name) && (virt == "__cuda" || virt == "__sm")) continue;
    if (virt == "__sm" && m_distinct_sm.size() > 1) {
      for (std::size_t i = 0; i < m_distinct_sm.size(); ++i) {
        solve::FactRequirement one{c.requirement, c.reason, c.origin.to_string()};
        one.requirement.name = fmt::format("__sm-gpu{}", i + 1);
        out.push_back(std::move(one));
      }
      continue;
    }
    out.push_back({std::move(c.requirement), std::move(c.reason), c.origin.to_string()});
  }
  if (name == "torch") {
    std::string variant;
    std::optional<pep::Version> cuda = torch_cuda(m_kb, labelled, file.tags, &variant);
    const kb::TorchRelease* release = m_kb.torch_release(version);
    Origin origin = release ? release->fact.origin() : Origin::fact("torch", "");
    if (cuda) {
      out.push_back(fact(fmt::format("__cuda-runtime=={}", cuda->str()),
                         fmt::format("torch {} carries the CUDA {} runtime", version.str(), cuda->str()), origin));
    } else {
      std::string why = labelled.local_view() == "cpu"
                            ? fmt::format("torch {} is a CPU build, with no CUDA runtime", version.str())
                            : fmt::format("the kb does not know which CUDA torch {} ({}) carries", version.str(),
                                          file.filename);
      out.push_back(fact("__cuda-runtime==0", why, origin));
    }
    if (variant.empty() && labelled.local_view() == "cpu") variant = "cpu";
    if (const kb::TorchAbiRule* rule = m_kb.torch_cxx11abi(version, variant)) {
      out.push_back(fact(fmt::format("__torch-cxx11abi=={}", rule->cxx11abi ? 1 : 0),
                         fmt::format("torch {} is built with the {} C++ ABI ({})", version.str(),
                                     rule->cxx11abi ? "C++11" : "pre-C++11", rule->note),
                         rule->fact.origin()));
    }
  }
  return out;
}

std::string KbFacts::reject(std::string_view raw_name, const pep::Version& version, const solve::DistFile& file) {
  (void)raw_name;
  kb::LocalLabel label = label_of(version, file);
  if (label.accelerator == kb::LocalLabel::Accelerator::Rocm)
    return fmt::format("a ROCm {} build (AMD GPUs); the target is {}", label.rocm,
                       m_target.has_gpu() ? "an NVIDIA GPU" : "CPU-only");
  if (label.accelerator == kb::LocalLabel::Accelerator::Xpu) return "an Intel XPU build; the target has no Intel GPU";
  // Variant properties, evaluated natively (never by running a provider plugin).
  for (const std::string& property : file.variant_properties) {
    auto parsed = nvidia_property(property);
    if (!parsed) continue;
    const auto& [feature, value] = *parsed;
    if (feature == "cuda_version_lower_bound" || feature == "cuda_version_upper_bound") {
      auto bound = pep::Version::parse(value);
      if (!bound) continue;
      if (!m_target.platform.driver_cuda)
        return fmt::format("variant {} needs an NVIDIA driver ({}); the target has none", file.variant_label, property);
      const pep::Version& cuda = *m_target.platform.driver_cuda;
      if (feature == "cuda_version_lower_bound" && cuda < *bound)
        return fmt::format("variant {} needs a driver for CUDA {} or newer; the target's supports {}",
                           file.variant_label, bound->str(), cuda.str());
      if (feature == "cuda_version_upper_bound" && !(cuda < *bound))
        return fmt::format("variant {} is for drivers below CUDA {}; the target's supports {}", file.variant_label,
                           bound->str(), cuda.str());
    }
  }
  std::vector<pep::Version> archs;
  bool has_virtual = false;
  for (const std::string& property : file.variant_properties) {
    auto parsed = nvidia_property(property);
    if (!parsed || parsed->first != "sm_arch") continue;
    std::string digits = parsed->second.substr(0, parsed->second.find('_'));
    if (digits.size() < 2) continue;
    if (auto cc = pep::Version::parse(digits.substr(0, digits.size() - 1) + "." + digits.back())) archs.push_back(*cc);
    has_virtual = has_virtual || parsed->second.ends_with("_virtual");
  }
  if (!archs.empty()) {
    for (const TargetGpu& gpu : m_target.gpus) {
      bool runs = std::any_of(archs.begin(), archs.end(), [&](const pep::Version& cc) {
        return gpu.cc.release()[0] == cc.release()[0] && !(gpu.cc < cc);
      });
      if (!runs && has_virtual)
        runs = std::any_of(archs.begin(), archs.end(), [&](const pep::Version& cc) { return !(gpu.cc < cc); });
      if (!runs)
        return fmt::format("variant {} has no kernels for {} ({})", file.variant_label, sm_text(gpu.cc),
                           gpu.kb_name.empty() ? gpu.name : gpu.kb_name);
    }
  }
  return "";
}

int KbFacts::variant_rank(std::string_view raw_name, const pep::Version& version) {
  (void)raw_name;
  kb::LocalLabel label = kb::parse_local_label(version.local_view());
  bool cuda = label.accelerator == kb::LocalLabel::Accelerator::Cuda;
  bool cpu = label.accelerator == kb::LocalLabel::Accelerator::Cpu;
  if (m_target.has_gpu()) return cuda ? 0 : cpu ? 2 : 1;
  return cpu ? 0 : cuda ? 2 : 1;
}

std::map<std::string, solve::VirtualPackage> KbFacts::virtual_packages() const {
  std::map<std::string, solve::VirtualPackage> out;
  const pep::Platform& p = m_target.platform;
  if (p.driver_cuda) {
    std::string fact = m_target.driver.empty()
                           ? fmt::format("the target's driver supports CUDA {} at most", p.driver_cuda->str())
                           : fmt::format("the target's driver {} supports CUDA {} at most", m_target.driver,
                                         p.driver_cuda->str());
    out["__cuda"] = {{*p.driver_cuda}, fact};
  } else {
    out["__cuda"] = {{}, m_target.has_gpu() ? "the kb cannot tell which CUDA the target's driver supports"
                                            : "the target has no NVIDIA GPU driver"};
  }
  auto gpu_fact = [&](const pep::Version& cc) {
    std::string names;
    for (const TargetGpu& gpu : m_target.gpus)
      if (gpu.cc == cc && names.find(gpu.kb_name.empty() ? gpu.name : gpu.kb_name) == std::string::npos)
        names += (names.empty() ? "" : ", ") + (gpu.kb_name.empty() ? gpu.name : gpu.kb_name);
    return fmt::format("the target's GPU {} has compute capability {} ({})", names, cc.str(), sm_text(cc));
  };
  if (m_distinct_sm.empty()) out["__sm"] = {{}, "the target has no NVIDIA GPU"};
  else if (m_distinct_sm.size() == 1) out["__sm"] = {{m_distinct_sm[0]}, gpu_fact(m_distinct_sm[0])};
  else
    for (std::size_t i = 0; i < m_distinct_sm.size(); ++i)
      out[fmt::format("__sm-gpu{}", i + 1)] = {{m_distinct_sm[i]}, gpu_fact(m_distinct_sm[i])};
  // Build properties: any value a build may carry, fixed by torch's requirements.
  solve::VirtualPackage runtime;
  runtime.versions.push_back(pep::Version::parse("0").value());
  for (const kb::CudaToolkit& toolkit : m_kb.cuda_toolkits)
    if (toolkit.update == 0 && std::find(runtime.versions.begin(), runtime.versions.end(), toolkit.version) ==
                                   runtime.versions.end())
      runtime.versions.push_back(toolkit.version);
  runtime.open = true;
  out["__cuda-runtime"] = std::move(runtime);
  out["__torch-cxx11abi"] = {{pep::Version::parse("0").value(), pep::Version::parse("1").value()}, "", false};
  return out;
}

}  // namespace mlstack::plan

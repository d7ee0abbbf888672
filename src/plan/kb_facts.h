// SPDX-License-Identifier: MIT
// KbFacts: the knowledge base as solve::TargetFacts for one target.
//
// - Each candidate file gets the requirements kb::derive_constraints
//   states for it (torch +cu121 -> __cuda>=12.1 and __sm in its arch
//   list; a flash-attn wheel -> torch==2.3.*, __torch-cxx11abi==0,
//   __cuda-runtime>=12,<13, __python==3.10.*, __sm>=8.0; coupling rules).
// - torch also states what it provides to the rest of the stack, as exact
//   requirements on two build virtual packages: __cuda-runtime (the CUDA
//   its build carries: 12.1 for +cu121 and for the plain Linux wheel the
//   kb says is cu121; 0 for +cpu or when the kb cannot tell) and
//   __torch-cxx11abi (kb [[cxx11abi]] rules). flash-attn's wheel label then
//   meets torch there.
// - On a target without an NVIDIA GPU, torch's own __cuda / __sm
//   requirements are left out (a CUDA build runs on the CPU); other
//   packages keep them, so flash-attn is ruled out with the reason.
// - Builds for ROCm or XPU are rejected (the target is NVIDIA or CPU);
//   among builds of one release, CUDA builds come first on a GPU target and
//   +cpu first on a CPU-only one.
// - Wheel variants (PEP 825 draft): a file with a variant label is judged
//   from its nvidia properties (cuda_version_lower_bound/upper_bound,
//   sm_arch) against the target, natively; a label without properties
//   ("cu126") is read like the local label +cu126.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "kb/knowledge_base.h"
#include "plan/target.h"
#include "solve/python_provider.h"
#include "solve/target_facts.h"

namespace mlstack::plan {

class KbFacts : public solve::TargetFacts {
 public:
  KbFacts(const kb::KnowledgeBase& kb, const PlanTarget& target);

  const std::vector<solve::FactRequirement>& requirements(std::string_view name, const pep::Version& version,
                                                          const solve::DistFile& file) override;
  std::string reject(std::string_view name, const pep::Version& version, const solve::DistFile& file) override;
  int variant_rank(std::string_view name, const pep::Version& version) override;

  // The virtual packages of the target (__python, __glibc, __cuda, __sm or
  // one per GPU) and of builds (__cuda-runtime, __torch-cxx11abi), each
  // with the sentence that gives its value.
  std::map<std::string, solve::VirtualPackage> virtual_packages() const;

 private:
  std::vector<solve::FactRequirement> derive(const std::string& name, const pep::Version& version,
                                             const solve::DistFile& file);

  const kb::KnowledgeBase& m_kb;
  const PlanTarget& m_target;
  // Facts per (name, version, file): asked again by every nearest-plan attempt.
  std::map<std::string, std::vector<solve::FactRequirement>> m_cache;
  std::vector<pep::Version> m_distinct_sm;  // distinct compute capabilities, in GPU order
};

// The CUDA a torch build carries ("12.1"), from its local label or, for a
// plain Linux x86_64 wheel, from the kb's PyPI default; nullopt for +cpu
// and when unknown. `variant` receives "cu121" (or "" ).
std::optional<pep::Version> torch_cuda(const kb::KnowledgeBase& kb, const pep::Version& version,
                                       const std::vector<pep::Tag>& tags, std::string* variant = nullptr);

}  // namespace mlstack::plan

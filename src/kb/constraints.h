// SPDX-License-Identifier: MIT
// Constraints a distribution puts on the rest of the stack and on the machine,
// derived from the knowledge base and stated as PEP 508 requirements. The
// machine appears through virtual packages:
//   __cuda           highest CUDA version the driver supports ("12.4")
//   __cuda-runtime   CUDA runtime the process loads ("12.1")
//   __cuda-toolkit   CUDA of the nvcc that builds extensions ("12.4")
//   __glibc          C library version
//   __sm             GPU compute capability as a version ("8.6")
//   __torch-cxx11abi 1 when the installed torch uses the C++11 ABI, else 0
//   __python         interpreter version ("3.10.14")
// Each constraint carries the fact it follows from (Origin::fact(id, source)).
//
// Examples:
//   flash-attn 2.5.8+cu122torch2.3cxx11abiFALSE, cp310
//     -> torch==2.3.*, __torch-cxx11abi==0, __cuda-runtime>=12,<13, __python==3.10.*, __sm>=8.0
//   torch 2.3.0+cu121
//     -> __cuda>=12.1 (the CUDA 12.1 minimum driver), __sm>=5.0 (its arch list),
//        triton==2.3.0; <marker>, __python>=3.8,<3.13
//   xformers 0.0.26.post1 -> torch==2.3.0 (a coupling rule)
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/origin.h"
#include "kb/knowledge_base.h"
#include "pep/requirement.h"
#include "pep/tags.h"

namespace mlstack::kb {

struct Constraint {
  pep::Requirement requirement;
  Origin origin;       // the kb fact it follows from
  std::string reason;  // one sentence a finding can quote
  // Whether an installer resolving a range honours it:
  //   Enforces  the constraining distribution's own metadata states it
  //             (Requires-Dist, Requires-Python, torchvision's torch==2.3.0):
  //             only a stack that excludes every allowed version breaks it;
  //   Ignores   installers cannot see it (a wheel's torch label, torch<2.3
  //             with NumPy 2, whose Requires-Dist has no numpy, the driver):
  //             a fresh install may well break it;
  //   Unknown   the kb does not say: no fresh-install claim is made.
  enum class Installer { Unknown, Enforces, Ignores };
  Installer installer = Installer::Unknown;
  // Stated for the build pip installs by default (torch's plain PyPI wheel,
  // whose CUDA is the release's pypi_cuda), not for a build the stack names.
  bool default_build = false;
};

// Everything the knowledge base says `name` at `version` (local label
// included) requires. `tags` are the wheel's tags (from its WHEEL file or
// filename); without them interpreter constraints are only those the kb
// states for the release. Unknown packages and versions give no constraints.
std::vector<Constraint> derive_constraints(const KnowledgeBase& kb, std::string_view name,
                                           const pep::Version& version, std::span<const pep::Tag> tags = {});

// Only the coupling rules (coupling.toml) whose `if` `name`==`version` satisfies.
std::vector<Constraint> coupling_constraints(const KnowledgeBase& kb, std::string_view name,
                                             const pep::Version& version);

}  // namespace mlstack::kb

// SPDX-License-Identifier: MIT
// What the layer above knows about a candidate on the target beyond wheel
// tags and markers: the facts of the knowledge base (torch +cu121 needs a
// driver for CUDA 12.1 and has kernels for these compute capabilities; a
// flash-attn wheel's label fixes torch, the CUDA major and the C++ ABI) as
// requirements on real and virtual packages, a file that cannot run
// (a wheel variant for another GPU), and which local build to try first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pep/requirement.h"
#include "pep/version.h"
#include "solve/package_source.h"

namespace mlstack::solve {

struct FactRequirement {
  pep::Requirement requirement;  // may name a virtual package: "__cuda>=12.1"
  std::string reason;            // the sentence that justifies it
  std::string source;            // where the fact comes from (kb row id and source)
};

class TargetFacts {
 public:
  virtual ~TargetFacts() = default;
  // Requirements the facts add to `name` `version` installed from `file`.
  // The list must live as long as the TargetFacts: the provider keeps a
  // pointer to it per candidate rather than a copy (flash-attn's hundreds
  // of wheels state half a dozen requirements each).
  virtual const std::vector<FactRequirement>& requirements(std::string_view name, const pep::Version& version,
                                                           const DistFile& file) = 0;
  // Why `file` cannot work on the target although its tags fit, or "".
  virtual std::string reject(std::string_view name, const pep::Version& version, const DistFile& file) = 0;
  // Order among builds of one release (lower first): on a GPU machine the
  // CUDA builds before +cpu; other labels keep version order (0).
  virtual int variant_rank(std::string_view name, const pep::Version& version) = 0;
};

}  // namespace mlstack::solve

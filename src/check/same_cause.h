// SPDX-License-Identifier: MIT
// One cause, one finding. Several rules can reach the same broken pair: the
// environment's Requires-Dist check (env.conflicting-dependency, as pip check
// reports it) and the kb rule that knows why (torch.companion-mismatch, with
// its fact); an installed version outside the declaration
// (project.version-mismatch) and the kb rule whose fix installs the declared
// version. The most specific finding, the one that cites a kb fact, stays;
// the others become notes on it.
#pragma once

#include <vector>

#include "core/finding.h"

namespace mlstack::check {

void fold_same_causes(std::vector<Finding>& findings);

}  // namespace mlstack::check

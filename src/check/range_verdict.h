// SPDX-License-Identifier: MIT
// A requirement judged against a stack entry that is a declared range
// (`torch>=2.0,<2.3` in a manifest) rather than one version:
//   Violated   no version satisfies both: whatever the installer picks from
//              the range, the requirement fails (torchvision 0.18.0 needs
//              torch==2.3.0, the manifest allows only torch>=2.0,<2.3);
//   Satisfied  every version the installer may pick from the range satisfies
//              the requirement (the range is a subset of it);
//   Unknown    otherwise: it depends on which version is installed.
//
// "May pick" follows PEP 440's pre-release rule, as pip does: pre-releases
// count only when a clause of the range names one or the range holds no
// final release, so `torch==2.4.*` (which holds 2.4.0rc1) satisfies
// `torch>=2.4`. Violated stays strict (no version at all, pre-releases
// included), so it is never reported while some version could pass.
#pragma once

#include "check/evaluate.h"
#include "pep/specifier.h"

namespace mlstack::check {

Verdict judge_range(const pep::SpecifierSet& range, const pep::SpecifierSet& requirement);

}  // namespace mlstack::check

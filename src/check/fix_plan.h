// SPDX-License-Identifier: MIT
// Fixes for a whole check are one coherent set. A violated constraint "P at v
// needs c on T" can be fixed two ways: change T so that c holds (install
// torch==2.4.0), or change P to a release that fits the T the stack has
// (install torchvision 0.18.0, built for the torch 2.3.0 that is there). The
// planner tries them in the order that keeps what the project decided:
//   - a companion or extension of torch (torchvision, torchaudio, triton,
//     flash-attn, xformers) follows torch: change it, not torch;
//   - otherwise the package that states the rule stays, the other moves;
// and skips an option that contradicts the project: a declaration of the
// package it changes (for an environment, the project's manifests; for a
// manifest, its own other pins), a kb constraint another package of the stack
// puts on the new version, or one the new version puts on the others. When
// every option contradicts something, no fix is given and the finding says
// why (until a resolver, src/solve, proposes a whole new set).
#pragma once

#include <string>
#include <vector>

#include "check/check.h"
#include "check/stack.h"
#include "kb/constraints.h"
#include "kb/knowledge_base.h"

namespace mlstack::check {

struct FixContext {
  const kb::KnowledgeBase* kb = nullptr;
  const Stack* stack = nullptr;
  std::vector<Anchor> anchors;  // the project's declarations (environment checks); empty for a manifest
};

// The project's declarations that hold on the environment's platform.
std::vector<Anchor> anchors_from(const std::vector<DeclaredRequirement>& declared, const pep::Platform& platform);

struct PlannedFix {
  std::string fix;     // what to paste, or empty when withheld
  std::string detail;  // why the fix changes what it does, or why none is given
};

// `package` at `version` needs `constraint` on `target` (a package of the
// stack, nullptr for a virtual package); `rule` is the finding's rule id.
PlannedFix plan_fix(const FixContext& context, const StackPackage& package, const pep::Version& version,
                    const kb::Constraint& constraint, const StackPackage* target, std::string_view rule);

}  // namespace mlstack::check

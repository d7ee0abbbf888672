// SPDX-License-Identifier: MIT
// Why there is no solution, in sentences: the derivation tree of the
// terminal incompatibility walked as Dart pub's reporter walks it
// (doc/solver.md, "Error Reporting"): each derived incompatibility is
// "Because A and B, C."; one that later lines cite gets a number; chains
// of single dependencies collapse ("foo depends on bar which depends on
// baz"). Version sets are simplified against the versions the provider
// knows and printed as ranges; dependency facts (kb constraints) and the
// provider's reasons (the target's driver, no wheel for cp310) are quoted
// where they are used.
#pragma once

#include <string>
#include <vector>

#include "solve/provider.h"
#include "solve/solver.h"

namespace mlstack::solve {

struct ExplanationLine {
  std::string text;
  int number = 0;  // 0 when no later line refers to it
};

// The lines of the explanation of a failed result (result.failure set).
std::vector<ExplanationLine> explain(const SolveResult& result, Provider& provider);

// The lines as one text: "(1) " before numbered lines, blank lines kept.
std::string explanation_text(const std::vector<ExplanationLine>& lines);

// One incompatibility as a clause ("torch 2.4.0+cu124 depends on
// __cuda>=12.4", "flash-attn>=2.6 cannot be used"), for tests and callers
// that list the facts a failure rests on.
std::string describe(const Incompatibility& incompat, PackageId root, Provider& provider);

}  // namespace mlstack::solve

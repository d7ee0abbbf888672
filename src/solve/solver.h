// SPDX-License-Identifier: MIT
// PubGrub version solving (Natalie Weizenbaum's algorithm, as Dart pub's
// doc/solver.md describes it and pubgrub-rs implements it): unit
// propagation over incompatibilities, a decision when propagation is done,
// and on a conflict, resolution that learns a new incompatibility and jumps
// back to where it matters. A failure keeps the derivation tree the
// learned incompatibilities form, which report.h turns into sentences.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "solve/incompatibility.h"
#include "solve/provider.h"

namespace mlstack::solve {

struct SolveStats {
  std::size_t decisions = 0;
  std::size_t conflicts = 0;          // conflict resolutions run
  std::size_t incompatibilities = 0;  // stored at the end
};

struct SolveOptions {
  // Decisions after which the solver gives up with an error (PubGrub is
  // complete, but some inputs take exponential time).
  std::size_t max_decisions = 200000;
};

struct SolveResult {
  // Set on success: every selected package with its version, root first.
  std::optional<std::vector<std::pair<PackageId, pep::Version>>> solution;
  // On failure: every incompatibility, and the terminal one the
  // explanation starts from.
  std::vector<Incompatibility> incompatibilities;
  std::optional<IncompatId> failure;
  std::string error;  // set when the solver gave up rather than proved failure
  SolveStats stats;
};

SolveResult solve(Provider& provider, const SolveOptions& options = {});

}  // namespace mlstack::solve

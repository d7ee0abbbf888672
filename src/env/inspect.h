// SPDX-License-Identifier: MIT
// inspect(): the one library call behind `mlstack env` — the machine, the
// environment, the platform they make, and the dependency problems.
#pragma once

#include <vector>

#include "env/environment.h"
#include "env/machine.h"
#include "env/pip_check.h"
#include "pep/platform.h"

namespace mlstack::env {

struct EnvReport {
  Machine machine;
  Environment environment;
  pep::Platform platform;
  MarkerValues markers;                    // what Requires-Dist markers were evaluated with
  std::vector<DependencyProblem> problems;
  // Reader findings (machine, environment) then one per problem.
  std::vector<Finding> findings() const;
};

struct InspectOptions {
  EnvRequest request;
  MachineOptions machine;
};

EnvReport inspect(const System& system, const InspectOptions& options);

}  // namespace mlstack::env

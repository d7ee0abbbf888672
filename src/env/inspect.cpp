// SPDX-License-Identifier: MIT
#include "env/inspect.h"

#include "env/platform.h"

namespace mlstack::env {

std::vector<Finding> EnvReport::findings() const {
  std::vector<Finding> all = machine.findings;
  all.insert(all.end(), environment.findings.begin(), environment.findings.end());
  for (const DependencyProblem& problem : problems) all.push_back(to_finding(problem));
  return all;
}

EnvReport inspect(const System& system, const InspectOptions& options) {
  EnvReport report;
  report.machine = probe_machine(system, options.machine);
  report.environment = read_environment(system, options.request);
  report.platform = to_platform(report.machine, report.environment);
  report.markers = marker_values(report.environment, report.machine);
  report.problems = check_dependencies(report.environment, report.markers);
  return report;
}

}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
#include "env/inspect.h"

#include <fmt/format.h>

#include "core/trace.h"
#include "env/platform.h"

namespace mlstack::env {
namespace {

// "12 files read (40.1 KB), 9 folders listed (1,402 entries), 210 stats, 0 programs run"
std::string describe(const IoCounts& before, const IoCounts& after) {
  return fmt::format("{} files read ({:.1f} KB), {} folders listed ({} entries), {} stats, {} programs run",
                     after.files_read - before.files_read,
                     static_cast<double>(after.bytes_read - before.bytes_read) / 1024.0,
                     after.dirs_listed - before.dirs_listed, after.entries_listed - before.entries_listed,
                     after.stats - before.stats, after.programs_run - before.programs_run);
}

}  // namespace

std::vector<Finding> EnvReport::findings() const {
  std::vector<Finding> all = machine.findings;
  all.insert(all.end(), environment.findings.begin(), environment.findings.end());
  for (const DependencyProblem& problem : problems) all.push_back(to_finding(problem));
  return all;
}

EnvReport inspect(const System& system, const InspectOptions& options) {
  EnvReport report;
  IoCounts start = system.io_counts();
  {
    trace::Phase phase("env: machine");
    report.machine = probe_machine(system, options.machine);
  }
  IoCounts machine = system.io_counts();
  if (trace::enabled()) trace::note("env", "machine: " + describe(start, machine));
  {
    trace::Phase phase("env: environment");
    report.environment = read_environment(system, options.request);
  }
  if (trace::enabled()) trace::note("env", "environment: " + describe(machine, system.io_counts()));
  {
    trace::Phase phase("env: dependency check");
    report.platform = to_platform(report.machine, report.environment);
    report.markers = marker_values(report.environment, report.machine);
    report.problems = check_dependencies(report.environment, report.markers);
  }
  return report;
}

}  // namespace mlstack::env

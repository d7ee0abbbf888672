// SPDX-License-Identifier: MIT
// The whole analysis of one project, for `mlstack report`: what `mlstack scan`
// computes (manifests, the code), what `mlstack check` computes (stacks,
// findings) and what `mlstack env` reads (a live or saved environment and its
// machine), each computed once, plus the tables a report shows beside the
// findings: the kb couplings of each stack with their verdicts, the declared
// requirements against what is installed, and a pinning policy whose bounds
// agree with each other and with the couplings. Findings are never made here:
// they are the scan's, the code scan's and the check's, as those verbs report them.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/check_project.h"
#include "check/coupling.h"
#include "check/pinning_policy.h"
#include "env/inspect.h"
#include "project/code_scan.h"
#include "project/scan.h"

namespace mlstack::check {

struct AnalysisOptions {
  // path, --site/--python (env.request), --env-file, --target, --kb, binaries.
  // read_env: read the environment `mlstack env` would find (--env, or --site/--python).
  CheckOptions check;
  std::vector<std::string> entries;  // --entry: entry graphs to draw (default: console scripts, __main__ modules)
  bool read_code = true;
};

// One step of a long run ("reading the project", "checking"), for a progress line.
using ProgressFn = std::function<void(std::string_view step)>;

// A declared requirement of the main stack against the environment.
struct InstalledRow {
  std::string name;       // canonical
  std::string declared;   // "torch==2.3.0"
  std::string group;      // "" for the main dependencies, else the extra / group
  Origin declared_at;
  std::string installed;  // version, or "" when not installed
  std::optional<Origin> installed_at;
  std::string verdict;    // "holds", "violated", "not installed", "not installed (optional)", "not applicable", "unknown"
};

// An edge of the project's dependency graph. Nodes are the project ("") and
// canonical package names: what the main stack declares, and what the kb
// says the declared pins need.
struct DependencyEdge {
  enum class Kind {
    Declared,      // the project declares it (main dependencies)
    Optional,      // the project declares it in an extra or group
    RequiresDist,  // an installed distribution requires it (Requires-Dist whose marker holds)
    Coupling,      // the kb says a pinned or installed package needs it
  };
  std::string from;  // "" for the project
  std::string to;
  Kind kind = Kind::Declared;
  std::string label;  // the group, or the requirement
  bool violated = false;
};

struct Analysis {
  std::string path;
  std::string root;  // the folder file origins are relative to
  project::ScanResult scan;
  project::CodeScan code;  // empty when AnalysisOptions::read_code is false
  CheckReport check;
  // The environment as `mlstack env` shows it (live, or rebuilt from a saved file); none when not asked for.
  std::optional<env::EnvReport> environment;
  std::string environment_source;  // "--site DIR", "--env-file FILE", "found: $VIRTUAL_ENV"
  std::vector<CouplingRow> coupling;
  std::vector<InstalledRow> installed;
  PinningPolicy policy;
  std::vector<std::string> graph_nodes;  // canonical names of the dependency graph's packages, first-seen order
  std::vector<DependencyEdge> dependency_edges;
};

// Fails only when the options cannot be used (a bad --target, no such path);
// everything wrong with the inputs is a finding.
Expected<Analysis, std::string> analyse(const env::System& system, const AnalysisOptions& options,
                                        const ProgressFn& progress = {});

// Every finding the analysis holds, each once: the check's (manifest scan,
// environment, rules), then the code scan's.
std::vector<Finding> all_findings(const Analysis& analysis);

}  // namespace mlstack::check

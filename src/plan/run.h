// SPDX-License-Identifier: MIT
// `mlstack plan`'s library entry: options -> target, requirements, package
// sources, preferences -> make_plan. The CLI binds options and renders;
// everything else is here. Usage problems (a malformed target, an unknown
// stack or extra, a requirement that does not parse) are errors, exit 2.
#pragma once

#include <string>
#include <vector>

#include "core/expected.h"
#include "core/finding.h"
#include "env/system.h"
#include "plan/plan.h"
#include "plan/session.h"

namespace mlstack::plan {

struct PlanOptions {
  std::vector<std::string> inputs;    // one PATH (project folder or manifest), or requirements
  std::string target;                 // --target gpu=...,driver=...,python=...
  std::string env_file;               // --env-file node.json
  std::string python;                 // --python EXE: this machine's interpreter (default: as `env` finds it)
  std::vector<std::string> extras;    // --extra
  std::vector<std::string> groups;    // --group
  std::string stack;                  // --stack NAME
  SessionOptions sources;
  std::string prerelease = "if-necessary-or-explicit";  // --prerelease allow|disallow|if-necessary-or-explicit
  std::vector<std::string> allow_build;                 // --allow-build PKG|:all:
  bool prefer_installed = false;
  std::string lock;                   // --lock FILE: its versions as preferences
  std::string kb_dir;
  bool nearest = true;
};

struct PlanRun {
  Plan plan;
  std::string label;               // what was planned: "tests/data/projects/x", "3 requirements"
  std::vector<Finding> findings;   // loading problems (kb, scan, environment)
};

Expected<PlanRun, std::string> run_plan(const env::System& system, const PlanOptions& options);

}  // namespace mlstack::plan

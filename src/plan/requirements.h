// SPDX-License-Identifier: MIT
// What a plan must satisfy: the requirements a project declares (as the
// scan read them) for one stack, with the extras and groups asked for, or
// the requirements given on the command line.
//
// A project's main stack is its declarative manifests (pyproject.toml,
// requirements files, setup.py / setup.cfg); --stack picks an alternative
// manifest the scan found ("pyproject.toml_torch_2.6.0") or any manifest by
// path, an install script included ("scripts/setup.sh" plans what the
// script installs). Runtime requirements always count, extras and groups
// when named (--extra, --group), build requirements and constraints never
// (a plan is what runs). The project's requires-python becomes a
// requirement on __python, so a target outside it is explained, not ignored.
#pragma once

#include <string>
#include <vector>

#include "core/expected.h"
#include "pep/marker.h"
#include "plan/plan.h"
#include "project/scan.h"

namespace mlstack::plan {

struct RequirementSelection {
  std::string stack;                // "" for the main stack
  std::vector<std::string> extras;  // --extra (canonical compare)
  std::vector<std::string> groups;  // --group
  // The target's marker environment: a URL requirement for another platform
  // (`; sys_platform == "win32"`) is no concern of the plan and gets no note.
  const pep::MarkerEnvironment* markers = nullptr;
};

struct GatheredRequirements {
  std::vector<RootRequirement> roots;
  std::vector<project::IndexEntry> indexes;  // declared by the manifests used
  std::vector<std::string> manifests;        // the paths read
  std::vector<std::string> notes;            // what was left out, and why
};

// Fails (a usage error) when --stack names nothing the scan found, or an
// --extra / --group the stack does not declare.
Expected<GatheredRequirements, std::string> requirements_from_scan(const project::ScanResult& scan,
                                                                   const RequirementSelection& selection);

// Command-line requirements; fails naming the first that does not parse.
Expected<GatheredRequirements, std::string> requirements_from_arguments(const std::vector<std::string>& texts);

}  // namespace mlstack::plan

// SPDX-License-Identifier: MIT
// Plan: a pinned stack for one target machine, or why there is none. Plain
// values; report/plan_view.* and report/plan_formats.* render them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "pep/requirement.h"
#include "plan/target.h"
#include "solve/package_source.h"
#include "solve/solver.h"

namespace mlstack::plan {

// A requirement the plan was asked to satisfy, with where it came from.
struct RootRequirement {
  pep::Requirement requirement;
  std::string origin;  // "pyproject.toml:12", "command line"
};

// One fact that decided a choice: "__cuda>=12.1" held because the target's
// driver supports CUDA 12.4, for the reason the kb gives.
struct Reason {
  std::string requirement;  // "__cuda>=12.1", "torch==2.3.*"
  std::string reason;       // the kb's sentence
  std::string value;        // what the target or the plan gave: "the target's driver 550.54.15 supports CUDA 12.4 at most"
  std::string source;       // the kb row (id and source)
};

struct PlanRow {
  std::string name;  // canonical
  pep::Version version;
  std::vector<std::string> extras;
  solve::DistFile file;
  std::vector<Reason> why;               // the machine and kb facts that bore on it
  std::string summary;                   // the same, short: "CUDA 12.1 build: driver runs ≤ 12.4; kernels for sm_90"
  std::vector<std::string> required_by;  // "" for a root requirement
  bool direct = false;
  std::string note;                      // pre-release, yanked, kept preference
  std::vector<std::string> build_needs;  // an sdist: what building it needs
  bool dependencies_unknown = false;     // the index served no metadata for it
  std::string dependencies_reason;       // why, naming the URL
};

// A plan that exists when one requirement is relaxed.
struct NearestPlan {
  std::string change;  // "without flash-attn>=2.5.8", "flash-attn (any version) instead of ==2.5.8"
  std::vector<std::string> differences;  // "torch 2.3.1+cu121 -> 2.3.0+cu121", "flash-attn: not installed"
  std::size_t packages = 0;
};

struct Plan {
  PlanTarget target;
  std::vector<RootRequirement> requirements;
  bool solved = false;
  std::vector<PlanRow> rows;                       // install order: torch and its variant index first
  std::map<std::string, pep::Version> virtuals;    // "__cuda" -> 12.4, "__torch-cxx11abi" -> 0
  std::vector<std::string> explanation;            // when not solved: the derivation, one sentence per line
  std::vector<int> explanation_numbers;            // line numbers ("(1)") parallel to explanation
  std::vector<NearestPlan> nearest;
  std::vector<std::string> notes;                  // missing extras, URL requirements left out, target assumptions
  std::vector<Finding> findings;                   // src/check on the plan (and loading problems)
  solve::SolveStats stats;
  std::string solver_error;                        // the solver gave up
};

}  // namespace mlstack::plan

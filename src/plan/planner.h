// SPDX-License-Identifier: MIT
// make_plan: requirements + target + package data -> a Plan. It runs the
// solver through solve::PythonProvider with the kb's facts (KbFacts),
// turns the solution into rows with the reason for each machine-bound
// choice, checks the result with src/check (a plan that check faults is a
// bug), and on failure explains and looks for the nearest plans that exist
// (each root requirement dropped or its version freed, one at a time).
#pragma once

#include <vector>

#include "kb/knowledge_base.h"
#include "plan/plan.h"
#include "plan/target.h"
#include "solve/package_source.h"
#include "solve/python_provider.h"

namespace mlstack::plan {

struct PlanRequest {
  std::vector<RootRequirement> requirements;
  PlanTarget target;
  solve::Policy policy;
  std::string root_name = "your requirements";
  bool nearest = true;  // on failure, try relaxations
};

Plan make_plan(const PlanRequest& request, solve::PackageSource& source, const kb::KnowledgeBase& kb);

// The plan as a Stack check can judge, and the findings check gives.
std::vector<Finding> check_plan(const Plan& plan, const kb::KnowledgeBase& kb);

}  // namespace mlstack::plan

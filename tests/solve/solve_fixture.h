// SPDX-License-Identifier: MIT
// Shared helpers for the solver tests: a Linux x86_64 CPython 3.12 target,
// a MemorySource to fill, and a solve that returns pins or the explanation.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "pep/requirement.h"
#include "solve/memory_source.h"
#include "solve/python_provider.h"
#include "solve/report.h"
#include "solve/solver.h"

namespace mlstack::solve::testing {

inline pep::Platform linux_py312() {
  pep::Platform platform;
  platform.python_version = pep::Version::parse("3.12.3").value();
  platform.libc_version = pep::Version::parse("2.35").value();
  return platform;
}

inline std::vector<pep::Requirement> requirements(const std::vector<std::string>& texts) {
  std::vector<pep::Requirement> out;
  for (const std::string& text : texts) out.push_back(pep::Requirement::parse(text).value());
  return out;
}

struct Resolution {
  bool ok = false;
  std::map<std::string, std::string> pins;  // canonical name -> version
  std::vector<Pick> picks;
  std::string explanation;
  std::vector<std::string> notes;
  SolveStats stats;
};

inline Resolution resolve(PackageSource& source, const std::vector<std::string>& root, Policy policy = {},
                   Target target = target_for(linux_py312()), TargetFacts* facts = nullptr) {
  PythonProvider provider(source, std::move(target), std::move(policy), requirements(root), facts);
  SolveResult result = solve(provider);
  Resolution run;
  run.stats = result.stats;
  run.notes = provider.notes();
  if (result.solution) {
    run.ok = true;
    run.picks = provider.picks(result);
    for (const Pick& pick : run.picks) run.pins[pick.name] = pick.version.str();
  } else {
    run.explanation = explanation_text(explain(result, provider));
    if (!result.error.empty()) run.explanation = "error: " + result.error + "\n" + run.explanation;
  }
  return run;
}

}  // namespace mlstack::solve::testing

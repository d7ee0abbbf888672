// SPDX-License-Identifier: MIT
// Runs resolver scenarios through PythonProvider + solve(): packse's
// scenarios (astral-sh/packse, as converted in shared/testdata/resolver)
// and resolvelib's functional cases (real 2020 PyPI metadata). Each run
// ends in an Outcome: passed, or failed with the reason, so a suite can
// count failures rather than skip them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlstack::solve::testing {

struct Outcome {
  bool passed = false;
  std::string category;  // "", "universal", "wrong-pins", "unexpected-failure", "unexpected-success", ...
  std::string detail;    // what differed, and the explanation when one was printed
  std::map<std::string, std::string> pins;  // what we resolved (canonical name -> version)
  std::string explanation;
  std::string timing;  // the solve alone (not loading the index), with its counts
};

// A packse scenario (one element of scenarios_public.json's "scenarios").
Outcome run_packse(const nlohmann::json& scenario);

// A resolvelib case against its index ("indexes"[case.index]), in the
// marker environment `environment` (one of "marker_environments"), with
// standard marker evaluation. Satisfiable cases pass when the solution is
// valid (every dependency of every pin holds, checked apart from the
// solver); detail says whether the pins equal resolvelib's.
Outcome run_resolvelib(const nlohmann::json& test_case, const nlohmann::json& index,
                       const nlohmann::json& environment, const nlohmann::json& expected_result);

nlohmann::json load_json(const std::string& path);
bool file_exists(const std::string& path);

}  // namespace mlstack::solve::testing

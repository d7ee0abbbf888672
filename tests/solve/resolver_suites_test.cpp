// SPDX-License-Identifier: MIT
// The resolver scenario suites: packse's public scenarios and resolvelib's
// functional cases. The subsets in tests/data/solve (made by
// make_subsets.py from ../shared/testdata/resolver) always run; the full
// files run when ../shared is there and skip, saying so, when it is not.
// Every scenario passes or is counted as failing with its reason.
#include <cstdlib>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "solve/scenario_runner.h"

namespace mlstack::solve {
namespace {

using testing::load_json;
using testing::Outcome;

const std::string k_shared = std::string(MLSTACK_SHARED_DIR) + "/testdata/resolver/";
const std::string k_data = std::string(MLSTACK_SOURCE_DIR) + "/tests/data/solve/";

// Failures we know and count, by scenario name, with the reason. A
// scenario here that starts to pass fails the test, so the list stays true.
const std::map<std::string, std::string> k_known_packse_failures = {};

struct Tally {
  std::size_t passed = 0;
  std::map<std::string, std::vector<std::string>> failed;  // category -> names
  std::string summary() const {
    std::string out = fmt::format("{} passed", passed);
    for (const auto& [category, names] : failed) out += fmt::format(", {} {}", names.size(), category);
    return out;
  }
};

void check_packse(const nlohmann::json& scenarios, Tally& tally) {
  for (const auto& scenario : scenarios) {
    std::string name = scenario["name"].get<std::string>();
    Outcome outcome = testing::run_packse(scenario);
    auto known = k_known_packse_failures.find(name);
    if (outcome.passed) {
      ++tally.passed;
      EXPECT_EQ(known, k_known_packse_failures.end()) << name << " passes now: take it off the known failures";
      continue;
    }
    tally.failed[outcome.category].push_back(name);
    // Universal (fork) scenarios are counted, not solved: mlstack plans for one target.
    if (outcome.category == "universal") continue;
    EXPECT_NE(known, k_known_packse_failures.end())
        << name << " [" << outcome.category << "] " << outcome.detail << "\n"
        << scenario["description"].get<std::string>();
  }
}

void check_resolvelib(const nlohmann::json& file, Tally& tally) {
  const std::string environment = "linux-cpython-3.11";
  for (const auto& test_case : file["cases"]) {
    std::string name = test_case["name"].get<std::string>();
    const nlohmann::json& index = file["indexes"][test_case["index"].get<std::string>()];
    const nlohmann::json& expected = test_case["resolvelib_result_standard_markers"][environment];
    Outcome outcome = testing::run_resolvelib(test_case, index, file["marker_environments"][environment], expected);
    if (outcome.passed) {
      ++tally.passed;
      // MLSTACK_SUITE_DETAIL=1 prints explanations whole.
      std::string detail = std::getenv("MLSTACK_SUITE_DETAIL") != nullptr
                               ? outcome.detail
                               : outcome.detail.substr(0, outcome.detail.find('\n'));
      std::printf("  %-26s passed in %s (%s)\n", name.c_str(), outcome.timing.c_str(), detail.c_str());
      continue;
    }
    tally.failed[outcome.category].push_back(name);
    ADD_FAILURE() << name << " [" << outcome.category << "] " << outcome.detail;
  }
}

TEST(ResolverSuitesTest, PackseSubset) {
  Tally tally;
  check_packse(load_json(k_data + "packse_subset.json")["scenarios"], tally);
  std::printf("packse subset: %s\n", tally.summary().c_str());
  EXPECT_GT(tally.passed, 20u);
}

TEST(ResolverSuitesTest, ResolvelibSubset) {
  Tally tally;
  check_resolvelib(load_json(k_data + "resolvelib_subset.json"), tally);
  std::printf("resolvelib subset: %s\n", tally.summary().c_str());
  EXPECT_GE(tally.passed, 7u);
}

TEST(ResolverSuitesTest, PacksePublicScenarios) {
  std::string path = k_shared + "scenarios_public.json";
  if (!testing::file_exists(path)) GTEST_SKIP() << path << " is missing (no ../shared): the full suite does not run";
  Tally tally;
  nlohmann::json file = load_json(path);
  check_packse(file["scenarios"], tally);
  std::printf("packse public scenarios: %s\n", tally.summary().c_str());
  for (const auto& [category, names] : tally.failed) {
    std::printf("  %s:", category.c_str());
    for (const auto& name : names) std::printf(" %s", name.c_str());
    std::printf("\n");
  }
  EXPECT_EQ(tally.passed + [&] {
    std::size_t n = 0;
    for (const auto& [category, names] : tally.failed) n += names.size();
    return n;
  }(), file["scenarios"].size());
}

TEST(ResolverSuitesTest, ResolvelibCases) {
  std::string path = k_shared + "resolvelib_cases.json";
  if (!testing::file_exists(path)) GTEST_SKIP() << path << " is missing (no ../shared): the full suite does not run";
  Tally tally;
  check_resolvelib(load_json(path), tally);
  std::printf("resolvelib cases: %s\n", tally.summary().c_str());
}

}  // namespace
}  // namespace mlstack::solve

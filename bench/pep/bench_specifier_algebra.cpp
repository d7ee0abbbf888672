// SPDX-License-Identifier: MIT
// The specifier-set algebra (pep/specifier_algebra.h) on the sets of
// packaging's vectors: is_unsatisfiable on each, is_subset and is_disjoint on
// every ordered pair. The sets are parsed once, outside the timing, so the
// figures are the algebra alone: building each side's intervals, the
// complement or intersection, and the emptiness tests.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "pep/specifier_algebra.h"

namespace {

using namespace mlstack::pep;

// The "unsatisfiable" and "specifier_sets_valid" sets without "===" (which
// the relations refuse): 502 sets of one to seven clauses.
const std::vector<SpecifierSet>& sets() {
  static const std::vector<SpecifierSet> parsed = [] {
    std::ifstream in(std::string(MLSTACK_SHARED_DIR) + "/testdata/packaging/pep440_specifiers.json");
    std::stringstream buffer;
    buffer << in.rdbuf();
    nlohmann::json vectors = nlohmann::json::parse(buffer.str());
    std::vector<SpecifierSet> out;
    for (const char* section : {"unsatisfiable", "specifier_sets_valid"}) {
      for (const auto& c : vectors[section]) {
        std::string text = c.contains("specifier") ? c["specifier"] : c["input"];
        if (text.find("===") != std::string::npos) continue;
        if (auto set = SpecifierSet::parse(text)) out.push_back(*set);
      }
    }
    return out;
  }();
  return parsed;
}

void BM_IsUnsatisfiable(benchmark::State& state) {
  std::size_t unsatisfiable = 0;
  for (auto _ : state) {
    unsatisfiable = 0;
    for (const SpecifierSet& set : sets()) unsatisfiable += is_unsatisfiable(set);
    benchmark::DoNotOptimize(unsatisfiable);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * sets().size()));
  state.counters["sets"] = static_cast<double>(sets().size());
  state.counters["unsatisfiable"] = static_cast<double>(unsatisfiable);
}
BENCHMARK(BM_IsUnsatisfiable)->Unit(benchmark::kMicrosecond);

template <typename Relation>
void all_pairs(benchmark::State& state, Relation relation) {
  const std::vector<SpecifierSet>& all = sets();
  std::size_t yes = 0;
  for (auto _ : state) {
    yes = 0;
    for (const SpecifierSet& a : all) {
      for (const SpecifierSet& b : all) yes += *relation(a, b);
    }
    benchmark::DoNotOptimize(yes);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * all.size() * all.size()));
  state.counters["true"] = static_cast<double>(yes);
}

void BM_IsSubsetAllPairs(benchmark::State& state) { all_pairs(state, is_subset); }
void BM_IsDisjointAllPairs(benchmark::State& state) { all_pairs(state, is_disjoint); }
BENCHMARK(BM_IsSubsetAllPairs)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IsDisjointAllPairs)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

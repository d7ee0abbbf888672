// SPDX-License-Identifier: MIT
// src/pep on real-looking inputs: parse and sort 100,000 versions; parse
// 10,000 requirements and evaluate their markers. Inputs come from
// bench/pep/compare_packaging.py (which writes them, times packaging on the
// same work and checks that both give the same answers); the directory is
// $MLSTACK_PEP_BENCH_INPUTS or build/bench-pep-inputs.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "pep/marker.h"
#include "pep/requirement.h"
#include "pep/version.h"

namespace {

using namespace mlstack::pep;

std::string input_dir() {
  const char* dir = std::getenv("MLSTACK_PEP_BENCH_INPUTS");
  return dir ? dir : std::string(MLSTACK_SOURCE_DIR) + "/build/bench-pep-inputs";
}

std::vector<std::string> read_lines(const std::string& name) {
  std::ifstream in(input_dir() + "/" + name);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// FNV-1a, 32 bits so that it survives as a benchmark counter (a double);
// compare_packaging.py computes the same over packaging's answers.
uint32_t fnv(uint32_t hash, std::string_view text) {
  for (unsigned char c : text) hash = (hash ^ c) * 16777619u;
  return hash;
}

struct Pairs {
  std::vector<std::string> requirements;
  std::vector<const MarkerEnvironment*> environments;
  std::map<std::string, MarkerEnvironment> by_name;
};

const Pairs& pairs() {
  static const Pairs data = [] {
    Pairs p;
    std::ifstream in(input_dir() + "/environments.json");
    nlohmann::json envs = nlohmann::json::parse(in, nullptr, false);
    if (envs.is_object()) {
      for (const auto& [name, values] : envs.items()) {
        MarkerEnvironment env;
        for (const auto& [key, value] : values.items()) env.values[key] = value.get<std::string>();
        p.by_name[name] = env;
      }
    }
    for (const std::string& line : read_lines("requirements.txt")) {
      auto tab = line.find('\t');
      if (tab == std::string::npos || !p.by_name.count(line.substr(0, tab))) continue;
      p.environments.push_back(&p.by_name.at(line.substr(0, tab)));
      p.requirements.push_back(line.substr(tab + 1));
    }
    return p;
  }();
  return data;
}

void BM_ParseAndSortVersions(benchmark::State& state) {
  std::vector<std::string> lines = read_lines("versions.txt");
  if (lines.empty()) return state.SkipWithError("no inputs: run bench/pep/compare_packaging.py");
  std::vector<Version> versions;
  std::vector<std::size_t> order;  // a stable sort, as Python's sorted()
  for (auto _ : state) {
    versions.clear();
    versions.reserve(lines.size());
    for (const std::string& line : lines) versions.push_back(*Version::parse(line));
    order = Version::sort_order(versions);
    benchmark::DoNotOptimize(order.data());
  }
  uint32_t hash = 2166136261u;
  for (std::size_t i : order) hash = fnv(fnv(hash, versions[i].str()), "\n");
  state.counters["versions"] = static_cast<double>(lines.size());
  state.counters["checksum"] = hash;
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(lines.size()));
}
BENCHMARK(BM_ParseAndSortVersions)->Unit(benchmark::kMillisecond);

void BM_ParseVersions(benchmark::State& state) {
  std::vector<std::string> lines = read_lines("versions.txt");
  if (lines.empty()) return state.SkipWithError("no inputs: run bench/pep/compare_packaging.py");
  for (auto _ : state) {
    for (const std::string& line : lines) benchmark::DoNotOptimize(Version::parse(line));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(lines.size()));
}
BENCHMARK(BM_ParseVersions)->Unit(benchmark::kMillisecond);

void BM_RequirementMarkers(benchmark::State& state) {
  const Pairs& p = pairs();
  if (p.requirements.empty()) return state.SkipWithError("no inputs: run bench/pep/compare_packaging.py");
  uint32_t hash = 0;
  int64_t matched = 0;
  for (auto _ : state) {
    hash = 2166136261u;
    matched = 0;
    for (std::size_t i = 0; i < p.requirements.size(); ++i) {
      auto req = Requirement::parse(p.requirements[i]);
      bool active = req && (!req->marker || req->marker->evaluate(*p.environments[i]));
      matched += active;
      hash = fnv(hash, active ? "1" : "0");
    }
    benchmark::DoNotOptimize(hash);
  }
  state.counters["pairs"] = static_cast<double>(p.requirements.size());
  state.counters["matched"] = static_cast<double>(matched);
  state.counters["checksum"] = hash;
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(p.requirements.size()));
}
BENCHMARK(BM_RequirementMarkers)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

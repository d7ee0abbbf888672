// SPDX-License-Identifier: MIT
// The packaging reference vectors, in two sets:
//   - the sample in tests/data/pep (derived by tests/data/pep/derive.py, every
//     file naming what it kept), which the repository holds, so that a clone
//     passes its tests on its own;
//   - the full suite in ../shared/testdata/packaging (pypa/packaging's own
//     vectors, 14 MB), when the checkout has one beside it.
// VECTOR_TEST(Suite, Name) defines Suite.Name on the full suite (skipped, with
// the reason, where ../shared is absent) and SuiteSample.Name on the sample,
// both running the same body (tests/shared_data.h); inside it load_vectors()
// reads the set the test runs on.
#pragma once

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "shared_data.h"

namespace mlstack::pep::testing {

using VectorSet = ::mlstack::testing::DataSet;
using ::mlstack::testing::full_only;

inline VectorSet current_vector_set() { return ::mlstack::testing::current_data_set(); }

inline std::string vector_path(VectorSet set, const std::string& file) {
  return set == VectorSet::Full ? std::string(MLSTACK_SHARED_DIR) + "/testdata/packaging/" + file
                                : std::string(MLSTACK_SOURCE_DIR) + "/tests/data/pep/" + file;
}

// The vectors of `file` in the set the running test uses, parsed once per set.
inline const nlohmann::json& load_vectors(const std::string& file) {
  static std::map<std::pair<VectorSet, std::string>, nlohmann::json> cache;
  auto key = std::make_pair(current_vector_set(), file);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  std::string path = vector_path(key.first, file);
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return cache.emplace(key, nlohmann::json::parse(buffer.str())).first->second;
}

// How many cases a section must hold: `full` on the full suite (the vectors
// did not change under the tests), the sample's recorded count on the sample.
inline std::size_t expected_count(const nlohmann::json& vectors, const std::string& section, std::size_t full) {
  if (current_vector_set() == VectorSet::Full) return full;
  return vectors["counts"].contains(section) ? vectors["counts"][section].get<std::size_t>() : vectors[section].size();
}

// A JSON value that is null or an optional<T>.
template <typename T>
std::optional<T> optional_of(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<T>();
}

}  // namespace mlstack::pep::testing

#define VECTOR_TEST(suite, name) SHARED_OR_SAMPLE_TEST(suite, name, "testdata/packaging/pep440_versions.json")

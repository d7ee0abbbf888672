// SPDX-License-Identifier: MIT
// Tests that check mlstack against the reference material in ../shared
// (pypa/packaging's vectors, the kb research, the manifest corpus) run on two
// sets of data:
//   - a small sample the repository holds under tests/data, derived from
//     ../shared by a script beside it that names what it kept, so that a
//     clone on a fresh machine passes its tests on its own;
//   - the full material in ../shared, when the checkout has it beside it.
// SHARED_OR_SAMPLE_TEST(Suite, Name, "probe/path") defines Suite.Name on the
// full material (skipped, with the reason, when MLSTACK_SHARED_DIR/probe/path
// is missing) and SuiteSample.Name on the sample; both run the same body, and
// inside it current_data_set() says which set to read.
#pragma once

#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace mlstack::testing {

enum class DataSet { Sample, Full };

inline DataSet& current_data_set() {
  static DataSet set = DataSet::Sample;
  return set;
}

inline bool shared_present(const std::string& probe) {
  return std::ifstream(std::string(MLSTACK_SHARED_DIR) + "/" + probe).good();
}

struct DataSetScope {
  explicit DataSetScope(DataSet set) { current_data_set() = set; }
  ~DataSetScope() { current_data_set() = DataSet::Sample; }
};

// A bound that holds on the full material only (a minimum number of probes).
inline std::size_t full_only(std::size_t n) { return current_data_set() == DataSet::Full ? n : 0; }

}  // namespace mlstack::testing

#define SHARED_OR_SAMPLE_TEST(suite, name, probe)                                                               \
  void suite##_##name##_body();                                                                                  \
  TEST(suite, name) {                                                                                            \
    if (!::mlstack::testing::shared_present(probe))                                                              \
      GTEST_SKIP() << "needs " MLSTACK_SHARED_DIR "/" probe ", which this checkout does not have; "              \
                      "its sample in tests/data ran instead (" #suite "Sample." #name ")";                       \
    ::mlstack::testing::DataSetScope scope(::mlstack::testing::DataSet::Full);                                   \
    suite##_##name##_body();                                                                                     \
  }                                                                                                              \
  TEST(suite##Sample, name) {                                                                                    \
    ::mlstack::testing::DataSetScope scope(::mlstack::testing::DataSet::Sample);                                 \
    suite##_##name##_body();                                                                                     \
  }                                                                                                              \
  void suite##_##name##_body()

// A test on the full material only (nothing small enough to sample):
// skipped, with the reason, where ../shared is absent.
#define SHARED_ONLY_TEST(suite, name, probe)                                                                    \
  void suite##_##name##_body();                                                                                  \
  TEST(suite, name) {                                                                                            \
    if (!::mlstack::testing::shared_present(probe))                                                              \
      GTEST_SKIP() << "needs " MLSTACK_SHARED_DIR "/" probe ", which this checkout does not have";               \
    ::mlstack::testing::DataSetScope scope(::mlstack::testing::DataSet::Full);                                   \
    suite##_##name##_body();                                                                                     \
  }                                                                                                              \
  void suite##_##name##_body()

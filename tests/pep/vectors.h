// SPDX-License-Identifier: MIT
// Loads the packaging reference vectors from shared/testdata/packaging.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace mlstack::pep::testing {

inline nlohmann::json load_vectors(const std::string& file) {
  std::string path = std::string(MLSTACK_SHARED_DIR) + "/testdata/packaging/" + file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return nlohmann::json::parse(buffer.str());
}

// A JSON value that is null or an optional<T>.
template <typename T>
std::optional<T> optional_of(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  return value.get<T>();
}

}  // namespace mlstack::pep::testing

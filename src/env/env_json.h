// SPDX-License-Identifier: MIT
// The JSON form of an environment and a machine: the payload of
// `mlstack env --format json`, which other verbs read back as a saved
// environment (`--env-file`). docs/env-schema.md documents every field; the
// writer and load_env_file are each other's inverse (round-trip tested).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/expected.h"
#include "env/environment.h"
#include "env/machine.h"
#include "env/pip_check.h"

namespace mlstack::env {

// The version of the "environment"/"machine" payload layout.
inline constexpr int k_env_schema_version = 1;

nlohmann::json to_json(const Machine& machine);
nlohmann::json to_json(const Environment& environment);
nlohmann::json to_json(const DependencyProblem& problem);

Expected<Machine, std::string> machine_from_json(const nlohmann::json& json);
Expected<Environment, std::string> environment_from_json(const nlohmann::json& json);

// A saved `mlstack env --format json` output.
struct EnvFile {
  Machine machine;
  Environment environment;
  std::vector<DependencyProblem> problems;
  std::vector<Finding> findings;  // as saved (the envelope's "findings")
};

// Reads a file written by `mlstack env --format json`. Fails with a message
// naming the file and the first field that is missing or of the wrong type.
Expected<EnvFile, std::string> load_env_file(const std::string& path);
Expected<EnvFile, std::string> parse_env_file(std::string_view text, const std::string& name);

}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
// Finding: one typed result of a rule or a reader. Renderers format findings;
// they never compute them. Readers report bad input as findings of the
// `input.*` rules so that the rest of the work goes on.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/origin.h"

namespace mlstack {

enum class Severity { Info = 0, Warning = 1, Error = 2 };

const char* to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

struct Finding {
  std::string rule;      // stable id, e.g. "input.toml-syntax", "torch.cuda-driver"
  Severity severity = Severity::Error;
  std::string message;   // one sentence, no trailing period needed
  std::vector<Origin> origins;
  std::string fix;       // something a person can paste; empty when there is none
  std::string detail;    // optional longer text (a caret block, a derivation)
  // Other rules that reached the same cause, folded into this finding (the
  // most specific one): "also env.conflicting-dependency: torchvision 0.19.0
  // requires torch==2.4.0, but torch 2.3.0 is installed".
  std::vector<std::string> notes = {};

  friend bool operator==(const Finding&, const Finding&) = default;
};

// Input findings are errors that say the input could not be read as intended.
bool is_input_error(const Finding& finding);

// Highest severity among findings, or nullopt when there are none.
std::optional<Severity> max_severity(const std::vector<Finding>& findings);

}  // namespace mlstack

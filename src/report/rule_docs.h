// SPDX-License-Identifier: MIT
// Where each rule is documented, for links out of a report (SARIF helpUri,
// HTML): the rules of `mlstack check` have a section of their own in
// docs/rules.md (anchored by id); the scan's, the environment reader's, the
// binary layer's and the knowledge base's are tables in their docs page,
// linked by that table's heading.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/finding.h"

namespace mlstack::report {

struct RuleHelp {
  std::string page;    // "rules.md", relative to docs/
  std::string anchor;  // "coupling.violated", "what-the-code-says"
  std::string title;   // the catalogue's title; empty when the rule has none
  std::optional<Severity> severity;  // the catalogue's default
};

RuleHelp rule_help(std::string_view rule);

// The absolute URL of the rule's docs: the build's docs URL, the page and the anchor.
std::string rule_help_uri(std::string_view rule);

}  // namespace mlstack::report

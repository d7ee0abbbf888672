// SPDX-License-Identifier: MIT
// `mlstack check`'s library entry: every rule over the stacks it is given.
// Rules read the model and the knowledge base and return findings; nothing
// here prints or reads files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/stack.h"
#include "check/wheels.h"
#include "core/finding.h"
#include "kb/knowledge_base.h"
#include "pep/requirement.h"

namespace mlstack::check {

// A requirement the project declares, with where and under which group.
struct DeclaredRequirement {
  pep::Requirement requirement;
  Origin origin;
  std::string group;  // "" for the main dependencies, else the extra / group / script name
  bool optional = false;  // an extra or optional group: not having it installed is no error
};

// What the project declares of a package, which fixes keep (check/fix_plan.h).
struct Anchor {
  std::string name;  // canonical
  pep::SpecifierSet specifier;
  std::string text;  // "torch==2.3.0"
  Origin origin;
};

struct CheckInput {
  const kb::KnowledgeBase* kb = nullptr;
  // Stacks judged on their own: each manifest or script's pins, each lock.
  std::vector<Stack> declared_stacks;
  // The installed environment with the machine, when one was read.
  std::optional<Stack> environment;
  // The project's declared requirements, checked against the environment.
  std::vector<DeclaredRequirement> declared;
  // Where the project compiles CUDA extensions against torch (setup.py
  // CUDAExtension): a toolkit mismatch is then an error, not a warning.
  std::vector<Origin> cuda_extension_builds;
  // Canonical names of the project's own distributions (an editable install
  // of the project is not an extra package).
  std::vector<std::string> project_names;
};

struct CheckResult {
  std::vector<Finding> findings;  // sorted: errors first, then by rule id
  std::vector<WheelPick> wheels;  // the prebuilt wheel (or source build) of each declared stack's flash-attn
};

CheckResult run_checks(const CheckInput& input);

// The rules, each over one stack (see rule_catalog.h for ids).
// `anchors`: the project's declarations that fixes must keep (for an
// environment: its manifests); empty for a manifest, whose own pins are the stack.
void check_kb_constraints(const kb::KnowledgeBase& kb, const Stack& stack, std::vector<Finding>& out,
                          const std::vector<Anchor>& anchors = {});
void check_release_facts(const kb::KnowledgeBase& kb, const Stack& stack, std::vector<Finding>& out);
void check_declared_against_installed(const std::vector<DeclaredRequirement>& declared, const Stack& environment,
                                      std::vector<Finding>& out);
void check_extra_installed(const std::vector<DeclaredRequirement>& declared,
                           const std::vector<std::string>& project_names, const Stack& environment,
                           std::vector<Finding>& out);

}  // namespace mlstack::check

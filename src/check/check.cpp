// SPDX-License-Identifier: MIT
#include "check/check.h"

#include <algorithm>

#include "check/fix_plan.h"

namespace mlstack::check {
namespace {

// torch.toolkit-mismatch only bites when something is compiled: an error
// when the project builds CUDA extensions itself, else a warning about any
// later source build (flash-attn without a matching wheel).
void weigh_toolkit_findings(const std::vector<Origin>& builds, std::vector<Finding>& findings) {
  if (builds.empty()) {
    // Nothing the check knows of is compiled (no CUDAExtension, no package
    // without a prebuilt wheel): running torch is unaffected, so a note.
    bool source_build = std::any_of(findings.begin(), findings.end(),
                                    [](const Finding& f) { return f.rule == "wheel.source-build"; });
    if (source_build) return;
    for (Finding& finding : findings) {
      if (finding.rule != "torch.toolkit-mismatch" || finding.severity != Severity::Warning) continue;
      finding.severity = Severity::Info;
      if (!finding.detail.empty()) finding.detail += ". ";
      finding.detail += "Nothing this project declares is known to be compiled here (no CUDAExtension, no package "
                        "without a prebuilt wheel): it matters for a later source build";
    }
    return;
  }
  for (Finding& finding : findings) {
    if (finding.rule != "torch.toolkit-mismatch") continue;
    finding.severity = Severity::Error;
    if (!finding.detail.empty()) finding.detail += ". ";
    finding.detail += "This project compiles CUDA extensions, so its own build fails";
    for (const Origin& build : builds) finding.origins.push_back(build);
  }
}

}  // namespace

CheckResult run_checks(const CheckInput& input) {
  CheckResult result;
  auto& out = result.findings;
  for (const Stack& stack : input.declared_stacks) {
    if (input.kb) {
      check_kb_constraints(*input.kb, stack, out);
      check_release_facts(*input.kb, stack, out);
      for (WheelPick& pick : pick_wheels(*input.kb, stack, out)) {
        bool repeated = std::any_of(result.wheels.begin(), result.wheels.end(), [&](const WheelPick& kept) {
          return kept.declared == pick.declared && kept.version == pick.version && kept.wheel == pick.wheel;
        });
        if (!repeated) result.wheels.push_back(std::move(pick));
      }
    }
  }
  if (input.environment) {
    if (input.kb)
      check_kb_constraints(*input.kb, *input.environment, out, anchors_from(input.declared, input.environment->platform));
    check_declared_against_installed(input.declared, *input.environment, out);
    check_extra_installed(input.declared, input.project_names, *input.environment, out);
  }
  weigh_toolkit_findings(input.cuda_extension_builds, out);
  // The same violation can be reached from two stacks that share a file; keep one.
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    return a.rule < b.rule;
  });
  // The same cause reached twice (two marker cases of one manifest, two
  // stacks that share a file) is one finding: same rule, same inputs.
  // The same claim about other files (one pre-release pinned in three
  // compiled requirements files) is one finding that cites them all.
  std::vector<Finding> unique;
  for (Finding& finding : out) {
    bool repeated = std::any_of(unique.begin(), unique.end(), [&](const Finding& kept) {
      return kept.rule == finding.rule && kept.origins == finding.origins;
    });
    if (repeated) continue;
    auto same_claim = std::find_if(unique.begin(), unique.end(), [&](const Finding& kept) {
      return kept.rule == finding.rule && kept.severity == finding.severity && kept.message == finding.message &&
             kept.fix == finding.fix && kept.detail == finding.detail;
    });
    if (same_claim == unique.end()) {
      unique.push_back(std::move(finding));
      continue;
    }
    for (Origin& origin : finding.origins)
      if (std::find(same_claim->origins.begin(), same_claim->origins.end(), origin) == same_claim->origins.end())
        same_claim->origins.push_back(std::move(origin));
  }
  out = std::move(unique);
  return result;
}

}  // namespace mlstack::check

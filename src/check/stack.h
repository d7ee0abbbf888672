// SPDX-License-Identifier: MIT
// Stack: one consistent picture of what a project runs on, whatever it was
// read from: an installed environment, a lock file, the pins of a manifest or
// install script, or a saved environment. Checks and `mlstack diff` work on
// Stacks, so every source is judged by the same rules.
//
// A package is either exact (installed, locked, `==` pinned: `version` set) or
// only constrained (`torch>=2.1` in a manifest: `constraint` set). The machine
// is a pep::Platform whose unknown fields stay empty: an unknown driver is
// never read as "no driver".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/origin.h"
#include "pep/platform.h"
#include "pep/specifier.h"
#include "pep/tags.h"
#include "pep/version.h"

namespace mlstack::check {

struct StackPackage {
  std::string name;          // canonical (PEP 503)
  std::string display_name;  // as written
  std::optional<pep::Version> version;         // exact: installed, locked or pinned with ==
  std::optional<pep::SpecifierSet> constraint;  // declared range when not exact
  std::vector<pep::Tag> tags;                  // wheel tags when known (WHEEL file, wheel filename)
  std::string wheel;                           // wheel filename when the source names one
  std::string requirement;                     // the text as written, for display
  std::string marker;                          // the declaration's marker, normalised; empty for none
  Origin origin;
  // Installed distributions only: Requires-Dist as written, and whether it
  // was installed by name (REQUESTED) rather than as a dependency.
  std::vector<std::string> requires_dist;
  bool requested = false;
};

struct Stack {
  std::string label;  // "pyproject.toml", "scripts/install.sh", "env /opt/venv/lib/python3.11/site-packages"
  enum class Kind { Environment, Lock, Manifest, Script, Target };
  Kind kind = Kind::Manifest;
  pep::Platform platform;
  bool has_machine = false;  // platform describes a real or target machine, not a default
  std::vector<StackPackage> packages;
  Origin machine_origin;     // where the machine facts came from
  // The kb row that gave platform.driver_cuda from the driver's version
  // (kb:cuda:12.2 for driver 535.183.01); empty when the driver reported it.
  std::optional<Origin> driver_cuda_origin;
  // Declarations under markers make cases (check/marker_cases.h): the
  // environments this one covers, "Python 3.10 to 3.14"; empty for all.
  std::string condition;

  // "requirements.txt", or "requirements.txt (Python 3.8 to 3.9)" for a case.
  std::string name() const;

  // The package with this canonical name, or nullptr. When a source names a
  // package twice (uv forks), the first is returned.
  const StackPackage* find(std::string_view canonical_name) const;
};

const char* to_string(Stack::Kind kind);

// Parses a target machine: "python=3.10,cuda=12.1,sm=86,abi=0[,glibc=2.31][,driver=535.104.05][,toolkit=12.1]".
// The driver keeps its text as written (535.183.01) in driver_version_text.
// `cuda` is the highest CUDA the driver supports; `sm` takes 86, 8.6 or sm_86
// and may be repeated with '+' (sm=80+90) for several GPUs.
Expected<pep::Platform, std::string> parse_target(std::string_view text);

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
// The dependency check of an installed environment, with `pip check`'s
// semantics and more. For every visible distribution, every Requires-Dist
// whose marker holds for this interpreter (with `extra` empty) must name an
// installed distribution whose version the specifier admits (pre-releases
// admitted, as pip does). pip evaluates the marker only to decide whether a
// *missing* dependency counts; a dependency that is installed is checked
// against its specifier whatever its marker says — so is it here, to report
// the same set of problems.
//
// What pip misses: a requirement with extras (`requests[socks]>=2`) also
// needs the requirements that the target declares for those extras; when
// they are missing or conflict, that is a problem of kind ExtraMissing /
// ExtraConflict.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/finding.h"

namespace mlstack::env {

struct Environment;

struct DependencyProblem {
  enum class Kind {
    Missing,             // "x 1.0 requires y, which is not installed."
    Conflict,            // "x 1.0 has requirement y<2, but you have y 2.1."
    ExtraMissing,        // x requires y[e]; y's extra e needs z, which is not installed (pip misses it)
    ExtraConflict,       // x requires y[e]; y's extra e needs z<2, but z 2.1 is installed (pip misses it)
    InvalidRequirement,  // a Requires-Dist line that is not PEP 508 (pip reports a parse problem)
  };
  Kind kind = Kind::Missing;
  std::string dist;               // canonical name of the distribution that requires
  std::string dist_version;
  std::string requirement;        // the Requires-Dist line as written
  std::string dependency;         // canonical name of what is required
  std::string installed_version;  // Conflict / ExtraConflict: what is installed
  std::string extra;              // Extra*: the extra of `via` that needs `dependency`
  std::string via;                // Extra*: the distribution whose extra it is
  std::string metadata_dir;       // of `dist`
  std::string detail;             // InvalidRequirement: the rendered parse error

  friend bool operator==(const DependencyProblem&, const DependencyProblem&) = default;
};

const char* to_string(DependencyProblem::Kind kind);

// Marker values for `extra`-free evaluation: python_version, sys_platform, ...
using MarkerValues = std::map<std::string, std::string>;

std::vector<DependencyProblem> check_dependencies(const Environment& environment, const MarkerValues& markers);

// The line pip prints for Missing / Conflict (for comparison with pip), or
// mlstack's sentence for the others.
std::string describe(const DependencyProblem& problem);

// A finding per problem (rule ids "env.missing-dependency",
// "env.conflicting-dependency", "env.missing-extra-dependency",
// "env.conflicting-extra-dependency", "input.requires-dist-syntax").
Finding to_finding(const DependencyProblem& problem);

}  // namespace mlstack::env

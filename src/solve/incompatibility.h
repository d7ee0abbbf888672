// SPDX-License-Identifier: MIT
// An incompatibility: terms that cannot all be true at once, with the reason
// it is known (pubgrub-rs src/internal/incompatibility.rs; pub's solver.md).
//
//   {root ∈ {0}ᶜ}                   root           the root must be selected
//   {foo ∈ S}                       no_versions    no usable version of foo in S
//   {foo ∈ {1.0}}                   unavailable    foo 1.0 cannot be used (reason)
//   {foo ∈ S, bar ∉ R}              dependency     foo in S depends on bar in R
//   derived from two others         derived        learned by conflict resolution
//
// The derived ones form the derivation tree a failure is explained from.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "solve/term.h"

namespace mlstack::solve {

using PackageId = std::uint32_t;
using IncompatId = std::uint32_t;

struct Incompatibility {
  enum class Cause { Root, NoVersions, Unavailable, Dependency, Derived };

  std::vector<std::pair<PackageId, Term>> terms;  // at most one term per package
  Cause cause = Cause::Derived;
  IncompatId left = 0;   // derived: the conflicting incompatibility
  IncompatId right = 0;  // derived: the cause of the satisfier it was resolved with
  std::string reason;    // no_versions / unavailable: why; dependency: the fact behind it, if any

  static Incompatibility root(PackageId root, const pep::Version& version);
  static Incompatibility no_versions(PackageId package, pep::VersionRanges set, std::string reason);
  static Incompatibility unavailable(PackageId package, const pep::Version& version, std::string reason);
  // `versions` holds the version whose dependency this is and, around it,
  // only versions that do not exist (see Solver's widening).
  static Incompatibility dependency(PackageId package, pep::VersionRanges versions, PackageId dependency,
                                    pep::VersionRanges set, std::string reason);

  const Term* find(PackageId package) const;
  bool is_derived() const { return cause == Cause::Derived; }
  // The package and its dependency of a dependency incompatibility.
  PackageId dependent() const { return terms[0].first; }
  PackageId depended_on() const { return terms[1].first; }
};

// Conflict resolution's rule (pub's "prior cause"): the terms of both,
// without `package`'s, intersected per package, plus the union of their
// terms for `package` unless that union always holds.
Incompatibility prior_cause(const Incompatibility& incompat, IncompatId incompat_id, const Incompatibility& cause,
                            IncompatId cause_id, PackageId package);

// Whether two dependency incompatibilities say the same thing for different
// versions of one package (same dependent, same dependency, same range and
// reason); merging them into one over both version sets lets the solver
// rule out a whole range at once and the report print "foo >=1.0,<=1.4
// depends on bar" instead of five lines (pubgrub-rs merge_dependents).
bool same_dependency(const Incompatibility& a, const Incompatibility& b);

}  // namespace mlstack::solve

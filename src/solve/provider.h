// SPDX-License-Identifier: MIT
// The solver's only door to package data (pubgrub-rs's DependencyProvider).
// The solver sees package ids, versions and version sets; what a package
// is (a distribution, one of its extras, the target's driver), where its
// versions come from and why one cannot be used are the provider's business.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pep/version.h"
#include "pep/version_ranges.h"
#include "solve/incompatibility.h"

namespace mlstack::solve {

struct Dependency {
  PackageId package = 0;
  pep::VersionRanges versions;  // the versions of `package` this one accepts
  // The fact behind it, when it is not the package's own metadata. "{}"
  // stands for the dependent package as the explanation names it
  // ("{} is compiled against torch 2.3"), so one fact about many releases
  // is one sentence.
  std::string reason;
  // Set when the provider knows the same dependency holds for a range of
  // the dependent's versions (a fact that depends on the release, not on
  // its metadata): the solver then rules the whole range out at once.
  // Must hold the version asked about.
  std::optional<pep::VersionRanges> dependents;
};

struct Dependencies {
  std::vector<Dependency> list;
  // Set when the version cannot be used after all (its metadata cannot be
  // read, it depends on itself at another version): the sentence says why.
  std::optional<std::string> unavailable;
};

class Provider {
 public:
  virtual ~Provider() = default;

  virtual PackageId root() = 0;
  virtual pep::Version root_version() = 0;

  // The version to try next among `allowed`, or nullopt when no usable
  // version lies there. The same question must get the same answer while
  // the solver runs (the answer becomes an incompatibility).
  virtual std::optional<pep::Version> choose_version(PackageId package, const pep::VersionRanges& allowed) = 0;
  virtual Dependencies dependencies(PackageId package, const pep::Version& version) = 0;
  // Lower is decided first.
  virtual std::uint64_t priority(PackageId package, const pep::VersionRanges& allowed) = 0;
  // Why choose_version found nothing in `allowed`: one sentence, or empty.
  virtual std::string no_versions_reason(PackageId package, const pep::VersionRanges& allowed) = 0;

  // For explanations: the package as a reader knows it ("torch",
  // "dask[array]", "__cuda"), and every version the provider knows of it,
  // ascending (usable or not), to collapse version lists into ranges.
  virtual std::string package_name(PackageId package) = 0;
  virtual std::vector<pep::Version> known_versions(PackageId package) = 0;
  // Whether choose_version could ever give `version` (a known version no
  // file of which installs on the target is not): explanations leave the
  // others out of the ranges they print.
  virtual bool usable(PackageId package, const pep::Version& version) {
    (void)package;
    (void)version;
    return true;
  }
  // A phrase for the root in sentences ("your requirements").
  virtual std::string root_name() = 0;
};

}  // namespace mlstack::solve

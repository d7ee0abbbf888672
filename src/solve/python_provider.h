// SPDX-License-Identifier: MIT
// PythonProvider: Python packaging on top of the PubGrub solver, for one
// target. It turns a PackageSource (releases, files, metadata) into the
// solver's packages, versions and dependencies:
//
// - A version is a candidate only when one of its files installs on the
//   target: a wheel whose tags the target supports (Python, ABI, platform
//   with its glibc level) that TargetFacts does not reject, or an sdist
//   when builds are allowed for the package. The best file is the wheel
//   with the most preferred tag.
// - "foo[x]" is its own package (as in uv): it depends on foo at exactly
//   the same version and on what extra x adds. Markers are evaluated for
//   the target (extra="" for foo itself, extra="x" for foo[x]).
// - requires-python is a dependency on the virtual package __python, whose
//   one version is the target's interpreter; other virtual packages
//   (__cuda, __sm, ...) come from the target and from TargetFacts.
// - Pre-releases: with --prerelease allow; else only for a package whose
//   root requirement names one, or that has nothing but pre-releases
//   (uv's "if-necessary-or-explicit"). Yanked versions (PEP 592): only
//   when a root requirement pins that version exactly.
// - Preferences (a lock file, an installed environment) are tried first
//   when the range allows them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "pep/marker.h"
#include "pep/platform.h"
#include "pep/requirement.h"
#include "pep/tags.h"
#include "solve/package_source.h"
#include "solve/provider.h"
#include "solve/solver.h"
#include "solve/target_facts.h"

namespace mlstack::solve {

namespace detail {
struct ProviderState;
}

struct VirtualPackage {
  std::vector<pep::Version> versions;  // the target's value, or the values a build may take
  std::string fact;                    // "the driver 535.104.05 supports CUDA 12.2 at most"
  // A build property rather than a machine fact: besides `versions`, any
  // version a requirement pins exactly ("__cuda-runtime==12.6") is one.
  bool open = false;
};

struct Target {
  pep::MarkerEnvironment markers;
  std::vector<pep::Tag> tags;  // supported, most preferred first
  std::map<std::string, VirtualPackage> virtuals;  // "__python", "__cuda", "__sm", ...
  std::string description;     // "Linux x86_64, glibc 2.35, CPython 3.10"
};

// The markers, tags and __python / __glibc of a platform; GPU virtual
// packages are the caller's (they need the knowledge base's words).
Target target_for(const pep::Platform& platform);

enum class PrereleaseMode { Disallow, IfNecessaryOrExplicit, Allow };

struct Policy {
  PrereleaseMode prereleases = PrereleaseMode::IfNecessaryOrExplicit;
  bool build_all = false;           // --allow-build :all:
  std::set<std::string> build;      // --allow-build PKG (canonical names)
  std::set<std::string> no_build;   // never from an sdist
  std::set<std::string> no_binary;  // never from a wheel
  std::map<std::string, pep::Version> preferences;  // canonical name -> version to try first
  std::string preference_source;    // "the lock file", "the installed environment"
};

// One package of the solution, with the file chosen for the target and
// the facts that bore on it.
struct Pick {
  std::string name;                  // canonical
  pep::Version version;
  std::vector<std::string> extras;   // requested extras, canonical, sorted
  DistFile file;
  std::vector<FactRequirement> facts;  // TargetFacts requirements of this file
  std::string prerelease_reason;     // why a pre-release was allowed, when it is one
  std::string yanked_reason;         // when a yanked version was allowed (pinned exactly)
  bool preferred = false;            // the preference was kept
  bool direct = false;               // named by a root requirement
  std::vector<std::string> required_by;  // picks (or "" for the root) that depend on it
  std::optional<pep::SpecifierSet> requires_python;
  // The source had no metadata for it: its dependencies were not planned.
  std::string dependencies_unknown;
};

class PythonProvider : public Provider {
 public:
  PythonProvider(PackageSource& source, Target target, Policy policy, std::vector<pep::Requirement> root,
                 TargetFacts* facts = nullptr, std::string root_name = "your requirements");
  ~PythonProvider() override;

  PackageId root() override { return 0; }
  pep::Version root_version() override;
  std::optional<pep::Version> choose_version(PackageId package, const pep::VersionRanges& allowed) override;
  Dependencies dependencies(PackageId package, const pep::Version& version) override;
  std::uint64_t priority(PackageId package, const pep::VersionRanges& allowed) override;
  std::string no_versions_reason(PackageId package, const pep::VersionRanges& allowed) override;
  std::string package_name(PackageId package) override;
  std::vector<pep::Version> known_versions(PackageId package) override;
  bool usable(PackageId package, const pep::Version& version) override;
  std::string root_name() override;

  // The distributions of a solution (virtual packages and extras folded
  // into their base), in the order the solver decided them.
  std::vector<Pick> picks(const SolveResult& result);
  // The value the solution gave each virtual package ("__cuda" -> 12.4).
  std::map<std::string, pep::Version> virtual_values(const SolveResult& result);
  // Things a reader should know that are not failures: an extra that a
  // release does not provide, a requirement with a URL left out.
  const std::vector<std::string>& notes() const;

 private:
  std::unique_ptr<detail::ProviderState> m_state;
};

}  // namespace mlstack::solve

// SPDX-License-Identifier: MIT
// What an installed environment tells the project scan, as plain data: which
// distribution provides an import name (its RECORD, else its top_level.txt)
// and what each distribution requires (Requires-Dist, with markers already
// evaluated for that environment). The project layer cannot read an
// environment (env is a later layer), so the env layer fills this in
// (env::installed_packages) and the caller passes it to scan_code().
//
//   numpy  <- provided by numpy 1.26.4 (RECORD: numpy/__init__.py)
//   torch 2.3.0 requires numpy (always), sympy (always), opt-einsum (extra "opt-einsum")
//
// With it, `import yaml` is PyYAML because PyYAML's RECORD installs yaml/,
// whatever the built-in table says, and an import that the project does not
// declare but that a declared package pulls in is told apart from one that
// nothing installs (scan.transitive-only against scan.undeclared-import).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mlstack::project::python {

// One Requires-Dist line of an installed distribution whose marker holds in
// the environment, for the base install (`extra` empty) or for one extra.
struct InstalledRequirement {
  std::string name;                 // canonical (PEP 503) name of the dependency
  std::vector<std::string> extras;  // extras it asks of the dependency: `accelerate[torch]` -> {"torch"}
  std::string text;                 // the Requires-Dist line as written
  std::string extra;                // the requiring distribution's extra that brings it in; empty: always
};

struct InstalledDistribution {
  std::string name;            // as METADATA writes it: "PyYAML"
  std::string canonical_name;  // "pyyaml"
  std::string version;         // "6.0.1"
  std::string metadata_dir;    // the .dist-info / .egg-info folder, cited by findings
  std::vector<InstalledRequirement> requires_dist;
  // Import names it installs: packages and modules at the top of the site
  // folder, and for a namespace package (no __init__.py) its subpackages:
  // protobuf installs "google.protobuf", not "google".
  std::vector<std::string> import_names;
  std::string import_names_source;  // "RECORD" or "top_level.txt"
};

class InstalledPackages {
 public:
  InstalledPackages() = default;
  // `description` says which environment this is ("/venv/lib/python3.11/site-packages (--site)").
  InstalledPackages(std::string description, std::vector<InstalledDistribution> distributions);

  const std::string& description() const { return m_description; }
  const std::vector<InstalledDistribution>& distributions() const { return m_distributions; }
  bool empty() const { return m_distributions.empty(); }

  // The distribution of a canonical name, or nullptr.
  const InstalledDistribution* find(std::string_view canonical_name) const;

  struct Providers {
    std::string import_name;  // the installed name that matched: "google.protobuf" for google.protobuf.message
    std::vector<const InstalledDistribution*> distributions;  // several when they share a name; empty: none
  };
  // The distributions installing `module` (dotted) or the longest parent
  // package of it that some distribution installs.
  Providers providers(std::string_view module) const;

 private:
  std::string m_description;
  std::vector<InstalledDistribution> m_distributions;  // sorted by canonical name
  std::map<std::string, std::vector<std::size_t>, std::less<>> m_by_import;  // import name -> indices
};

}  // namespace mlstack::project::python

// SPDX-License-Identifier: MIT
// The project's declarations against the installed environment: missing
// packages and installed versions outside the declared range.
#include <fmt/format.h>

#include "check/check.h"
#include "check/evaluate.h"
#include "pep/name.h"

namespace mlstack::check {

void check_declared_against_installed(const std::vector<DeclaredRequirement>& declared, const Stack& environment,
                                      std::vector<Finding>& out) {
  for (const DeclaredRequirement& d : declared) {
    if (d.optional) continue;
    const pep::Requirement& req = d.requirement;
    if (req.marker && !req.marker->evaluate(pep::marker_environment(environment.platform))) continue;
    const StackPackage* installed = environment.find(pep::canonicalize_name(req.name));
    std::string where = d.group.empty() ? d.origin.path : fmt::format("{} ({})", d.origin.path, d.group);
    if (!installed) {
      out.push_back(Finding{"project.missing", Severity::Error,
                            fmt::format("{} is declared in {} but not installed", req.str(), where),
                            {d.origin}, fmt::format("pip install \"{}\"", req.str()), {}});
      continue;
    }
    if (req.url || !installed->version) continue;
    if (!req.specifier.contains(*installed->version, true)) {
      out.push_back(Finding{"project.version-mismatch", Severity::Error,
                            fmt::format("{} {} is installed, but {} declares {}", installed->display_name,
                                        installed->version->str(), where, req.str()),
                            {d.origin, installed->origin}, fmt::format("pip install \"{}\"", req.str()), {}});
    }
  }
}

}  // namespace mlstack::check

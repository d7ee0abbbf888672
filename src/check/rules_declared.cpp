// SPDX-License-Identifier: MIT
// The project's declarations against the installed environment: missing
// packages and installed versions outside the declared range.
#include <map>

#include <fmt/format.h>

#include "check/check.h"
#include "check/evaluate.h"
#include "pep/name.h"

namespace mlstack::check {
namespace {

// What installs a whole file: `pip install -r` for a requirements file, the
// project's own folder for a pyproject.toml, setup.py or setup.cfg.
std::string install_file_fix(const std::string& path) {
  auto slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name == "pyproject.toml" || name == "setup.py" || name == "setup.cfg")
    return fmt::format("pip install -e {}", slash == std::string::npos ? std::string(".") : "./" + path.substr(0, slash));
  return fmt::format("pip install -r {}", path);
}

struct Item {
  std::string short_text;  // "torch>=1.10", "numpy 1.26.4 (declared numpy==2.2.6)"
  Finding finding;         // the finding when it stands alone
};

// Several packages of one file missing (or at other versions) in the
// environment have one cause: the file was not installed there (the
// interpreter on PATH is not the project's). One finding per file and rule.
void report_per_file(const std::string& rule, std::map<std::string, std::vector<Item>>& per_file,
                     const std::map<std::string, std::size_t>& counts, const std::string& env_label,
                     std::vector<Finding>& out) {
  for (auto& [path, items] : per_file) {
    if (items.size() == 1) {
      out.push_back(std::move(items.front().finding));
      continue;
    }
    Finding finding;
    finding.rule = rule;
    finding.severity = Severity::Error;
    std::size_t count = counts.at(path);
    if (rule != "project.missing")
      finding.message = fmt::format("{} of the {} requirements {} declares are installed at other versions in {}",
                                    items.size(), count, path, env_label);
    else if (items.size() == count)
      finding.message = fmt::format("none of the {} requirements {} declares is installed in {}", count, path, env_label);
    else
      finding.message = fmt::format("{} of the {} requirements {} declares are not installed in {}", items.size(), count,
                                    path, env_label);
    finding.origins.push_back(items.front().finding.origins.front());
    finding.detail = rule == "project.missing" ? "not installed:" : "installed:";
    for (std::size_t i = 0; i < items.size(); ++i) finding.detail += (i ? ", " : " ") + items[i].short_text;
    finding.fix = install_file_fix(path);
    out.push_back(std::move(finding));
  }
}

}  // namespace

void check_declared_against_installed(const std::vector<DeclaredRequirement>& declared, const Stack& environment,
                                      std::vector<Finding>& out) {
  const pep::MarkerEnvironment markers = pep::marker_environment(environment.platform);
  const std::string env_label = environment.label.empty() ? "the environment" : environment.label;
  std::map<std::string, std::size_t> counts;  // applicable requirements per file
  std::map<std::string, std::vector<Item>> missing, mismatched;
  for (const DeclaredRequirement& d : declared) {
    if (d.optional) continue;
    const pep::Requirement& req = d.requirement;
    if (req.marker && !req.marker->evaluate(markers)) continue;
    ++counts[d.origin.path];
    const StackPackage* installed = environment.find(pep::canonicalize_name(req.name));
    std::string where = d.group.empty() ? d.origin.path : fmt::format("{} ({})", d.origin.path, d.group);
    if (!installed) {
      missing[d.origin.path].push_back(
          {req.str(), Finding{"project.missing", Severity::Error,
                              fmt::format("{} is declared in {} but not installed", req.str(), where),
                              {d.origin}, fmt::format("pip install \"{}\"", req.str()), {}}});
      continue;
    }
    if (req.url || !installed->version) continue;
    if (!req.specifier.contains(*installed->version, true)) {
      mismatched[d.origin.path].push_back(
          {fmt::format("{} {} (declared {})", installed->display_name, installed->version->str(), req.str()),
           Finding{"project.version-mismatch", Severity::Error,
                   fmt::format("{} {} is installed, but {} declares {}", installed->display_name,
                               installed->version->str(), where, req.str()),
                   {d.origin, installed->origin}, fmt::format("pip install \"{}\"", req.str()), {}}});
    }
  }
  report_per_file("project.missing", missing, counts, env_label, out);
  report_per_file("project.version-mismatch", mismatched, counts, env_label, out);
}

}  // namespace mlstack::check

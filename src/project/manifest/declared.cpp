// SPDX-License-Identifier: MIT
#include "project/manifest/declared.h"

namespace mlstack::project {

const char* to_string(ManifestKind kind) {
  switch (kind) {
    case ManifestKind::Pyproject: return "pyproject";
    case ManifestKind::Requirements: return "requirements";
    case ManifestKind::SetupPy: return "setup.py";
    case ManifestKind::SetupCfg: return "setup.cfg";
    case ManifestKind::CondaEnvironment: return "conda-environment";
    case ManifestKind::ShellScript: return "shell-script";
    case ManifestKind::Dockerfile: return "dockerfile";
    case ManifestKind::Markdown: return "markdown";
  }
  return "requirements";
}

const char* to_string(Scope scope) {
  switch (scope) {
    case Scope::Runtime: return "runtime";
    case Scope::Extra: return "extra";
    case Scope::Group: return "group";
    case Scope::Build: return "build";
    case Scope::Constraint: return "constraint";
    case Scope::Install: return "install";
  }
  return "runtime";
}

const char* to_string(RequirementForm form) {
  switch (form) {
    case RequirementForm::Pep508: return "pep508";
    case RequirementForm::Url: return "url";
    case RequirementForm::Path: return "path";
    case RequirementForm::Conda: return "conda";
  }
  return "pep508";
}

const char* to_string(IndexEntry::Kind kind) {
  switch (kind) {
    case IndexEntry::Kind::IndexUrl: return "index-url";
    case IndexEntry::Kind::ExtraIndexUrl: return "extra-index-url";
    case IndexEntry::Kind::FindLinks: return "find-links";
    case IndexEntry::Kind::NoIndex: return "no-index";
    case IndexEntry::Kind::CondaChannel: return "conda-channel";
  }
  return "index-url";
}

Finding input_error(std::string rule, std::string message, Origin origin, std::string detail) {
  Finding finding;
  finding.rule = std::move(rule);
  finding.severity = Severity::Error;
  finding.message = std::move(message);
  finding.origins.push_back(std::move(origin));
  finding.detail = std::move(detail);
  return finding;
}

}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
#include "plan/requirements.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "pep/name.h"

namespace mlstack::plan {

namespace {

using project::ManifestKind;
using project::Scope;

bool declarative(ManifestKind kind) {
  return kind == ManifestKind::Pyproject || kind == ManifestKind::Requirements || kind == ManifestKind::SetupPy ||
         kind == ManifestKind::SetupCfg;
}

bool contains(const std::vector<std::string>& list, const std::string& name) {
  std::string key = pep::canonicalize_name(name);
  return std::any_of(list.begin(), list.end(), [&](const std::string& x) { return pep::canonicalize_name(x) == key; });
}

std::string where(const Origin& origin) {
  return origin.line > 0 ? fmt::format("{}:{}", origin.path, origin.line) : origin.path;
}

}  // namespace

Expected<GatheredRequirements, std::string> requirements_from_scan(const project::ScanResult& scan,
                                                                   const RequirementSelection& selection) {
  // Which manifests: a named stack, a manifest by path, or the main stack's declarative ones.
  std::set<std::size_t> manifests;
  if (!selection.stack.empty()) {
    for (const project::StackInfo& stack : scan.stacks)
      if (stack.name == selection.stack) manifests.insert(stack.manifests.begin(), stack.manifests.end());
    for (std::size_t i = 0; i < scan.manifests.size(); ++i)
      if (scan.manifests[i].path == selection.stack) manifests.insert(i);
    if (manifests.empty()) {
      std::string known;
      for (const project::StackInfo& stack : scan.stacks)
        if (!stack.name.empty()) known += (known.empty() ? "" : ", ") + stack.name;
      for (const project::Manifest& m : scan.manifests) known += (known.empty() ? "" : ", ") + m.path;
      return unexpected(fmt::format("--stack {}: no such stack or manifest in {} (found: {})", selection.stack,
                                    scan.root, known.empty() ? "none" : known));
    }
  } else if (!scan.stacks.empty()) {
    for (std::size_t i : scan.stacks[0].manifests)
      if (declarative(scan.manifests[i].kind)) manifests.insert(i);
  }
  GatheredRequirements out;
  if (manifests.empty()) {
    return unexpected(fmt::format("{} declares no requirements in a pyproject.toml, requirements file or setup.py; "
                                  "name an install script or README with --stack, or give requirements",
                                  scan.root));
  }
  std::set<std::string> extras_seen, groups_seen;
  for (std::size_t index : manifests) {
    const project::Manifest& manifest = scan.manifests[index];
    out.manifests.push_back(manifest.path);
    for (const project::IndexEntry& entry : manifest.indexes) out.indexes.push_back(entry);
    if (manifest.requires_python && !manifest.requires_python->text.empty()) {
      auto spec = pep::SpecifierSet::parse(manifest.requires_python->text);
      if (spec) {
        pep::Requirement python;
        python.name = "__python";
        python.specifier = *spec;
        out.roots.push_back({python, where(manifest.requires_python->origin) + " requires-python"});
      }
    }
  }
  for (const project::ScannedRequirement& r : scan.requirements) {
    if (!manifests.contains(r.manifest)) continue;
    const project::DeclaredRequirement& d = r.declared;
    const project::Manifest& manifest = scan.manifests[r.manifest];
    bool script = !declarative(manifest.kind);
    switch (d.scope) {
      case Scope::Runtime:
        if (d.optional) continue;  // Poetry optional: only through an extra
        break;
      case Scope::Extra:
        extras_seen.insert(pep::canonicalize_name(d.group));
        if (!contains(selection.extras, d.group)) continue;
        break;
      case Scope::Group:
        groups_seen.insert(pep::canonicalize_name(d.group));
        if (!contains(selection.groups, d.group)) continue;
        break;
      case Scope::Install:
        if (!script) continue;
        break;
      case Scope::Build:
      case Scope::Constraint:
        continue;
    }
    std::string at = where(d.origin);
    if (d.form != project::RequirementForm::Pep508 || !d.unresolved.empty()) {
      out.notes.push_back(fmt::format("{}: `{}` is not planned ({})", at, d.raw,
                                      !d.unresolved.empty() ? "it uses variables set elsewhere"
                                                            : "a URL or path, which mlstack does not fetch or build"));
      continue;
    }
    auto req = pep::Requirement::parse(d.text);
    if (!req) {
      out.notes.push_back(fmt::format("{}: `{}` is not a PEP 508 requirement and is not planned", at, d.text));
      continue;
    }
    if (req->url) {
      if (req->marker && selection.markers != nullptr && !req->marker->evaluate(*selection.markers)) continue;
      out.notes.push_back(fmt::format("{}: {} is a direct URL reference, not planned (mlstack does not fetch or "
                                      "build it)",
                                      at, req->str()));
      continue;
    }
    if (pep::canonicalize_name(req->name) == "python") continue;  // Poetry's python = "..." is requires-python
    out.roots.push_back({std::move(*req), at});
  }
  for (const std::string& extra : selection.extras)
    if (!extras_seen.contains(pep::canonicalize_name(extra)))
      return unexpected(fmt::format("--extra {}: the project declares no such extra", extra));
  for (const std::string& group : selection.groups)
    if (!groups_seen.contains(pep::canonicalize_name(group)))
      return unexpected(fmt::format("--group {}: the project declares no such group", group));
  return out;
}

Expected<GatheredRequirements, std::string> requirements_from_arguments(const std::vector<std::string>& texts) {
  GatheredRequirements out;
  for (const std::string& text : texts) {
    auto req = pep::Requirement::parse(text);
    if (!req) return unexpected(fmt::format("`{}` is not a PEP 508 requirement: {}", text, req.error().message));
    out.roots.push_back({std::move(*req), "command line"});
  }
  return out;
}

}  // namespace mlstack::plan

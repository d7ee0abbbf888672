// SPDX-License-Identifier: MIT
#include "check/stack_sources.h"

#include <unordered_map>

#include <fmt/format.h>

#include "env/platform.h"
#include "kb/local_label.h"
#include "pep/marker.h"
#include "pep/name.h"
#include "pep/wheel_filename.h"

namespace mlstack::check {
namespace {

bool markers_hold(const std::vector<std::string>& markers, const pep::MarkerEnvironment& environment) {
  if (markers.empty()) return true;
  for (const auto& text : markers) {
    auto marker = pep::Marker::parse(text);
    if (marker && marker->evaluate(environment)) return true;
  }
  return false;
}

}  // namespace

Stack stack_from_lock(const project::LockFile& lock, const pep::Platform& platform) {
  Stack stack;
  stack.label = lock.path;
  stack.kind = Stack::Kind::Lock;
  stack.platform = platform;
  pep::MarkerEnvironment environment = pep::marker_environment(platform);
  std::unordered_map<std::string, std::size_t> at;  // name -> index in stack.packages (linear time in the lock)
  for (const auto& entry : lock.packages) {
    if (entry.version.empty()) continue;
    auto version = pep::Version::parse(entry.version);
    if (!version) continue;
    std::string name = pep::canonicalize_name(entry.name);
    bool applies = markers_hold(entry.markers, environment);
    StackPackage* existing = nullptr;
    if (auto it = at.find(name); it != at.end()) existing = &stack.packages[it->second];
    // A forked entry replaces an earlier one only when its markers hold here.
    if (existing && !applies) continue;
    StackPackage package;
    package.name = name;
    package.display_name = entry.name;
    package.version = *version;
    package.requirement = entry.name + "==" + entry.version;
    package.origin = Origin::file(lock.path, entry.line, 0, entry.name);
    if (entry.wheels.size() == 1) {
      package.wheel = entry.wheels.front();
      if (auto wheel = pep::WheelFilename::parse(package.wheel)) package.tags = wheel->tags;
    }
    if (existing) {
      *existing = std::move(package);
    } else {
      at.emplace(name, stack.packages.size());
      stack.packages.push_back(std::move(package));
    }
  }
  return stack;
}

namespace {

std::vector<pep::Tag> tags_of(const std::vector<std::string>& tag_lines) {
  std::vector<pep::Tag> tags;
  for (const auto& line : tag_lines) {
    if (auto parsed = pep::parse_tag_set(line)) {
      for (auto& tag : *parsed) tags.push_back(std::move(tag));
    }
  }
  return tags;
}

Stack::Kind kind_of(project::ManifestKind kind) {
  switch (kind) {
    case project::ManifestKind::ShellScript:
    case project::ManifestKind::Dockerfile:
    case project::ManifestKind::Markdown:
      return Stack::Kind::Script;
    default:
      return Stack::Kind::Manifest;
  }
}

}  // namespace

Stack stack_from_environment(const env::Environment& environment, const env::Machine& machine,
                             const kb::KnowledgeBase& kb) {
  Stack stack;
  stack.kind = Stack::Kind::Environment;
  stack.label = environment.site_dirs.empty() ? std::string("environment")
                                              : fmt::format("environment {}", environment.site_dirs.front());
  stack.platform = env::to_platform(machine, environment);
  stack.has_machine = true;
  stack.machine_origin = Origin::machine(machine.driver ? machine.driver->source : std::string("machine probe"));
  if (!stack.platform.driver_cuda && stack.platform.driver_version) {
    if (const kb::CudaToolkit* cuda = kb.highest_cuda_for_driver(*stack.platform.driver_version)) {
      stack.platform.driver_cuda = cuda->version;
    }
  }
  for (const env::Distribution& dist : environment.distributions) {
    if (dist.shadowed) continue;
    auto version = pep::Version::parse(dist.version);
    if (!version) continue;
    StackPackage package;
    package.name = dist.canonical_name;
    package.display_name = dist.name;
    package.version = *version;
    package.requirement = dist.name + "==" + dist.version;
    package.tags = tags_of(dist.wheel_tags);
    package.origin = Origin::dist(dist.name, dist.metadata_dir);
    package.requires_dist = dist.requires_dist;
    package.requested = dist.requested;
    stack.packages.push_back(std::move(package));
  }
  if (!stack.platform.torch_cxx11_abi) {
    if (const StackPackage* torch = stack.find("torch"); torch && torch->version) {
      std::string variant = kb::parse_local_label(torch->version->local()).text;
      if (const kb::TorchAbiRule* rule = kb.torch_cxx11abi(*torch->version, variant)) {
        stack.platform.torch_cxx11_abi = rule->cxx11abi;
      }
    }
  }
  return stack;
}

std::vector<Stack> stacks_from_scan(const project::ScanResult& scan, const pep::Platform& platform) {
  std::vector<Stack> stacks(scan.manifests.size());
  // name -> index in each stack's packages: a 40,000-line requirements file stays linear.
  std::vector<std::unordered_map<std::string, std::size_t>> at(scan.manifests.size());
  for (std::size_t i = 0; i < scan.manifests.size(); ++i) {
    stacks[i].label = scan.manifests[i].path;
    stacks[i].kind = kind_of(scan.manifests[i].kind);
    stacks[i].platform = platform;
  }
  for (const project::ScannedRequirement& r : scan.requirements) {
    if (r.name.empty() || r.manifest >= stacks.size()) continue;
    if (r.declared.scope == project::Scope::Constraint) continue;
    Stack& stack = stacks[r.manifest];
    StackPackage package;
    package.name = r.name;
    package.display_name = r.display_name;
    package.requirement = r.declared.text;
    package.origin = r.declared.origin;
    if (!r.version.empty()) {
      if (auto version = pep::Version::parse(r.version)) package.version = *version;
    }
    if (!package.version && !r.specifier.empty()) {
      if (auto specifier = pep::SpecifierSet::parse(r.specifier)) package.constraint = *specifier;
    }
    if (r.declared.form == project::RequirementForm::Path || r.declared.form == project::RequirementForm::Url) {
      std::string_view text = r.declared.text;
      std::size_t slash = text.rfind('/');
      std::string file(slash == std::string_view::npos ? text : text.substr(slash + 1));
      if (auto wheel = pep::WheelFilename::parse(file)) {
        package.wheel = file;
        package.tags = wheel->tags;
      }
    }
    // A later, exact declaration of the same package in one file wins over an open one.
    StackPackage* existing = nullptr;
    if (auto it = at[r.manifest].find(package.name); it != at[r.manifest].end()) existing = &stack.packages[it->second];
    if (!existing) {
      at[r.manifest].emplace(package.name, stack.packages.size());
      stack.packages.push_back(std::move(package));
    } else if (!existing->version && package.version) {
      *existing = std::move(package);
    }
  }
  std::vector<Stack> out;
  for (auto& stack : stacks) {
    if (!stack.packages.empty()) out.push_back(std::move(stack));
  }
  return out;
}

std::vector<DeclaredRequirement> declared_from_scan(const project::ScanResult& scan) {
  std::vector<DeclaredRequirement> out;
  for (const project::ScannedRequirement& r : scan.requirements) {
    if (r.manifest >= scan.manifests.size()) continue;
    const project::Manifest& manifest = scan.manifests[r.manifest];
    if (!manifest.stack.empty()) continue;
    switch (manifest.kind) {
      case project::ManifestKind::Pyproject:
      case project::ManifestKind::Requirements:
      case project::ManifestKind::SetupPy:
      case project::ManifestKind::SetupCfg:
        break;
      default:
        continue;
    }
    const auto scope = r.declared.scope;
    if (scope == project::Scope::Build || scope == project::Scope::Constraint || scope == project::Scope::Install) continue;
    if (r.declared.form != project::RequirementForm::Pep508 || r.declared.editable) continue;
    auto requirement = pep::Requirement::parse(r.declared.text);
    if (!requirement) continue;
    bool optional = scope == project::Scope::Extra || scope == project::Scope::Group || r.declared.optional;
    out.push_back({std::move(*requirement), r.declared.origin, r.declared.group, optional});
  }
  return out;
}

std::vector<Origin> cuda_extension_builds(const project::ScanResult& scan) {
  std::vector<Origin> out;
  for (const project::SetupScript& script : scan.setup_scripts) {
    for (const auto& extension : script.setup.extensions) {
      if (extension.kind != "CUDAExtension") continue;
      out.push_back(Origin::file(script.path, extension.at.line, extension.at.column, extension.name));
    }
  }
  return out;
}

std::vector<std::string> project_names(const project::ScanResult& scan) {
  std::vector<std::string> out;
  for (const project::Manifest& manifest : scan.manifests)
    if (manifest.name && !manifest.name->text.empty()) out.push_back(pep::canonicalize_name(manifest.name->text));
  for (const project::SetupScript& script : scan.setup_scripts)
    if (script.setup.name) out.push_back(pep::canonicalize_name(*script.setup.name));
  return out;
}

}  // namespace mlstack::check

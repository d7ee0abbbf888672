// SPDX-License-Identifier: MIT
#include "check/stack_sources.h"

#include <unordered_map>

#include <fmt/format.h>

#include "check/marker_cases.h"
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

// "%2B" -> "+": wheel URLs on GitHub releases escape the local label's '+'.
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A distribution installed from a wheel URL (direct_url.json) keeps the
// wheel's name there: flash-attn's release wheels carry their build in the
// file name's local label (+cu123torch2.4cxx11abiFALSE) while METADATA says
// only 2.6.3. The label is what the build was made for, so the package is
// judged as that version, with or without its .so files on disk.
void take_direct_url_wheel(const env::Distribution& dist, StackPackage& package) {
  if (!dist.direct_url || !package.version) return;
  std::string_view url = dist.direct_url->url;
  if (auto cut = url.find_first_of("?#"); cut != std::string_view::npos) url = url.substr(0, cut);
  std::size_t slash = url.rfind('/');
  std::string file = percent_decode(slash == std::string_view::npos ? url : url.substr(slash + 1));
  if (!file.ends_with(".whl")) return;
  auto wheel = pep::WheelFilename::parse(file);
  if (!wheel || wheel->name != package.name) return;
  if (wheel->version.public_version() != package.version->public_version()) return;
  package.wheel = file;
  if (package.tags.empty()) package.tags = wheel->tags;
  if (!package.version->has_local() && wheel->version.has_local()) package.version = wheel->version;
}

}  // namespace

std::optional<Origin> fill_driver_cuda(pep::Platform& platform, const kb::KnowledgeBase& kb) {
  if (platform.driver_cuda || !platform.driver_version) return std::nullopt;
  const kb::CudaToolkit* cuda = kb.highest_cuda_for_driver(*platform.driver_version);
  if (cuda == nullptr) return std::nullopt;
  platform.driver_cuda = cuda->version;
  return cuda->fact.origin();
}

Stack stack_from_environment(const env::Environment& environment, const env::Machine& machine,
                             const kb::KnowledgeBase& kb) {
  Stack stack;
  stack.kind = Stack::Kind::Environment;
  stack.label = environment.site_dirs.empty() ? std::string("environment")
                                              : fmt::format("environment {}", environment.site_dirs.front());
  stack.platform = env::to_platform(machine, environment);
  if (machine.driver && stack.platform.driver_version_text.empty()) stack.platform.driver_version_text = machine.driver->version;
  stack.has_machine = true;
  stack.machine_origin = Origin::machine(machine.driver ? machine.driver->source : std::string("machine probe"));
  stack.driver_cuda_origin = fill_driver_cuda(stack.platform, kb);
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
    take_direct_url_wheel(dist, package);
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

namespace {

StackPackage package_of(const project::ScannedRequirement& r) {
  StackPackage package;
  package.name = r.name;
  package.display_name = r.display_name;
  package.requirement = r.declared.text;
  package.origin = r.declared.origin;
  package.marker = r.marker;
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
  return package;
}

// Adds a declaration to a stack: a later, exact declaration of the same
// package wins over an open one (an extra may pin what the main list leaves open).
// `at` maps a name to its index in the stack's packages, so that a
// 40,000-line requirements file stays linear.
void add_declaration(Stack& stack, std::unordered_map<std::string, std::size_t>& at, StackPackage package) {
  auto [it, fresh] = at.try_emplace(package.name, stack.packages.size());
  if (fresh) stack.packages.push_back(std::move(package));
  else if (StackPackage& existing = stack.packages[it->second]; !existing.version && package.version)
    existing = std::move(package);
}

std::optional<pep::SpecifierSet> project_requires_python(const project::ScanResult& scan) {
  for (const project::Manifest& manifest : scan.manifests) {
    if (!manifest.stack.empty() || !manifest.requires_python) continue;
    if (auto parsed = pep::SpecifierSet::parse(manifest.requires_python->text)) return *parsed;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Stack> stacks_from_scan(const project::ScanResult& scan, const pep::Platform& platform,
                                    bool machine_known) {
  std::vector<std::vector<std::size_t>> members(scan.manifests.size());
  for (std::size_t i = 0; i < scan.requirements.size(); ++i) {
    const project::ScannedRequirement& r = scan.requirements[i];
    if (r.name.empty() || r.manifest >= members.size()) continue;
    if (r.declared.scope == project::Scope::Constraint) continue;
    members[r.manifest].push_back(i);
  }
  MarkerScope scope{platform, platform.python_version.has_value(), machine_known, project_requires_python(scan)};
  std::vector<Stack> out;
  for (std::size_t m = 0; m < scan.manifests.size(); ++m) {
    if (members[m].empty()) continue;
    std::vector<std::string> markers;
    for (std::size_t i : members[m]) markers.push_back(scan.requirements[i].marker);
    for (const MarkerCase& marker_case : marker_cases(markers, scope)) {
      Stack stack;
      stack.label = scan.manifests[m].path;
      stack.kind = kind_of(scan.manifests[m].kind);
      stack.platform = platform;
      stack.condition = marker_case.condition;
      std::unordered_map<std::string, std::size_t> at;
      for (std::size_t k = 0; k < members[m].size(); ++k)
        if (marker_case.applies[k]) add_declaration(stack, at, package_of(scan.requirements[members[m][k]]));
      if (!stack.packages.empty()) out.push_back(std::move(stack));
    }
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

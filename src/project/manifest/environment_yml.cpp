// SPDX-License-Identifier: MIT
#include "project/manifest/environment_yml.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "project/manifest/detail/text.h"
#include "project/manifest/requirements_txt.h"

namespace mlstack::project {
namespace {

Origin origin_of(const YAML::Node& node, const std::string& path, std::string context = {}) {
  YAML::Mark mark = node.Mark();
  if (mark.line < 0) return Origin::file(path, 0, 0, std::move(context));
  return Origin::file(path, static_cast<std::size_t>(mark.line) + 1, static_cast<std::size_t>(mark.column) + 1,
                      std::move(context));
}

void read_pip_section(const YAML::Node& list, const std::string& path, Manifest& manifest) {
  if (!list.IsSequence()) {
    manifest.findings.push_back(input_error("input.conda-schema", "the `pip:` entry must be a list",
                                            origin_of(list, path)));
    return;
  }
  for (const auto& item : list) {
    if (!item.IsScalar()) {
      manifest.findings.push_back(input_error("input.conda-schema", "a `pip:` item must be a string",
                                              origin_of(item, path)));
      continue;
    }
    Origin at = origin_of(item, path, "pip");
    RequirementsFile line = parse_requirements(item.Scalar(), path);
    for (auto& requirement : line.manifest.requirements) {
      requirement.origin.line = at.line;
      requirement.origin.column = at.column + requirement.origin.column - 1;
      requirement.origin.context = "pip";
      requirement.installer = "pip";
      manifest.requirements.push_back(std::move(requirement));
    }
    for (auto& index : line.manifest.indexes) {
      index.origin = at;
      manifest.indexes.push_back(std::move(index));
    }
    for (auto& finding : line.manifest.findings) {
      for (auto& o : finding.origins) o = at;
      manifest.findings.push_back(std::move(finding));
    }
    for (auto& include : line.includes) {
      manifest.findings.push_back(Finding{
          "scan.conda-pip-include", Severity::Info,
          fmt::format("the pip section includes `{}`; it is read on its own when it is a requirements file",
                      include.target),
          {at}, {}, {}});
    }
  }
}

}  // namespace

Expected<std::string, std::string> conda_spec_to_pep508(std::string_view spec) {
  spec = detail::trim(spec);
  if (std::size_t channel = spec.find("::"); channel != std::string_view::npos) spec.remove_prefix(channel + 2);
  if (std::size_t bracket = spec.find('['); bracket != std::string_view::npos) spec = spec.substr(0, bracket);
  spec = detail::trim(spec);
  std::size_t name_end = spec.find_first_of(" =<>!~");
  std::string name(spec.substr(0, name_end));
  if (name.empty()) return unexpected(fmt::format("`{}` has no package name", spec));
  if (name_end == std::string_view::npos) return name;
  std::string_view rest = detail::trim(spec.substr(name_end));
  std::string_view version = rest;
  if (rest.starts_with("=") && !rest.starts_with("==")) {
    // name=version[=build]: a prefix match unless a build pins it.
    version = rest.substr(1);
    std::size_t eq = version.find('=');
    if (eq != std::string_view::npos) {
      // A build string after the second '=' makes the version exact.
      version = version.substr(0, eq);
      return name + "==" + std::string(version);
    }
    if (version.ends_with("*")) return name + "==" + std::string(version.ends_with(".*") ? version : version.substr(0, version.size() - 1));
    return name + "==" + std::string(version) + ".*";
  }
  if (rest.find_first_of("<>=!~") == 0) {
    std::string out = name;
    for (char c : rest) {
      if (c != ' ') out += c;
    }
    return out;
  }
  // "name 1.2.3 [build]": a plain version is exact, "1.2*" a prefix.
  std::size_t space = rest.find(' ');
  version = rest.substr(0, space);
  if (version.find_first_of("<>=!|,") != std::string_view::npos) {
    std::string out = name;
    for (char c : version) out += c;
    if (version.find('|') != std::string_view::npos) return unexpected(fmt::format("`{}` is a union (|)", spec));
    return out;
  }
  if (version.ends_with("*")) {
    std::string prefix(version.substr(0, version.size() - 1));
    if (!prefix.ends_with(".")) prefix += ".";
    return name + "==" + prefix + "*";
  }
  return name + "==" + std::string(version);
}

Manifest parse_environment_yml(std::string_view text, const std::string& path) {
  Manifest manifest;
  manifest.path = path;
  manifest.kind = ManifestKind::CondaEnvironment;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& error) {
    // yaml-cpp bounds its recursion itself, but names it "bad file".
    manifest.findings.push_back(input_error(
        "input.yaml-syntax", fmt::format("invalid YAML: nested more than {} levels deep", error.depth() - 1),
        Origin::file(path, static_cast<std::size_t>(error.mark.line + 1), static_cast<std::size_t>(error.mark.column + 1))));
    return manifest;
  } catch (const YAML::Exception& error) {
    manifest.findings.push_back(input_error(
        "input.yaml-syntax", fmt::format("invalid YAML: {}", error.msg),
        Origin::file(path, static_cast<std::size_t>(error.mark.line + 1), static_cast<std::size_t>(error.mark.column + 1))));
    return manifest;
  }
  if (!root.IsMap()) {
    if (!root.IsNull()) {
      manifest.findings.push_back(input_error("input.conda-schema", "an environment file must be a mapping",
                                              origin_of(root, path)));
    }
    return manifest;
  }
  try {
    if (const YAML::Node name = root["name"]; name && name.IsScalar()) {
      manifest.name = DeclaredValue{name.Scalar(), origin_of(name, path)};
    }
    if (const YAML::Node channels = root["channels"]; channels && channels.IsSequence()) {
      for (const auto& channel : channels) {
        if (!channel.IsScalar()) continue;
        IndexEntry entry;
        entry.kind = IndexEntry::Kind::CondaChannel;
        entry.name = channel.Scalar();
        entry.url = channel.Scalar();
        entry.origin = origin_of(channel, path);
        manifest.indexes.push_back(std::move(entry));
      }
    }
    const YAML::Node dependencies = root["dependencies"];
    if (!dependencies) return manifest;
    if (!dependencies.IsSequence()) {
      manifest.findings.push_back(input_error("input.conda-schema", "`dependencies` must be a list",
                                              origin_of(dependencies, path)));
      return manifest;
    }
    for (const auto& item : dependencies) {
      if (item.IsMap()) {
        if (const YAML::Node pip = item["pip"]) read_pip_section(pip, path, manifest);
        continue;
      }
      if (!item.IsScalar()) continue;
      DeclaredRequirement requirement;
      requirement.raw = item.Scalar();
      requirement.form = RequirementForm::Conda;
      requirement.installer = "conda";
      requirement.origin = origin_of(item, path, "conda");
      auto pep = conda_spec_to_pep508(requirement.raw);
      if (pep) {
        requirement.text = *pep;
      } else {
        requirement.text = requirement.raw;
        requirement.notes.push_back(pep.error());
      }
      if (requirement.text.starts_with("python") &&
          (requirement.text.size() == 6 || std::string_view("=<>!~").find(requirement.text[6]) != std::string_view::npos)) {
        manifest.requires_python = DeclaredValue{requirement.text.substr(6), requirement.origin};
      }
      manifest.requirements.push_back(std::move(requirement));
    }
  } catch (const YAML::Exception& error) {
    manifest.findings.push_back(input_error(
        "input.conda-schema", fmt::format("unexpected YAML structure: {}", error.msg),
        Origin::file(path, static_cast<std::size_t>(error.mark.line + 1), static_cast<std::size_t>(error.mark.column + 1))));
  }
  return manifest;
}

}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
#include "check/stack_sources.h"

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
  for (const auto& entry : lock.packages) {
    if (entry.version.empty()) continue;
    auto version = pep::Version::parse(entry.version);
    if (!version) continue;
    std::string name = pep::canonicalize_name(entry.name);
    bool applies = markers_hold(entry.markers, environment);
    StackPackage* existing = nullptr;
    for (auto& p : stack.packages) {
      if (p.name == name) existing = &p;
    }
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
    if (existing) *existing = std::move(package);
    else stack.packages.push_back(std::move(package));
  }
  return stack;
}

}  // namespace mlstack::check

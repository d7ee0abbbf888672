// SPDX-License-Identifier: MIT
// Plan tests' helpers: the embedded kb, a MemorySource with real file
// names (torch, triton and flash-attn wheels as their indexes name them),
// and targets.
#pragma once

#include <string>
#include <vector>

#include "kb/loader.h"
#include "pep/wheel_filename.h"
#include "plan/planner.h"
#include "solve/memory_source.h"

namespace mlstack::plan::testing {

inline const kb::KnowledgeBase& kb() {
  static const kb::LoadResult loaded = kb::load_embedded();
  return loaded.kb;
}

inline PlanTarget target(const char* spec) {
  auto parsed = parse_target_spec(spec, kb());
  if (!parsed) throw std::runtime_error(parsed.error().message);
  return *parsed;
}

inline solve::DistFile wheel(const std::string& filename, const std::string& index = "https://pypi.org/simple/") {
  solve::DistFile file;
  file.filename = filename;
  file.tags = pep::WheelFilename::parse(filename).value().tags;
  file.index = index;
  return file;
}

// One release of `name` with these wheels and requirements.
inline void add(solve::MemorySource& source, const std::string& name, const std::string& version,
                std::vector<solve::DistFile> files, const std::vector<std::string>& requires_dist = {},
                const std::string& requires_python = "") {
  solve::Release release;
  release.version = pep::Version::parse(version).value();
  release.files = std::move(files);
  solve::Metadata metadata;
  for (const std::string& text : requires_dist) metadata.requires_dist.push_back(pep::Requirement::parse(text).value());
  if (!requires_python.empty()) metadata.requires_python = pep::SpecifierSet::parse(requires_python).value();
  source.add(name, std::move(release), std::move(metadata));
}

inline std::vector<RootRequirement> roots(const std::vector<std::string>& texts) {
  std::vector<RootRequirement> out;
  for (const std::string& text : texts) out.push_back({pep::Requirement::parse(text).value(), "test"});
  return out;
}

inline const PlanRow* row(const Plan& plan, const std::string& name) {
  for (const PlanRow& r : plan.rows)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace mlstack::plan::testing

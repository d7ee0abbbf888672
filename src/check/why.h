// SPDX-License-Identifier: MIT
// `mlstack why PKG`: every constraint and fact that bears on one package —
// where the project declares it, what is installed, which installed
// distributions require it, what the knowledge base says it needs and what
// other packages need of it — each evaluated against the environment.
#pragma once

#include <string>
#include <vector>

#include "check/check_project.h"

namespace mlstack::check {

struct WhyEntry {
  std::string kind;     // "declared", "installed", "required by", "requires", "required of it", "release"
  std::string text;     // "torch==2.3.0", "flash-attn 2.6.3+cu123torch2.3cxx11abitrue needs torch==2.3.*"
  std::string verdict;  // "holds", "violated: the stack has torch 2.4.0", "unknown", "not applicable", or ""
  std::vector<Origin> origins;
};

struct WhyReport {
  std::string package;  // canonical
  std::string display_name;
  std::vector<WhyEntry> entries;
  std::vector<Finding> findings;  // loading findings
};

struct WhyOptions {
  std::string package;
  std::string path = ".";  // the project; skipped when it holds no manifest
  bool read_env = true;
  env::InspectOptions env;
  std::string env_file;
  std::string kb_dir;
};

Expected<WhyReport, std::string> why_command(const env::System& system, const WhyOptions& options);

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
// What `mlstack check` and `mlstack diff` load before the rules run: the
// knowledge base, the project scan, the environment with its machine (live,
// or saved with `mlstack env --format json`), and a target machine. Loading
// problems are findings; only unusable options fail.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check/check.h"
#include "check/diff.h"
#include "check/release_facts.h"
#include "check/rules_index.h"
#include "check/stack.h"
#include "env/inspect.h"
#include "env/system.h"
#include "kb/loader.h"
#include "project/scan.h"

namespace mlstack::check {

struct CheckOptions {
  std::string path = ".";      // project folder or manifest
  bool read_env = true;        // read the environment (--no-env turns it off)
  env::InspectOptions env;     // --site / --python / tools
  std::string env_file;        // --env-file: a saved `mlstack env --format json`
  std::string target;          // --target python=3.10,cuda=12.1,sm=86,abi=0
  std::string kb_dir;          // --kb DIR
  bool binaries = true;        // analyse the environment's extension modules (--no-binaries turns it off)
  IndexFactory index;          // verify pins against package indexes (check/rules_index.h); empty: read none
};

struct CheckReport {
  std::string path;
  std::vector<Stack> declared_stacks;
  std::optional<Stack> environment;
  std::optional<pep::Platform> target;
  std::size_t declared_requirements = 0;
  std::vector<ReleaseFact> releases;  // what the kb knows of the declared stacks' pins
  std::size_t native_modules = 0;     // extension modules analysed (live environments only)
  std::size_t native_libraries = 0;   // other shared libraries of the site folders analysed
  std::vector<Finding> findings;  // loading findings (input.*, scan.*) and rule findings
  bool index_read = false;            // pins were verified against package indexes
  std::vector<IndexPin> index_pins;   // what the indexes say of each pin
  // What was read, for views that show more than the findings (`mlstack report`).
  std::shared_ptr<const project::ScanResult> scan;
  std::shared_ptr<const env::EnvReport> env_report;  // a live environment, when one was read
  std::shared_ptr<const kb::KnowledgeBase> kb;
};

// Loads the knowledge base (built in, or with --kb overrides); findings go to `findings`.
kb::KnowledgeBase load_kb(const std::string& kb_dir, std::vector<Finding>& findings);

Expected<CheckReport, std::string> check_project(const env::System& system, const CheckOptions& options);

// A stack from anything mlstack reads: a site-packages folder or virtualenv, a
// saved environment (.json), a lock file, or a manifest / script / README.
// `platform` is the machine that file-based stacks are judged on.
Expected<Stack, std::string> load_stack(const env::System& system, const std::string& spec,
                                        const pep::Platform& platform, const kb::KnowledgeBase& kb,
                                        std::vector<Finding>& findings);

struct DiffOptions {
  std::string a;
  std::string b;
  std::string target;
  std::string kb_dir;
  IndexFactory index;  // verify both sides' pins against package indexes; empty: read none
};

struct DiffReport {
  DiffResult diff;
  std::vector<Finding> findings;  // loading findings; the rows' own findings are in diff.findings
};

Expected<DiffReport, std::string> diff_command(const env::System& system, const DiffOptions& options);

}  // namespace mlstack::check

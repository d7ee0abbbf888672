// SPDX-License-Identifier: MIT
// The project scan: walks a project tree, reads every place it declares what
// it needs (project/manifest/*), parses each declaration as PEP 508, and
// relates them: which are pinned, which sources disagree, which alternative
// stacks pin what the main manifest leaves open, what a reproducible bound
// would be. It reads files only; it never runs, imports or builds anything.
//
// Walk rules: .git, node_modules, __pycache__, tool caches, virtualenvs (any
// folder holding pyvenv.cfg), site-packages, build/dist/*.egg-info folders are
// skipped; symlinked folders are followed inside the tree once, and a loop is
// an input.symlink-loop error. A file above ScanOptions::max_file_bytes or
// with NUL bytes is an input error, not read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/expected.h"
#include "core/finding.h"
#include "project/manifest/declared.h"
#include "project/python/setup_py.h"

namespace mlstack::project {

// How tightly a declaration fixes what gets installed.
enum class PinStatus {
  Exact,       // ==2.3.0, ===x, a wheel URL or path (its version is fixed)
  Bounded,     // >=2.1,<3 ; ~=2.1 ; ==2.1.*
  LowerBound,  // >=2.1 only
  UpperBound,  // <3 only
  Unpinned,    // no version clause (or only !=)
  DirectUrl,   // name @ https://.../x.tar.gz (not a wheel)
  Git,         // git+https://...@rev
  LocalPath,   // a directory or local archive; the project itself
  Unknown,     // not parsed (a syntax error, an unexpanded variable)
};

const char* to_string(PinStatus status);

// One declaration, parsed.
struct ScannedRequirement {
  DeclaredRequirement declared;
  std::size_t manifest = 0;  // index into ScanResult::manifests
  std::string name;          // canonical (PEP 503) name; empty when unknown
  std::string display_name;  // as written
  std::string specifier;     // normalised specifier set: "<3,>=2.1"; empty for none
  std::string marker;        // normalised marker; empty for none
  std::string url;           // direct URL, when any
  std::string version;       // exact version when one is fixed (==, wheel file name)
  PinStatus pin = PinStatus::Unknown;
};

// Two or more declarations of one package that do not say the same thing.
struct Disagreement {
  enum class Kind {
    ConflictingPins,  // ==2.3.0 here, ==2.3.1 there
    PinOutsideRange,  // ==2.3.0 here, >=2.4 there
    DisjointRanges,   // <2 here, >=2 there
    DocsOnly,         // installed by a README/docs command, declared by no manifest
    ScriptOnly,       // installed by a script or Dockerfile, declared by no manifest
    StackPinsOpen,    // an alternative stack pins what the main manifest leaves open
    StackDiffers,     // an alternative stack constrains it differently
  };
  Kind kind = Kind::ConflictingPins;
  std::string package;                // canonical name
  std::vector<std::size_t> requirements;  // indices into ScanResult::requirements
  std::string message;
};

const char* to_string(Disagreement::Kind kind);

// A bound that would make an open declaration reproducible.
struct Suggestion {
  std::size_t requirement = 0;  // index into ScanResult::requirements
  std::string suggested;        // "torch>=2.1,<3" ; empty when nothing is known statically
  std::string reason;           // "uv.lock resolves 2.7.0", "pinned ==2.3.0 in install.sh:12"
};

// A named stack: the main one ("") and each alternative manifest.
struct StackInfo {
  std::string name;
  std::vector<std::size_t> manifests;
};

// A setup.py read statically: its native extensions and the checks its
// build makes on the machine (its requirements are in ScanResult::requirements).
struct SetupScript {
  std::string path;  // root-relative
  python::SetupPy setup;
};

struct ScanOptions {
  std::uint64_t max_file_bytes = 16ull << 20;  // larger manifests are input errors, not read
  bool read_markdown = true;
  bool read_scripts = true;
};

struct ScanResult {
  std::string root;
  std::vector<Manifest> manifests;
  std::vector<ScannedRequirement> requirements;
  std::vector<StackInfo> stacks;  // stacks[0] is the main stack
  std::vector<Disagreement> disagreements;
  std::vector<Suggestion> suggestions;
  std::vector<Finding> findings;  // input.* errors from every reader, then scan.* findings
  std::size_t files_seen = 0;
  std::size_t folders_seen = 0;
  std::vector<std::string> lock_files;  // lock files used for suggestions
  std::vector<SetupScript> setup_scripts;
  // Folders holding a pyproject.toml, setup.py, setup.cfg, requirements file
  // (the folder above a `requirements/` folder) or environment file ("" for
  // the root): each is a project of its own, and sources are compared only
  // within one.
  std::vector<std::string> projects;
};

// Scans the project at `root` (a folder, or a single manifest file). Fails
// only when `root` cannot be read at all; bad files become findings.
Expected<ScanResult, std::string> scan_project(const std::string& root, const ScanOptions& options = {});

}  // namespace mlstack::project

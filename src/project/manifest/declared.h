// SPDX-License-Identifier: MIT
// What a project's files declare, as read: one DeclaredRequirement per place a
// dependency is named, with its text exactly as written and where it was
// written (file:line:col, plus the group, extra, profile or script it belongs
// to). Readers fill these and never judge them; parsing the text as PEP 508,
// pin status and drift between sources are the scan's job (project/scan.h).
//
// The traps this model exists for:
//  - one package is named in many places (pyproject, requirements files,
//    install scripts, the README) and they drift apart, so every declaration is
//    kept, never merged;
//  - the written text is not always PEP 508: Poetry writes `^1.2`, conda writes
//    `pytorch=1.11`, a requirements file may name a wheel path or a bare URL, a
//    script may build `torch==2.8.0+cu${CUDA_VERSION//./}` from variables.
//    `raw` keeps what was written, `text` what it means in PEP 508 terms.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/origin.h"

namespace mlstack::project {

// Which reader produced a manifest.
enum class ManifestKind {
  Pyproject,         // pyproject.toml (PEP 621, PEP 735, Poetry, uv, pdm, build-system)
  Requirements,      // pip requirements / constraints file
  SetupPy,           // setup.py read statically
  SetupCfg,          // setup.cfg [options]
  CondaEnvironment,  // environment.yml
  ShellScript,       // *.sh
  Dockerfile,        // RUN lines
  Markdown,          // fenced code blocks in README.md, docs/, INSTALL*
};

const char* to_string(ManifestKind kind);

// What the requirement is for inside its source.
enum class Scope {
  Runtime,     // [project] dependencies, install_requires, a plain requirements line
  Extra,       // optional-dependencies / extras_require / Poetry extras; `group` is the extra
  Group,       // dependency-groups, Poetry groups, dev-dependencies; `group` is the group
  Build,       // [build-system] requires, setup_requires
  Constraint,  // a constraints file (-c), constrains without requiring
  Install,     // an install command in a script or a README code block
};

const char* to_string(Scope scope);

// How `text` is to be read.
enum class RequirementForm {
  Pep508,  // "torch>=2.1; python_version>'3.8'" or "name @ url"
  Url,     // a bare URL (archive, wheel or VCS) with no name
  Path,    // a local path: a wheel file, an sdist, a source directory
  Conda,   // a conda match spec, translated into PEP 508 in `text` where it can be
};

const char* to_string(RequirementForm form);

struct DeclaredRequirement {
  std::string raw;   // as written: `torch = "^2.1"` gives "^2.1" with the name, `-e .` gives "."
  std::string text;  // PEP 508 form: "torch>=2.1,<3.0"; for Url/Path the URL or path (+ "; marker")
  std::string name;  // the name when the reader knows it apart from `text` (a Poetry key, a path dependency)
  RequirementForm form = RequirementForm::Pep508;
  Scope scope = Scope::Runtime;
  std::string group;  // the extra or group name ("dev", "gpu"); empty for runtime
  Origin origin;      // file:line:col of the requirement's first character; context names group/script
  bool editable = false;  // -e / --editable / develop = true
  bool optional = false;  // Poetry `optional = true`: only installed through an extra
  std::string installer;  // install commands: "pip", "uv pip", "uv add", "poetry add", "conda", "mamba"
  std::string source;     // a per-package index or source name (Poetry `source`, uv sources)
  std::vector<std::string> hashes;  // --hash=sha256:...
  std::vector<std::string> notes;   // what could not be resolved statically, e.g. "${TORCH_CUDA} is not set here"
  std::vector<std::string> unresolved;  // scripts: variables or $(...) left unexpanded in the text
  std::string included_from;        // the requirements file that pulled this one in through -r/-c
};

// An index, link page or channel a source configures.
struct IndexEntry {
  enum class Kind {
    IndexUrl,       // --index-url / -i, a primary Poetry source, a default uv index
    ExtraIndexUrl,  // --extra-index-url, a supplemental/explicit source or index
    FindLinks,      // --find-links / -f
    NoIndex,        // --no-index
    CondaChannel,   // environment.yml channels, conda -c
  };
  Kind kind = Kind::IndexUrl;
  std::string url;
  std::string name;      // Poetry/uv source name; empty for pip options
  std::string priority;  // Poetry: primary/supplemental/explicit; uv: "explicit"/"default"
  std::vector<std::string> packages;  // packages routed to this index (per-package sources)
  Origin origin;
};

const char* to_string(IndexEntry::Kind kind);

// A value with where it was written: requires-python, a project name.
struct DeclaredValue {
  std::string text;
  Origin origin;
};

// [project.scripts], [project.gui-scripts], entry points, Poetry scripts.
struct EntryPoint {
  std::string group;  // "console_scripts", "gui_scripts", or the entry-point group
  std::string name;
  std::string target;  // "package.module:function"
  Origin origin;
};

// One file read by one reader.
struct Manifest {
  std::string path;  // relative to the scanned root, '/'-separated
  ManifestKind kind = ManifestKind::Requirements;
  std::string stack;  // the alternative stack it belongs to ("pyproject.toml_torch_2.6.0"); empty for the main one
  std::optional<DeclaredValue> name;
  std::optional<DeclaredValue> requires_python;
  std::vector<DeclaredRequirement> requirements;
  std::vector<IndexEntry> indexes;
  std::vector<EntryPoint> entry_points;
  std::vector<std::string> includes;  // files pulled in through -r / -c, relative to the root
  bool pre_releases = false;          // --pre
  std::string build_backend;          // [build-system] build-backend
  std::vector<Finding> findings;      // input.* errors and reader notes, each with file:line
};

// An input error finding at `origin`: the rule id must start with "input.".
Finding input_error(std::string rule, std::string message, Origin origin, std::string detail = {});

}  // namespace mlstack::project

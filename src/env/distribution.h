// SPDX-License-Identifier: MIT
// Distribution: one installed distribution as its metadata folder describes
// it. A `.dist-info` (PEP 376/627) holds METADATA, RECORD, INSTALLER,
// REQUESTED, direct_url.json (PEP 610), WHEEL, entry_points.txt and
// top_level.txt; a legacy `.egg-info` holds PKG-INFO and requires.txt, whose
// `[extra:marker]` sections are turned into Requires-Dist lines with markers
// exactly as importlib.metadata does; a `.egg-link` (setup.py develop) points
// at a project folder holding the `.egg-info`.
//
// Traps: the folder name is not the distribution's name (pip writes
// `Foo_Bar-1.0.dist-info` for "foo-bar"), so names come from METADATA and are
// compared canonicalised (PEP 503); RECORD paths are relative to the site
// folder and may legitimately climb out of it into the prefix (scripts go to
// ../../../bin), but never out of the environment; the version keeps its local
// label ("2.3.0+cu121"), which says which CUDA build it is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "env/system.h"

namespace mlstack::env {

enum class MetadataKind { DistInfo, EggInfo, EggLink };

// PEP 610 direct_url.json: how a distribution was installed from a URL.
struct DirectUrl {
  std::string url;                 // "file:///home/me/project"
  bool editable = false;           // dir_info.editable
  std::string vcs;                 // "git" (vcs_info.vcs)
  std::string commit_id;           // vcs_info.commit_id
  std::string requested_revision;  // vcs_info.requested_revision
  std::string archive_hash;        // archive_info.hash(es)
};

struct EntryPoint {
  std::string group;  // "console_scripts"
  std::string name;   // "torchrun"
  std::string value;  // "torch.distributed.run:main"
};

struct Distribution {
  std::string name;            // as METADATA writes it: "PyYAML"
  std::string canonical_name;  // "pyyaml"
  std::string version;         // as written: "2.3.0+cu121"
  MetadataKind kind = MetadataKind::DistInfo;
  std::string metadata_dir;    // the .dist-info/.egg-info folder (or the .egg-link file)
  std::string site_dir;        // the sys.path entry it was found in
  std::string summary;
  std::string requires_python;            // ">=3.8"
  std::vector<std::string> requires_dist;  // PEP 508 strings, egg-info sections turned into markers
  std::vector<std::string> provides_extra;
  std::string installer;                   // INSTALLER: "pip", "uv", "conda", "debian"; empty when absent
  bool requested = false;                  // REQUESTED exists: installed by name, not as a dependency
  std::optional<DirectUrl> direct_url;
  bool editable = false;                   // direct_url editable, .egg-link, or __editable__ finder
  std::string editable_location;           // the project folder an editable install points at
  std::vector<std::string> wheel_tags;     // WHEEL Tag lines: "cp311-cp311-manylinux_2_17_x86_64"
  std::string wheel_generator;             // WHEEL Generator: "bdist_wheel (0.43.0)"
  std::vector<EntryPoint> entry_points;
  std::vector<std::string> top_level;      // top_level.txt
  std::vector<std::string> import_names;   // from RECORD (RecordSummary::import_names); empty without RECORD
  std::size_t record_files = 0;            // RECORD rows
  std::vector<std::string> extension_modules;  // RECORD rows ending in .so (relative to site_dir)
  bool shadowed = false;                   // an earlier sys.path entry holds the same name
};

// Reads one metadata folder (or .egg-link file) found in `site_dir`. Problems
// (no METADATA, unreadable files, binary garbage, RECORD rows leaving the
// environment `prefix`) become `input.*` findings naming the file; whatever
// could be read is still returned. nullopt only when nothing names the
// distribution at all (then a finding says why).
std::optional<Distribution> read_distribution(const System& system, const std::string& site_dir,
                                              const DirEntry& entry, const std::string& prefix,
                                              std::vector<Finding>& findings);

// Parsers of the small files, for tests and for other readers.
std::vector<EntryPoint> parse_entry_points(std::string_view text);
// requires.txt -> Requires-Dist: "[cuda:sys_platform == 'linux']\nfoo>=1" ->
// "foo>=1 ; (sys_platform == 'linux') and extra == \"cuda\"".
std::vector<std::string> requires_txt_to_requires_dist(std::string_view text, std::vector<std::string>* extras);
std::optional<DirectUrl> parse_direct_url(std::string_view text, std::string* error);

}  // namespace mlstack::env

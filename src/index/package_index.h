// SPDX-License-Identifier: MIT
// src/index: what package indexes say exists. The layers above (check, solve,
// the CLI) ask a PackageIndex for a package's versions and files and for a
// file's dependencies, and never see HTTP.
//
// What an index client has to get right, and where it is done here:
// - Two page formats (simple_page.h): PEP 691 JSON, asked for through the
//   Accept header, and PEP 503 HTML, which every index serves; the same
//   facts come out of both.
// - Which index a package comes from (sources.h): uv's first-index rule,
//   so an extra index and PyPI are never mixed for one name.
// - Yanked files (PEP 592) stay listed with their reason: an == pin still
//   installs them.
// - Dependencies come from the core metadata file next to a wheel (PEP 658 /
//   714), checked against the hash the page gives; where the index offers
//   none, they are Unknown, never guessed from another file or version.
// - Offline with nothing cached, a package is Unknown rather than absent:
//   "not on the index" is said only when an index answered 404.
// - The network (transport.h) and the disk cache (http_cache.h) sit behind
//   small interfaces; MemoryIndex (memory_index.h) is the in-memory
//   PackageIndex for tests of the layers above, FakeTransport the in-memory
//   network for tests of the client.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "index/dist_file.h"
#include "index/sources.h"
#include "pep/requirement.h"
#include "pep/version.h"

namespace mlstack::index {

// A failure of one index for one package, naming the URL (redacted):
// "https://pypi.org/simple/torch/: timed out after 3 tries".
struct IndexProblem {
  std::string url;
  std::string message;
};

// Where an answer came from.
enum class Freshness {
  Network,      // fetched in this run (200)
  Revalidated,  // the cached copy, confirmed by the server (304)
  Cached,       // the cached copy, still fresh by Cache-Control (no request made)
  Stale,        // the cached copy, used because the server could not be reached or --offline
  None,         // nothing (not found, or no answer)
};

const char* to_string(Freshness freshness);

enum class Lookup {
  Found,     // an index lists the package
  NotFound,  // every index consulted answered that it does not have it (404)
  Unknown,   // no answer from some index, and none had it: offline and not cached, or errors
};

const char* to_string(Lookup lookup);

// One package across the configured sources, after the priority rule.
struct Project {
  std::string name;  // canonical
  Lookup status = Lookup::Unknown;
  // The index the files come from (first in priority order that has the
  // package); nullopt when only find-links have it, or none.
  std::optional<std::size_t> source;
  // Other indexes consulted that also list the name (never merged in: the
  // dependency-confusion check reads them).
  std::vector<std::size_t> also_on;
  // Sources consulted that gave no answer (an error, or offline with nothing
  // cached): while any remains, "not on the index" is not proven.
  std::vector<std::size_t> unanswered;
  // Files of `source` plus those of every find-links source, sorted by
  // version (ascending), then filename.
  std::vector<DistFile> files;
  // Distinct versions, ascending: of the files, plus PEP 700 `versions` that have no file.
  std::vector<pep::Version> versions;
  Freshness freshness = Freshness::None;
  std::int64_t fetched_at = 0;  // unix seconds the data was received (0: unknown)
  std::vector<IndexProblem> problems;

  // Files whose version equals `version` (a pin without a local label also
  // takes local variants, as PEP 440's == does: 2.3.1 matches 2.3.1+cu121).
  std::vector<const DistFile*> files_of(const pep::Version& version) const;
  bool has_version(const pep::Version& version) const;
};

// A file's dependencies, from its core metadata.
struct Dependencies {
  enum class State {
    Known,    // read from the .metadata file (hash checked where the page gives one)
    Unknown,  // the index offers no metadata file, or offline with none cached
    Failed,   // offered, but unreadable: fetch error, hash mismatch, not metadata
  };
  State state = State::Unknown;
  std::vector<pep::Requirement> requires_dist;  // in file order, those that parse
  std::vector<std::string> requires_dist_text;  // every Requires-Dist as written
  std::string requires_python;                  // as written
  std::vector<std::string> provides_extra;
  std::string url;     // the .metadata URL (redacted)
  std::string reason;  // Unknown / Failed: why, naming the URL
  Freshness freshness = Freshness::None;
};

const char* to_string(Dependencies::State state);

class PackageIndex {
 public:
  virtual ~PackageIndex() = default;

  // The sources consulted, in priority order (Project::source indexes them).
  virtual std::span<const IndexSource> sources() const = 0;

  // Fetches the pages of many packages at once (one batch of parallel
  // requests); later project() calls for them are memory lookups. Cheap to
  // call again for names already fetched.
  virtual void prefetch(std::span<const std::string> names) = 0;
  // One package (canonical or not); fetched on first use, then remembered
  // for the life of the object. The reference stays valid until the index is destroyed.
  virtual const Project& project(std::string_view name) = 0;
  // The package as one source alone lists it (after project() or prefetch()
  // fetched it): what an installer that merges indexes, as pip does, would
  // also see. Status NotFound when that source does not have it.
  virtual Project project_on(std::string_view name, std::size_t source) = 0;

  // Fetches the core metadata of many files at once.
  virtual void prefetch_dependencies(std::span<const DistFile* const> files) = 0;
  // The dependencies of one file of a Project this index returned.
  virtual const Dependencies& dependencies(const DistFile& file) = 0;
};

}  // namespace mlstack::index

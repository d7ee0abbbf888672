// SPDX-License-Identifier: MIT
// What the Python provider reads about packages: the releases of a project
// with their files (as an index lists them), and the metadata of one
// release (requires-dist, requires-python, extras). Implementations join
// index pages, --find-links folders and test data; the solver layer never
// knows where the bytes came from (DESIGN.md: package data only through
// the provider).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "pep/requirement.h"
#include "pep/specifier.h"
#include "pep/tags.h"
#include "pep/version.h"

namespace mlstack::solve {

struct DistFile {
  std::string filename;
  bool is_wheel = true;                 // else an sdist
  std::vector<pep::Tag> tags;           // wheel tags (expanded)
  std::optional<pep::SpecifierSet> requires_python;  // the index's data-requires-python
  bool yanked = false;
  std::string yanked_reason;
  std::string url;
  std::string sha256;                   // hex, empty when the index gives none
  std::optional<std::uint64_t> size;
  std::string upload_time;              // RFC 3339, empty when unknown
  std::string index;                    // where it was listed (index URL or find-links page)
  // How an installer reaches it: through a PEP 503 index (`index`), a
  // --find-links page or folder (`index`), or only by its URL (a release
  // asset the kb knows of).
  enum class Listing { Index, FindLinks, Url };
  Listing listing = Listing::Index;
  // Wheel variants (PEP 825 draft): the label in the file name and the
  // variant's properties ("nvidia :: cuda_version_lower_bound :: 12.6").
  std::string variant_label;
  std::vector<std::string> variant_properties;
};

struct Release {
  pep::Version version;
  std::vector<DistFile> files;
};

struct Metadata {
  std::vector<pep::Requirement> requires_dist;
  std::optional<pep::SpecifierSet> requires_python;
  std::vector<std::string> provides_extra;  // canonical
  // False when the index offers no metadata for the file: the release is
  // still a candidate, but its dependencies are not known (never guessed);
  // `unknown_reason` says why, naming the URL.
  bool known = true;
  std::string unknown_reason;
};

class PackageSource {
 public:
  virtual ~PackageSource() = default;
  // Every release of the project (canonical name) the sources list, in any
  // order; an empty list when no source has it; an error when a source
  // could not be read (the sentence names the URL or file). The releases
  // stay where they are as long as the source lives: the provider points
  // into them rather than copying every file of every release.
  virtual Expected<std::span<const Release>, std::string> releases(std::string_view name) = 0;
  // The metadata of a release, read for `file` (a wheel's .metadata, an
  // sdist's static PKG-INFO); an error when it cannot be known.
  virtual Expected<Metadata, std::string> metadata(std::string_view name, const Release& release,
                                                   const DistFile& file) = 0;
};

}  // namespace mlstack::solve

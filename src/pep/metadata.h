// SPDX-License-Identifier: MIT
// Core metadata (METADATA in a wheel or .dist-info, PKG-INFO in an sdist or
// .egg-info), versions 1.0 to 2.4: RFC 822-style "Field: value" headers,
// then an optional body that is the long description.
//
// Traps handled here:
// - Lines starting with a space or tab continue the previous field
//   (folding); setuptools folds Description with "        |" prefixes.
// - Field names are case-insensitive; Requires-Dist, Provides-Extra,
//   Classifier, Project-URL and friends repeat, the others must not.
// - Since 2.1 the description may be the body after the first blank line.
// - Real dists ship oddities (a bad Requires-Dist, a non-PEP 440 version
//   such as "1.13.0a0+gitunknown" is fine, "2.0-dev-r1" is not): the parser
//   keeps going and lists every problem, each with its line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.h"
#include "core/parse_error.h"
#include "pep/requirement.h"
#include "pep/specifier.h"
#include "pep/version.h"

namespace mlstack::pep {

struct MetadataProblem {
  std::string field;    // "Requires-Dist" ("" for a line that is not a field)
  std::size_t line = 0; // 1-based line of the field in the file
  ParseError error;     // span within the field's value (or the line)
};

struct CoreMetadata {
  std::string metadata_version;  // "2.1"
  std::string name;              // as written
  std::string version;           // as written
  std::optional<Version> parsed_version;
  std::string summary;
  std::string description;  // the body, or the Description field unfolded
  std::string description_content_type;
  std::string keywords;
  std::string home_page;
  std::string download_url;
  std::string author;
  std::string author_email;
  std::string maintainer;
  std::string maintainer_email;
  std::string license;
  std::string license_expression;
  std::string requires_python;  // as written: ">=3.8"
  std::optional<SpecifierSet> parsed_requires_python;
  std::vector<std::string> requires_dist;    // as written, in order
  std::vector<Requirement> requirements;     // those of requires_dist that parse
  std::vector<std::string> provides_extra;   // as written
  std::vector<std::string> classifiers;
  std::vector<std::string> project_urls;     // "Homepage, https://..."
  std::vector<std::string> platforms;
  std::vector<std::string> supported_platforms;
  std::vector<std::string> requires_external;
  std::vector<std::string> provides_dist;
  std::vector<std::string> obsoletes_dist;
  std::vector<std::string> license_files;
  std::vector<std::string> dynamic;
  // Every field in file order, name as written, value unfolded.
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<MetadataProblem> problems;
};

// Parses METADATA / PKG-INFO text. Tolerant: malformed fields become
// problems and parsing continues. Fails only when the text has no field at
// all (not a metadata file).
Expected<CoreMetadata, ParseError> parse_metadata(std::string_view text);

}  // namespace mlstack::pep

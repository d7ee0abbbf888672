// SPDX-License-Identifier: MIT
#include "pep/wheel_filename.h"

#include <algorithm>

#include "pep/detail/text.h"
#include "pep/name.h"

namespace mlstack::pep {

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// PEP 427 escapes a name to word characters and "." ("\w" is Unicode-aware,
// so bytes of non-ASCII characters pass).
bool is_escaped_name(std::string_view name) {
  if (name.empty() || name.find("__") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return detail::is_alnum(c) || c == '_' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
  });
}

}  // namespace

Expected<WheelFilename, ParseError> WheelFilename::parse(std::string_view filename, bool validate_order) {
  auto fail = [&](std::string message, std::size_t start, std::size_t len) {
    return unexpected(ParseError{std::move(message), start, len, std::string(filename)});
  };
  if (!ends_with(filename, ".whl")) {
    return fail("Invalid wheel filename (extension must be '.whl'): " + detail::python_repr(filename), 0,
                filename.size());
  }
  std::string_view stem = filename.substr(0, filename.size() - 4);
  // Messages only: built on failure (an index page parses thousands of names).
  auto quoted = [stem] { return detail::python_repr(stem); };
  std::size_t dashes = static_cast<std::size_t>(std::count(stem.begin(), stem.end(), '-'));
  if (dashes != 4 && dashes != 5) {
    return fail("Invalid wheel filename (wrong number of parts): " + quoted(), 0, stem.size());
  }
  // name-version[-build]-tags, where tags itself holds two dashes.
  std::size_t name_end = stem.find('-');
  std::size_t version_end = stem.find('-', name_end + 1);
  std::string_view name = stem.substr(0, name_end);
  std::string_view version = stem.substr(name_end + 1, version_end - name_end - 1);
  if (!is_escaped_name(name)) return fail("Invalid project name: " + quoted(), 0, std::max<std::size_t>(name.size(), 1));
  WheelFilename wheel;
  wheel.name = canonicalize_name(name);
  auto parsed = Version::parse(version);
  if (!parsed) {
    return fail("Invalid wheel filename (invalid version): " + quoted(), name_end + 1, version.size());
  }
  wheel.version = std::move(*parsed);
  std::size_t tags_start = version_end + 1;
  if (dashes == 5) {
    std::size_t build_end = stem.find('-', tags_start);
    std::string_view build = stem.substr(tags_start, build_end - tags_start);
    std::size_t digits = 0;
    uint64_t number = 0;
    if (build.empty() || !detail::is_digit(build[0]) || !detail::parse_number(build, &digits, &number)) {
      return fail("Invalid build number: " + std::string(build) + " in " + quoted(), tags_start, build.size());
    }
    wheel.build = BuildTag{number, std::string(build.substr(digits))};
    tags_start = build_end + 1;
  }
  std::string_view tag_text = stem.substr(tags_start);
  auto tags = parse_tag_set(tag_text, TagSetOptions{validate_order, std::nullopt});
  if (!tags) {
    bool unsorted = tags.error().message.find("sorted order") != std::string::npos;
    return fail(std::string(unsorted ? "Invalid wheel filename (compressed tag set components must be in sorted "
                                       "order per PEP 425): "
                                     : "Invalid wheel filename (invalid tag component): ") +
                    quoted(),
                tags_start, tag_text.size());
  }
  wheel.tags = std::move(*tags);
  return wheel;
}

Expected<SdistFilename, ParseError> SdistFilename::parse(std::string_view filename) {
  auto fail = [&](std::string message) {
    return unexpected(ParseError{std::move(message), 0, filename.size(), std::string(filename)});
  };
  auto quoted = [filename] { return detail::python_repr(filename); };  // messages only
  std::string_view stem;
  if (ends_with(filename, ".tar.gz")) {
    stem = filename.substr(0, filename.size() - 7);
  } else if (ends_with(filename, ".zip")) {
    stem = filename.substr(0, filename.size() - 4);
  } else {
    return fail("Invalid sdist filename (extension must be '.tar.gz' or '.zip'): " + quoted());
  }
  // A PEP 440 version has no dash, so the last dash separates it.
  std::size_t dash = stem.rfind('-');
  if (dash == std::string_view::npos) return fail("Invalid sdist filename: " + quoted());
  if (dash == 0) return fail("Invalid sdist filename (empty project name): " + quoted());
  auto version = Version::parse(stem.substr(dash + 1));
  if (!version) return fail("Invalid sdist filename (invalid version): " + quoted());
  return SdistFilename{canonicalize_name(stem.substr(0, dash)), std::move(*version)};
}

}  // namespace mlstack::pep

// SPDX-License-Identifier: MIT
// The files a package index lists, as plain values: one DistFile per link of a
// project page (PEP 503 HTML or PEP 691 JSON), one ProjectPage per page.
//
// Traps these types exist for:
// - A file's hashes are optional in HTML (the URL fragment "#sha256=...") and
//   a dictionary in JSON; either may name several algorithms.
// - `yanked` has three states (PEP 592): not yanked, yanked with no reason
//   (JSON `true`, HTML `data-yanked=""`) and yanked with a reason. A yanked
//   file still installs when pinned with ==, so it is listed, never dropped.
// - Core metadata (PEP 658, renamed `core-metadata` by PEP 714) may be offered
//   as `true` (no hash) or with a hash of the .metadata file itself; an index
//   that says nothing offers no metadata file, and then a version's
//   dependencies are unknown, never guessed.
// - PEP 700 adds `size`, `upload-time` and the project's `versions` (which
//   may name versions with no file); older indexes give none of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pep/tags.h"
#include "pep/version.h"

namespace mlstack::index {

struct Hash {
  std::string algorithm;  // "sha256", lowercased
  std::string hex;        // lowercase hex digest
  bool operator==(const Hash&) const = default;
};

// PEP 658 / 714: whether the index serves "<file url>.metadata".
struct CoreMetadataRef {
  bool available = false;
  std::vector<Hash> hashes;  // of the .metadata file; empty when the index said `true`
  bool operator==(const CoreMetadataRef&) const = default;
};

// A wheel's expanded tag set, shared by every file of a page that has the
// same one (torch's thousands of wheels have a few dozen): copying a file
// copies a pointer, not a vector of strings. Reads as a const
// std::vector<pep::Tag>; assigning a vector replaces it.
class TagList {
 public:
  TagList() = default;
  TagList(std::vector<pep::Tag> tags);  // NOLINT(google-explicit-constructor): a tag vector is a TagList
  TagList(std::initializer_list<pep::Tag> tags) : TagList(std::vector<pep::Tag>(tags)) {}

  const std::vector<pep::Tag>& get() const { return m_tags ? *m_tags : k_none; }
  operator const std::vector<pep::Tag>&() const { return get(); }  // NOLINT(google-explicit-constructor)
  std::vector<pep::Tag>::const_iterator begin() const { return get().begin(); }
  std::vector<pep::Tag>::const_iterator end() const { return get().end(); }
  std::size_t size() const { return get().size(); }
  bool empty() const { return get().empty(); }
  const pep::Tag& operator[](std::size_t i) const { return get()[i]; }
  void clear() { m_tags.reset(); }
  bool operator==(const TagList& other) const { return get() == other.get(); }

 private:
  static const std::vector<pep::Tag> k_none;
  std::shared_ptr<const std::vector<pep::Tag>> m_tags;
};

enum class FileKind { Wheel, Sdist, Other };

const char* to_string(FileKind kind);  // "wheel", "sdist", "other"

struct DistFile {
  std::string filename;  // "torch-2.3.1+cu121-cp311-cp311-linux_x86_64.whl"
  std::string url;       // absolute, fragment removed, never with credentials
  std::vector<Hash> hashes;
  std::string requires_python;        // ">=3.8" (HTML attribute unescaped); "" when not given
  std::optional<std::string> yanked;  // nullopt: not yanked; "" yanked without a reason
  std::optional<std::uint64_t> size;  // bytes (PEP 700)
  std::string upload_time;            // "2024-06-05T14:33:07.123456Z" as given (PEP 700); "" when absent
  CoreMetadataRef core_metadata;

  // From the filename (packaging's parse_wheel_filename / parse_sdist_filename).
  FileKind kind = FileKind::Other;
  std::string name;                     // canonical project name the filename carries
  std::optional<pep::Version> version;  // nullopt when the filename does not parse
  TagList tags;                         // wheels: the expanded tag set

  // Which configured source listed the file (an index into the client's
  // sources); 0 for a page parsed on its own.
  std::size_t source = 0;

  const Hash* find_hash(std::string_view algorithm) const;
  bool is_yanked() const { return yanked.has_value(); }
  // "2024-06-05" (the date part of upload_time), or "".
  std::string upload_date() const;
};

struct ProjectPage {
  std::string name;         // canonical, from the page or the URL it was asked for
  std::string url;          // the page's URL, without credentials
  std::string api_version;  // "1.1" (JSON meta, HTML pypi:repository-version); "" when absent
  std::vector<std::string> versions;  // PEP 700 `versions` as given; empty when absent
  std::vector<DistFile> files;        // in page order
  // Links skipped or oddities met, each a sentence ("link 12: 'x.whl' is not
  // a valid wheel filename: ..."); the page is still usable.
  std::vector<std::string> problems;
};

// Fills kind, name, version and tags from `file.filename`. Returns false
// (kind Other) when the name is neither a valid wheel nor sdist filename.
bool classify(DistFile& file);

// classify() for the many files of one page, each distinct wheel head
// ("torch-2.3.1+cu121") and tag set ("cp311-cp311-linux_x86_64") parsed
// once: torch's page lists thousands of wheels over a few hundred versions
// and a few dozen tag sets. The page parsers use one per page (a cached
// page stores the answers, page_codec.h). The same answers as classify().
class FileClassifier {
 public:
  bool classify(DistFile& file);

 private:
  struct Head {
    bool ok = false;
    std::string name;
    pep::Version version;
  };
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  template <typename T>
  using ByText = std::unordered_map<std::string, T, TextHash, std::equal_to<>>;
  ByText<Head> m_heads;
  ByText<std::optional<TagList>> m_tag_sets;
};

}  // namespace mlstack::index

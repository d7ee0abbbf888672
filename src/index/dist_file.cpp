// SPDX-License-Identifier: MIT
#include "index/dist_file.h"

#include <algorithm>

#include "pep/wheel_filename.h"

namespace mlstack::index {

const std::vector<pep::Tag> TagList::k_none;

TagList::TagList(std::vector<pep::Tag> tags)
    : m_tags(tags.empty() ? nullptr : std::make_shared<const std::vector<pep::Tag>>(std::move(tags))) {}

const char* to_string(FileKind kind) {
  switch (kind) {
    case FileKind::Wheel: return "wheel";
    case FileKind::Sdist: return "sdist";
    case FileKind::Other: return "other";
  }
  return "other";
}

const Hash* DistFile::find_hash(std::string_view algorithm) const {
  for (const auto& hash : hashes)
    if (hash.algorithm == algorithm) return &hash;
  return nullptr;
}

std::string DistFile::upload_date() const {
  return upload_time.size() >= 10 ? upload_time.substr(0, 10) : std::string();
}

bool classify(DistFile& file) {
  file.kind = FileKind::Other;
  file.tags.clear();
  file.version.reset();
  file.name.clear();
  std::string_view name = file.filename;
  if (name.ends_with(".whl")) {
    auto wheel = pep::WheelFilename::parse(name);
    if (!wheel) return false;
    file.kind = FileKind::Wheel;
    file.name = std::move(wheel->name);
    file.version = std::move(wheel->version);
    file.tags = std::move(wheel->tags);
    return true;
  }
  auto sdist = pep::SdistFilename::parse(name);
  if (!sdist) return false;
  file.kind = FileKind::Sdist;
  file.name = std::move(sdist->name);
  file.version = std::move(sdist->version);
  return true;
}

bool FileClassifier::classify(DistFile& file) {
  std::string_view filename = file.filename;
  if (!filename.ends_with(".whl")) return index::classify(file);
  std::string_view stem = filename.substr(0, filename.size() - 4);
  auto dashes = static_cast<std::size_t>(std::count(stem.begin(), stem.end(), '-'));
  if (dashes != 4 && dashes != 5) return index::classify(file);  // not a wheel name: classify() says so
  // The tag set is the last three dash-separated parts: it starts after the
  // third dash from the end.
  std::size_t tags_at = stem.size();
  for (int dash = 0; dash < 3; ++dash) tags_at = stem.rfind('-', tags_at - 1);
  std::string_view head = stem.substr(0, tags_at), tag_text = stem.substr(tags_at + 1);
  auto h = m_heads.find(head);
  if (h == m_heads.end()) {
    // The head alone, checked by the one wheel-name parser with a tag set
    // that always parses: name, version and build are validated as in a full name.
    Head parsed;
    if (auto wheel = pep::WheelFilename::parse(std::string(head) + "-py3-none-any.whl")) {
      parsed.ok = true;
      parsed.name = std::move(wheel->name);
      parsed.version = std::move(wheel->version);
    }
    h = m_heads.emplace(std::string(head), std::move(parsed)).first;
  }
  auto t = m_tag_sets.find(tag_text);
  if (t == m_tag_sets.end()) {
    auto tags = pep::parse_tag_set(tag_text);
    t = m_tag_sets.emplace(std::string(tag_text), tags ? std::optional<TagList>(std::move(*tags)) : std::nullopt).first;
  }
  file.kind = FileKind::Other;
  file.tags.clear();
  file.version.reset();
  file.name.clear();
  if (!h->second.ok || !t->second) return false;
  file.kind = FileKind::Wheel;
  file.name = h->second.name;
  file.version = h->second.version;
  file.tags = *t->second;  // shared, not copied
  return true;
}

}  // namespace mlstack::index

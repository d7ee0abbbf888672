// SPDX-License-Identifier: MIT
#include "index/dist_file.h"

#include "pep/wheel_filename.h"

namespace mlstack::index {

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

}  // namespace mlstack::index

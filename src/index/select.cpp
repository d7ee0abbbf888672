// SPDX-License-Identifier: MIT
#include "index/select.h"

#include <algorithm>

#include <fmt/format.h>

#include "pep/wheel_filename.h"

namespace mlstack::index {
namespace {

// Whether the interpreter satisfies a file's Requires-Python; true when
// either is unknown (the question stays open, never answered no).
bool python_ok(const DistFile& file, const pep::Platform& platform, std::string* why) {
  if (file.requires_python.empty() || !platform.python_version) return true;
  auto spec = pep::SpecifierSet::parse(file.requires_python);
  if (!spec) return true;
  if (spec->contains(*platform.python_version, /*prereleases=*/true)) return true;
  *why = fmt::format("Requires-Python {} excludes Python {}", file.requires_python, platform.python_version->str());
  return false;
}

// A platform without a glibc version is judged as if any glibc were there:
// the wheel's glibc need is then not held against it.
pep::Platform with_open_glibc(const pep::Platform& platform) {
  pep::Platform out = platform;
  if (out.os == "linux" && out.libc == "glibc" && !out.libc_version) out.libc_version = pep::Version::parse("2.99").value();
  return out;
}

}  // namespace

std::vector<FileFit> fit_files(const Project& project, const pep::Version& version, const pep::Platform& platform) {
  pep::Platform target = with_open_glibc(platform);
  std::vector<pep::Tag> supported;
  bool have_supported = false;
  std::vector<FileFit> out;
  for (const DistFile* file : project.files_of(version)) {
    FileFit fit;
    fit.file = file;
    std::string why;
    bool python = python_ok(*file, platform, &why);
    if (file->kind == FileKind::Wheel) {
      if (!have_supported) {
        supported = pep::supported_tags(target);
        have_supported = true;
      }
      pep::TagCompatibility compat = pep::tag_compatibility(file->tags, supported);
      if (!compat.compatible) {
        fit.reason = compat.detail.empty() ? fmt::format("tags do not match ({})", pep::to_string(compat.reason))
                                           : compat.detail;
      } else if (!python) {
        fit.reason = why;
      } else {
        fit.installs = true;
        fit.priority = compat.priority;
      }
    } else if (file->kind == FileKind::Sdist) {
      fit.buildable = python;
      fit.reason = python ? "sdist: pip would build it" : why;
    } else {
      fit.reason = "not a wheel or source distribution";
    }
    out.push_back(std::move(fit));
  }
  return out;
}

const DistFile* best_wheel(const std::vector<FileFit>& fits) {
  const FileFit* best = nullptr;
  for (const auto& fit : fits) {
    if (fit.installs && (!best || fit.priority < best->priority)) best = &fit;
  }
  return best ? best->file : nullptr;
}

NearestVersions nearest_versions(const Project& project, const pep::Version& version, std::size_t count) {
  NearestVersions out;
  const auto& versions = project.versions;
  auto upper = std::upper_bound(versions.begin(), versions.end(), version);
  for (auto it = upper; it != versions.begin() && out.below.size() < count;) {
    --it;
    if (*it != version) out.below.push_back(*it);
  }
  for (auto it = upper; it != versions.end() && out.above.size() < count; ++it) out.above.push_back(*it);
  return out;
}

std::optional<pep::Version> newest_with_wheel(const Project& project, const pep::Platform& platform,
                                              const std::optional<pep::SpecifierSet>& within, bool allow_pre) {
  for (auto it = project.versions.rbegin(); it != project.versions.rend(); ++it) {
    if (it->is_prerelease() && !allow_pre) continue;
    if (within && !within->contains(*it, allow_pre)) continue;
    if (yanked_reason(project, *it)) continue;
    if (best_wheel(fit_files(project, *it, platform))) return *it;
  }
  return std::nullopt;
}

std::string first_upload(const Project& project, const pep::Version& version) {
  return first_upload(project.files_of(version));
}

std::string first_upload(const std::vector<const DistFile*>& files) {
  std::string first;
  for (const DistFile* file : files) {
    if (!file->upload_time.empty() && (first.empty() || file->upload_time < first)) first = file->upload_time;
  }
  return first;
}

std::optional<std::string> yanked_reason(const Project& project, const pep::Version& version) {
  return yanked_reason(project.files_of(version));
}

std::optional<std::string> yanked_reason(const std::vector<const DistFile*>& files) {
  if (files.empty()) return std::nullopt;
  for (const DistFile* file : files)
    if (!file->is_yanked()) return std::nullopt;
  return *files.front()->yanked;
}

}  // namespace mlstack::index

// SPDX-License-Identifier: MIT
#include "check/fresh_install.h"

#include <algorithm>

#include "pep/version_ranges.h"

namespace mlstack::check {
namespace {

// Whether the range holds a version outside the kb's listed span [first, last].
bool reaches_beyond(const pep::SpecifierSet& range, const pep::Version& first, const pep::Version& last) {
  pep::VersionRanges allowed = pep::VersionRanges::of(range);
  auto outside = [&](const std::string& text) {
    auto clause = pep::SpecifierSet::parse(text);
    return clause && !allowed.intersect(pep::VersionRanges::of(*clause)).is_empty();
  };
  return outside("<" + first.str()) || outside(">" + last.str());
}

}  // namespace

Origin release_origin(const kb::KnowledgeBase& kb, std::string_view name, const pep::Version& version) {
  if (auto fact = kb.known_release(name, version)) return fact->origin();
  if (name == "torchvision")
    if (const kb::TorchRelease* release = kb.torch_release_for_torchvision(version)) return release->fact.origin();
  if (name == "torchaudio")
    if (const kb::TorchRelease* release = kb.torch_release_for_torchaudio(version)) return release->fact.origin();
  return {};
}

Allowed allowed_releases(const kb::KnowledgeBase& kb, const StackPackage& package) {
  Allowed out;
  if (package.version) {
    out.versions.push_back(*package.version);
    out.complete = true;
    out.newest = *package.version;
    return out;
  }
  // A direct reference (name @ URL) installs what the URL holds: not a range.
  if (package.requirement.find('@') != std::string::npos && !package.constraint) return out;
  std::vector<pep::Version> known = kb.releases_of(package.name);
  if (known.empty()) return out;
  const pep::SpecifierSet range = package.constraint.value_or(pep::SpecifierSet());
  for (const pep::Version& version : known)
    if (range.contains(version, true)) out.versions.push_back(version);
  out.complete = kb.lists_every_release(package.name) && !range.empty() &&
                 !reaches_beyond(range, known.front(), known.back());
  // pip prefers final releases; a pre-release only when the range names one
  // or nothing else fits.
  for (auto it = out.versions.rbegin(); it != out.versions.rend(); ++it) {
    if (range.contains(*it)) {
      out.newest = *it;
      break;
    }
  }
  if (!out.newest && !out.versions.empty()) out.newest = out.versions.back();
  if (out.newest) out.newest_source = release_origin(kb, package.name, *out.newest);
  return out;
}

}  // namespace mlstack::check

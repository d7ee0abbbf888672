// SPDX-License-Identifier: MIT
// Release facts for pinned versions: pre-releases pinned by accident, and
// versions that do not exist. "Does not exist" is said only for packages whose
// releases the kb lists in full (torch and its companions, flash-attn), and
// only inside the listed range, since a newer release may postdate the kb.
#include <algorithm>

#include <fmt/format.h>

#include "check/check.h"

namespace mlstack::check {
namespace {

// Every release of `name` the kb lists in full, or empty when it does not.
std::vector<pep::Version> full_release_list(const kb::KnowledgeBase& kb, std::string_view name) {
  std::vector<pep::Version> versions;
  if (name == "torch") {
    for (const auto& r : kb.torch_releases) versions.push_back(r.version);
  } else if (name == "torchvision") {
    for (const auto& r : kb.torch_releases) if (r.torchvision) versions.push_back(*r.torchvision);
  } else if (name == "torchaudio") {
    for (const auto& r : kb.torch_releases) if (r.torchaudio) versions.push_back(*r.torchaudio);
  } else if (name == "flash-attn") {
    for (const auto& r : kb.flash_attn_releases) versions.push_back(r.version);
  }
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  return versions;
}

std::string nearby(const std::vector<pep::Version>& versions, const pep::Version& version) {
  auto it = std::lower_bound(versions.begin(), versions.end(), version);
  std::vector<std::string> names;
  if (it != versions.begin()) names.push_back(std::prev(it)->str());
  if (it != versions.end()) names.push_back(it->str());
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool is_pinned_source(Stack::Kind kind) {
  return kind == Stack::Kind::Manifest || kind == Stack::Kind::Script || kind == Stack::Kind::Lock;
}

// A pre-release pin is worth a warning when the kb knows the final release
// that replaces it (2.0.0rc1 beside 2.0.0): the fix names it. Some projects
// publish only pre-releases (opentelemetry's instrumentation packages are all
// 0.xxbN, python-sat's are .devN), and resolver output pins what they offer:
// without a known final release the pin is a note with no fix.
Finding prerelease_pin(const kb::KnowledgeBase& kb, const StackPackage& package, const std::string& shown,
                       const pep::Version& version) {
  pep::Version base = version.base_version();
  std::optional<pep::Version> final_release;
  for (const pep::Version& known : kb.releases_of(package.name)) {
    if (known.is_prerelease() || known < base) continue;
    final_release = known;  // releases_of is sorted: the first final at or above the base
    break;
  }
  if (final_release)
    return Finding{"release.prerelease-pin", Severity::Warning,
                   fmt::format("{} is pinned to the pre-release {}; the final release {} exists", shown,
                               package.version->str(), final_release->str()),
                   {package.origin}, fmt::format("pin {}=={}", shown, final_release->str()), {}};
  return Finding{"release.prerelease-pin", Severity::Info,
                 fmt::format("{} is pinned to the pre-release {}; the knowledge base knows no final release of it "
                             "at or above {}",
                             shown, package.version->str(), base.str()),
                 {package.origin}, {}, {}};
}

}  // namespace

void check_release_facts(const kb::KnowledgeBase& kb, const Stack& stack, std::vector<Finding>& out) {
  if (!is_pinned_source(stack.kind)) return;
  for (const StackPackage& package : stack.packages) {
    if (!package.version) continue;
    const std::string& shown = package.display_name.empty() ? package.name : package.display_name;
    pep::Version version = package.version->public_version();
    if (version.is_prerelease()) out.push_back(prerelease_pin(kb, package, shown, version));
    if (kb.known_release(package.name, version)) continue;
    std::vector<pep::Version> known = full_release_list(kb, package.name);
    if (known.empty() || version < known.front() || version > known.back()) continue;
    if (std::binary_search(known.begin(), known.end(), version)) continue;
    Finding finding{"release.unknown-version", Severity::Error,
                    fmt::format("{} {} does not exist: the knowledge base lists every {} release from {} to {}", shown,
                                version.str(), shown, known.front().str(), known.back().str()),
                    {package.origin}, {}, {}};
    std::string near = nearby(known, version);
    if (!near.empty()) finding.fix = fmt::format("pin an existing release (nearest: {})", near);
    out.push_back(std::move(finding));
  }
}

}  // namespace mlstack::check

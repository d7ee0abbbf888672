// SPDX-License-Identifier: MIT
#include "check/marker_cases.h"

#include <map>

#include <fmt/format.h>

#include "pep/marker.h"

namespace mlstack::check {
namespace {

struct GridPlatform {
  const char* os;
  const char* arch;
  const char* shown;
};

constexpr GridPlatform k_platforms[] = {
    {"linux", "x86_64", "Linux x86_64"},   {"linux", "aarch64", "Linux aarch64"}, {"windows", "x86_64", "Windows x86_64"},
    {"macos", "arm64", "macOS arm64"},     {"macos", "x86_64", "macOS x86_64"},
};
constexpr int k_first_minor = 6, k_last_minor = 14;

struct Environment {
  int minor = 0;
  std::size_t platform = 0;
  pep::MarkerEnvironment values;
};

std::vector<Environment> grid(const MarkerScope& scope) {
  std::vector<Environment> out;
  for (std::size_t p = 0; p < std::size(k_platforms); ++p) {
    if (scope.machine_known && (scope.platform.os != k_platforms[p].os || scope.platform.arch != k_platforms[p].arch))
      continue;
    for (int minor = k_first_minor; minor <= k_last_minor; ++minor) {
      pep::Platform platform = scope.platform;
      platform.os = k_platforms[p].os;
      platform.arch = k_platforms[p].arch;
      if (scope.python_known && platform.python_version) {
        auto release = platform.python_version->release();
        if (release.size() < 2 || release[0] != 3 || static_cast<int>(release[1]) != minor) continue;
      } else {
        platform.python_version = *pep::Version::parse(fmt::format("3.{}", minor));
        if (scope.requires_python && !scope.requires_python->contains(*platform.python_version, true)) continue;
      }
      out.push_back(Environment{minor, p, pep::marker_environment(platform)});
    }
  }
  // A machine or interpreter outside the grid (Python 3.15, ppc64le): judge on it alone.
  if (out.empty() && (scope.machine_known || scope.python_known) && scope.platform.python_version)
    out.push_back(Environment{-1, std::size(k_platforms), pep::marker_environment(scope.platform)});
  return out;
}

std::string describe(const std::vector<const Environment*>& members, const std::vector<Environment>& all) {
  if (members.size() == all.size()) return {};
  std::vector<bool> minors(k_last_minor + 1, false), platforms(std::size(k_platforms), false), all_platforms = platforms;
  std::vector<bool> all_minors = minors;
  for (const Environment* e : members) {
    if (e->minor >= 0) minors[e->minor] = true;
    if (e->platform < platforms.size()) platforms[e->platform] = true;
  }
  for (const Environment& e : all) {
    if (e.minor >= 0) all_minors[e.minor] = true;
    if (e.platform < all_platforms.size()) all_platforms[e.platform] = true;
  }
  std::vector<std::string> parts;
  if (minors != all_minors) {
    std::string text;
    for (int m = k_first_minor; m <= k_last_minor;) {
      if (!minors[m]) { ++m; continue; }
      int end = m;
      while (end + 1 <= k_last_minor && minors[end + 1]) ++end;
      text += fmt::format("{}{}", text.empty() ? "Python " : ", ",
                          end == m ? fmt::format("3.{}", m) : fmt::format("3.{} to 3.{}", m, end));
      m = end + 1;
    }
    parts.push_back(text);
  }
  if (platforms != all_platforms) {
    std::string text;
    for (std::size_t p = 0; p < platforms.size(); ++p)
      if (platforms[p]) text += fmt::format("{}{}", text.empty() ? "" : ", ", k_platforms[p].shown);
    parts.push_back(text);
  }
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : " on ") + part;
  return out;
}

}  // namespace

std::vector<MarkerCase> marker_cases(const std::vector<std::string>& markers, const MarkerScope& scope) {
  std::vector<std::optional<pep::Marker>> parsed;
  bool any = false;
  for (const std::string& text : markers) {
    if (text.empty()) {
      parsed.emplace_back();
      continue;
    }
    auto marker = pep::Marker::parse(text);
    parsed.emplace_back(marker ? std::optional<pep::Marker>(*marker) : std::nullopt);
    any = true;
  }
  if (!any) return {MarkerCase{std::vector<bool>(markers.size(), true), {}}};
  const std::vector<Environment> environments = grid(scope);
  if (environments.empty()) return {MarkerCase{std::vector<bool>(markers.size(), true), {}}};
  std::map<std::vector<bool>, std::vector<const Environment*>> groups;
  std::vector<std::vector<bool>> order;
  for (const Environment& environment : environments) {
    std::vector<bool> applies;
    for (std::size_t i = 0; i < markers.size(); ++i) {
      // A marker that does not parse was reported by the scan; it is left out.
      applies.push_back(markers[i].empty() || (parsed[i] && parsed[i]->evaluate(environment.values)));
    }
    auto [it, inserted] = groups.try_emplace(applies);
    if (inserted) order.push_back(applies);
    it->second.push_back(&environment);
  }
  std::vector<MarkerCase> out;
  for (const auto& applies : order) out.push_back(MarkerCase{applies, describe(groups[applies], environments)});
  return out;
}

}  // namespace mlstack::check

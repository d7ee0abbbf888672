// SPDX-License-Identifier: MIT
#include "check/same_cause.h"

#include <algorithm>

namespace mlstack::check {
namespace {

bool cites_fact(const Finding& f) {
  return std::any_of(f.origins.begin(), f.origins.end(), [](const Origin& o) { return o.kind == Origin::Kind::Fact; });
}

bool same_dist(const Origin& a, const Origin& b) {
  return a.kind == Origin::Kind::Dist && b.kind == Origin::Kind::Dist && a.path == b.path;
}

// env.conflicting-dependency names the requiring dist (its only origin) and,
// in its message, the installed one ("but you have torch 2.3.0 installed").
bool is_pip_check_of(const Finding& general, const Finding& specific) {
  if (general.rule != "env.conflicting-dependency" || general.origins.empty() || specific.origins.size() < 2) return false;
  if (!same_dist(general.origins.front(), specific.origins.front())) return false;
  for (std::size_t i = 1; i < specific.origins.size(); ++i) {
    const Origin& other = specific.origins[i];
    if (other.kind == Origin::Kind::Dist && general.message.find("you have " + other.context + " ") != std::string::npos)
      return true;
  }
  return false;
}

// Two findings whose fixes are the same command about a shared input.
bool same_fix(const Finding& general, const Finding& specific) {
  if (general.fix.empty() || general.fix != specific.fix) return false;
  return std::any_of(general.origins.begin(), general.origins.end(), [&](const Origin& o) {
    return std::find(specific.origins.begin(), specific.origins.end(), o) != specific.origins.end();
  });
}

// The same judgement of the same kb fact, reached from a manifest and from
// the environment (torch 2.3.0 pinned and installed, nvcc 13.0): one finding
// citing both.
bool same_judgement(const Finding& a, const Finding& b) {
  if (a.rule != b.rule || a.message != b.message || !cites_fact(a)) return false;
  return a.origins.back() == b.origins.back() || std::any_of(a.origins.begin(), a.origins.end(), [&](const Origin& o) {
           return o.kind == Origin::Kind::Fact &&
                  std::find(b.origins.begin(), b.origins.end(), o) != b.origins.end();
         });
}

// Several builds for one CUDA on a driver that is older (torch, torchvision
// and torchaudio +cu128 on a 535 driver): one cause, the driver.
bool same_driver_cause(const Finding& a, const Finding& b) {
  if (a.rule != b.rule || (a.rule != "cuda.minor-version-compat" && a.rule != "cuda.driver-too-old")) return false;
  return !a.fix.empty() && a.fix == b.fix && a.detail == b.detail;
}

}  // namespace

void fold_same_causes(std::vector<Finding>& findings) {
  std::vector<bool> folded(findings.size(), false);
  for (std::size_t a = 0; a < findings.size(); ++a) {
    if (folded[a]) continue;
    for (std::size_t b = a + 1; b < findings.size(); ++b) {
      if (folded[b]) continue;
      if (same_driver_cause(findings[a], findings[b])) {
        findings[a].notes.push_back("also " + findings[b].message);
        for (const Origin& o : findings[b].origins)
          if (std::find(findings[a].origins.begin(), findings[a].origins.end(), o) == findings[a].origins.end())
            findings[a].origins.push_back(o);
        folded[b] = true;
        continue;
      }
      if (!same_judgement(findings[a], findings[b])) continue;
      for (const Origin& o : findings[b].origins)
        if (std::find(findings[a].origins.begin(), findings[a].origins.end(), o) == findings[a].origins.end())
          findings[a].origins.push_back(o);
      if (findings[a].fix.empty()) findings[a].fix = findings[b].fix;
      folded[b] = true;
    }
  }
  for (std::size_t g = 0; g < findings.size(); ++g) {
    if (cites_fact(findings[g])) continue;  // a kb finding is the specific one
    for (std::size_t s = 0; s < findings.size(); ++s) {
      if (s == g || folded[s] || !cites_fact(findings[s])) continue;
      if (!is_pip_check_of(findings[g], findings[s]) && !same_fix(findings[g], findings[s])) continue;
      findings[s].notes.push_back("also " + findings[g].rule + ": " + findings[g].message);
      folded[g] = true;
      break;
    }
  }
  std::vector<Finding> kept;
  for (std::size_t i = 0; i < findings.size(); ++i)
    if (!folded[i]) kept.push_back(std::move(findings[i]));
  findings = std::move(kept);
}

}  // namespace mlstack::check

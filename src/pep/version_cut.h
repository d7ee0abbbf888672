// SPDX-License-Identifier: MIT
// A cut of the PEP 440 version line: a place between versions that splits
// them into those below it and those above it. Specifiers are unions of
// intervals between two cuts (pep/specifier_algebra.h).
//
// Why cuts and not versions with inclusive/exclusive flags: PEP 440's
// comparison rules draw lines no version sits on. "<=1.0" admits 1.0+cu121,
// so its upper end lies after every local build of 1.0 and before
// 1.0.post0.dev0; ">1.0" excludes 1.0.post3, so its lower end lies after
// every post-release of 1.0. Each cut is a kind plus an anchor version:
//
//   bottom                    nothing is below; the first version is 0.dev0
//   before(V)                 below: x < V
//   after(V)                  below: x <= V                  (V+local pins)
//   after_locals(V)           below: x <= V or x is V+label  (V has no label)
//   after_posts(V)            below: x <= V or x is V+label or a V.postN...
//                             (V has no post or dev part: ">V")
//   top                       everything is below
//
// Order: cuts compare by where they sit, e.g.
//   before(1.0) < after(1.0) < after_locals(1.0) < before(1.0.post0.dev0)
//     < after_posts(1.0) < before(1.0.0.1).
// Two different cuts can split the versions the same way when no version
// lies between them (after_posts(1.0a1) and before(1.0a2.dev0)); that is why
// emptiness is decided with least_above(), never by comparing cuts alone.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "pep/version.h"

namespace mlstack::pep {

class VersionCut {
 public:
  enum class Kind : uint8_t { Bottom, Before, After, AfterLocals, AfterPosts, Top };

  static VersionCut bottom() { return VersionCut(Kind::Bottom); }
  static VersionCut top() { return VersionCut(Kind::Top); }
  static VersionCut before(Version v) { return VersionCut(Kind::Before, std::move(v)); }
  static VersionCut after(Version v) { return VersionCut(Kind::After, std::move(v)); }
  // The anchor's local label, if any, is dropped: the cut follows every label.
  static VersionCut after_locals(const Version& v) { return VersionCut(Kind::AfterLocals, v.public_version()); }
  // Anchor without post, dev or local part (">V" builds it only for such V).
  static VersionCut after_posts(const Version& v);

  Kind kind() const { return m_kind; }
  const Version& anchor() const { return m_anchor ? *m_anchor : zero(); }  // 0 for bottom and top

  // Whether `v` lies below the cut.
  bool is_below(const Version& v) const;

  // The smallest version above the cut, or nullopt when there is none: above
  // after(V) lie V's local builds, and above after_posts(final V) releases
  // with more parts (1.0.0.1, 1.0.0.0.1, ...); neither has a least element,
  // but every interval from such a cut to a higher cut holds a version, and a
  // final release at that (the local builds of a final, or those longer
  // releases). Also nullopt for top.
  std::optional<Version> least_above() const;
  // The smallest final or post-release (no pre or dev part) above the cut,
  // with the same nullopt convention.
  std::optional<Version> least_final_above() const;

  std::strong_ordering operator<=>(const VersionCut& other) const;
  bool operator==(const VersionCut& other) const { return (*this <=> other) == 0; }

  std::string str() const;  // "-inf", "1.0", "1.0]", "1.0+*]", "1.0.post*]", "+inf" (debugging)

 private:
  VersionCut(Kind kind, Version anchor) : m_kind(kind), m_anchor(std::make_shared<const Version>(std::move(anchor))) {}
  explicit VersionCut(Kind kind) : m_kind(kind) {}
  static const Version& zero();

  Kind m_kind;
  // Shared and never changed: ranges are copied, merged and intersected far
  // more often than cuts are made (the solver's ranges of a package with
  // hundreds of builds), and a copied Version with a long local label
  // ("+cu12torch2.8cxx11abitrue") costs a heap allocation. Null for bottom
  // and top.
  std::shared_ptr<const Version> m_anchor;
};

}  // namespace mlstack::pep

// SPDX-License-Identifier: MIT
#include "pep/version_cut.h"

#include <cassert>
#include <utility>

namespace mlstack::pep {

namespace {

using Kind = VersionCut::Kind;

// One component of PEP 440's sort key: a rank, then a number inside it.
using Rank = std::pair<int, uint64_t>;

std::strong_ordering compare_release(std::span<const uint64_t> a, std::span<const uint64_t> b) {
  for (std::size_t i = 0, n = std::max(a.size(), b.size()); i < n; ++i) {
    uint64_t x = i < a.size() ? a[i] : 0, y = i < b.size() ? b[i] : 0;
    if (x != y) return x <=> y;
  }
  return std::strong_ordering::equal;
}

// A bare ".devN" sorts before every pre-release of its release (1.0.dev0 <
// 1.0a0); no pre-release part otherwise sorts after all of them.
Rank pre_rank(const Version& v) {
  if (auto pre = v.pre()) return {static_cast<int>(pre->first), pre->second};
  if (!v.post() && v.dev()) return {0, 0};
  return {4, 0};
}

// after_posts(V) sits above every post-release of V: an infinite post number.
Rank post_rank(Kind kind, const Version& v) {
  if (kind == Kind::AfterPosts) return {2, 0};
  if (auto post = v.post()) return {1, *post};
  return {0, 0};
}

int end_rank(Kind kind) { return kind == Kind::Before ? -1 : kind == Kind::After ? 1 : 0; }

// Compares two cuts given as (kind, anchor) by walking PEP 440's sort key
// (epoch, release, pre, post, dev, local) and stopping at the component a
// cut replaces with infinity: after_posts at post, after_locals at local.
// before/after differ from their anchor only in a final -1/+1.
std::strong_ordering compare_cuts(Kind ka, const Version& a, Kind kb, const Version& b) {
  if (ka == Kind::Bottom || kb == Kind::Bottom || ka == Kind::Top || kb == Kind::Top) {
    auto rank = [](Kind k) { return k == Kind::Bottom ? 0 : k == Kind::Top ? 2 : 1; };
    return rank(ka) <=> rank(kb);
  }
  if (ka == Kind::AfterPosts || kb == Kind::AfterPosts) {
    if (auto c = a.epoch() <=> b.epoch(); c != 0) return c;
    if (auto c = compare_release(a.release(), b.release()); c != 0) return c;
    if (auto c = pre_rank(a) <=> pre_rank(b); c != 0) return c;
    return post_rank(ka, a) <=> post_rank(kb, b);  // equal when both are: the same family
  }
  // Up to dev the walk is the public order, which the solver asks for so
  // often that the versions' packed keys answer it.
  if (auto c = a.compare_public(b); c != 0) return c;
  bool la = ka == Kind::AfterLocals, lb = kb == Kind::AfterLocals;
  if (la || lb) return la <=> lb;
  // Public parts are equal here, so the versions compare by local label.
  if (auto c = a <=> b; c != 0) return c;
  return end_rank(ka) <=> end_rank(kb);
}

// The first final or post-release after a pre-release V: 1.0a1.post2 -> 1.0,
// 1.0.dev3 -> 1.0, and 1.0.post0.dev0 -> 1.0.post0 (1.0 itself sorts below it).
Version final_after_prerelease(const Version& v) {
  if (v.pre()) return Version::from_parts(v.epoch(), v.release());
  return Version::from_parts(v.epoch(), v.release(), std::nullopt, v.post());
}

}  // namespace

const Version& VersionCut::zero() {
  static const Version zero;
  return zero;
}

VersionCut VersionCut::after_posts(const Version& v) {
  assert(!v.post() && !v.dev());
  return VersionCut(Kind::AfterPosts, v.public_version());
}

bool VersionCut::is_below(const Version& v) const {
  return compare_cuts(Kind::Before, v, m_kind, anchor()) < 0;
}

std::optional<Version> VersionCut::least_above() const {
  const Version& v = anchor();
  switch (m_kind) {
    case Kind::Bottom:
      return Version::from_parts(0, std::array<uint64_t, 1>{0}, std::nullopt, std::nullopt, 0);  // 0.dev0
    case Kind::Before:
      return v;
    case Kind::AfterLocals:
      // After 1.0.dev2+*: 1.0.dev3; after 1.0.post2+*: 1.0.post3.dev0; after 1.0+*: 1.0.post0.dev0.
      if (auto dev = v.dev()) return Version::from_parts(v.epoch(), v.release(), v.pre(), v.post(), *dev + 1);
      return Version::from_parts(v.epoch(), v.release(), v.pre(), v.post() ? *v.post() + 1 : 0, 0);
    case Kind::AfterPosts:
      // After 1.0a1.post*: 1.0a2.dev0. After a final there is no least version.
      if (auto pre = v.pre()) {
        return Version::from_parts(v.epoch(), v.release(), std::pair{pre->first, pre->second + 1}, std::nullopt, 0);
      }
      return std::nullopt;
    case Kind::After:
    case Kind::Top:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<Version> VersionCut::least_final_above() const {
  const Version& v = anchor();
  switch (m_kind) {
    case Kind::Bottom:
      return Version();  // 0
    case Kind::Before:
      return v.is_prerelease() ? final_after_prerelease(v) : v;
    case Kind::After:
      // After a final V come its own (final) local builds: no least one.
      if (v.is_prerelease()) return final_after_prerelease(v);
      return std::nullopt;
    case Kind::AfterLocals:
      if (v.is_prerelease()) return final_after_prerelease(v);
      return Version::from_parts(v.epoch(), v.release(), std::nullopt, v.post() ? *v.post() + 1 : 0);
    case Kind::AfterPosts:
      if (v.pre()) return Version::from_parts(v.epoch(), v.release());
      return std::nullopt;
    case Kind::Top:
      return std::nullopt;
  }
  return std::nullopt;
}

std::strong_ordering VersionCut::operator<=>(const VersionCut& other) const {
  return compare_cuts(m_kind, anchor(), other.m_kind, other.anchor());
}

std::string VersionCut::str() const {
  switch (m_kind) {
    case Kind::Bottom: return "-inf";
    case Kind::Top: return "+inf";
    case Kind::Before: return "before " + anchor().str();
    case Kind::After: return "after " + anchor().str();
    case Kind::AfterLocals: return "after " + anchor().str() + "+*";
    case Kind::AfterPosts: return "after " + anchor().str() + ".post*";
  }
  return {};
}

}  // namespace mlstack::pep

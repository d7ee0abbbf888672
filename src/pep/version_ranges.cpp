// SPDX-License-Identifier: MIT
#include "pep/version_ranges.h"

#include <algorithm>
#include <cassert>

namespace mlstack::pep {

namespace {

using Op = Specifier::Op;

VersionInterval interval(VersionCut lower, VersionCut upper) { return {std::move(lower), std::move(upper)}; }

// 1.2 -> 1.3.dev0: the first version after every 1.2.* version.
Version next_prefix_dev0(uint64_t epoch, std::span<const uint64_t> release) {
  std::vector<uint64_t> next(release.begin(), release.end());
  next.back() += 1;
  return Version::from_parts(epoch, next, std::nullopt, std::nullopt, 0);
}

// "==V" (or the set "!=V" leaves out): V's local builds too unless V names one.
std::vector<VersionInterval> equal_intervals(const Specifier& spec) {
  const Version& v = spec.version();
  if (spec.has_wildcard()) {
    // ==1.2.*: from 1.2.dev0 (the first 1.2 version) to 1.3.dev0.
    Version first = Version::from_parts(v.epoch(), v.release(), std::nullopt, std::nullopt, 0);
    return {interval(VersionCut::before(first), VersionCut::before(next_prefix_dev0(v.epoch(), v.release())))};
  }
  VersionCut upper = v.has_local() ? VersionCut::after(v) : VersionCut::after_locals(v);
  return {interval(VersionCut::before(v), std::move(upper))};
}

std::vector<VersionInterval> clause_intervals(const Specifier& spec) {
  const Version& v = spec.version();
  switch (spec.op()) {
    case Op::Arbitrary:
      return {interval(VersionCut::bottom(), VersionCut::top())};
    case Op::GreaterEqual:
      return {interval(VersionCut::before(v), VersionCut::top())};
    case Op::LessEqual:
      // <=V admits V's local builds (the grammar gives V no label).
      return {interval(VersionCut::bottom(), VersionCut::after_locals(v))};
    case Op::Greater:
      // >V.devN starts at V.dev(N+1); >V.postN at V.post(N+1).dev0; any
      // other >V after V's local builds and post-releases (PEP 440).
      if (auto dev = v.dev()) {
        Version next = Version::from_parts(v.epoch(), v.release(), v.pre(), v.post(), *dev + 1);
        return {interval(VersionCut::before(next), VersionCut::top())};
      }
      if (auto post = v.post()) {
        Version next = Version::from_parts(v.epoch(), v.release(), v.pre(), *post + 1, 0);
        return {interval(VersionCut::before(next), VersionCut::top())};
      }
      return {interval(VersionCut::after_posts(v), VersionCut::top())};
    case Op::Less: {
      // <V excludes V's pre-releases unless V is one: <2.0 stops at 2.0.dev0.
      Version bound = v.is_prerelease() ? v.public_version()
                                        : Version::from_parts(v.epoch(), v.release(), std::nullopt, v.post(), 0);
      return {interval(VersionCut::bottom(), VersionCut::before(std::move(bound)))};
    }
    case Op::Compatible: {
      // ~=2.2.3 is >=2.2.3,==2.2.*; the grammar gives V two release parts or more.
      std::span<const uint64_t> release = v.release();
      assert(release.size() >= 2);
      Version end = next_prefix_dev0(v.epoch(), release.first(release.size() - 1));
      return {interval(VersionCut::before(v), VersionCut::before(std::move(end)))};
    }
    case Op::Equal:
      return equal_intervals(spec);
    case Op::NotEqual:
      break;  // the complement of "==", built by VersionRanges::of
  }
  return {};
}

}  // namespace

namespace {

// Whether a version lies above `lower` and below `upper` (no interval built).
bool holds_between(const VersionCut& lower, const VersionCut& upper) {
  if (!(lower < upper)) return false;
  // Above before(V) the least version is V itself: asked of it in place, as
  // a copy would copy its local label.
  if (lower.kind() == VersionCut::Kind::Before) return upper.is_below(lower.anchor());
  std::optional<Version> least = lower.least_above();
  // No least version above the cut: every higher cut leaves one between.
  return !least || upper.is_below(*least);
}

}  // namespace

bool VersionInterval::holds_a_version() const { return holds_between(lower, upper); }

bool VersionInterval::holds_a_final_release() const {
  if (!holds_a_version()) return false;
  std::optional<Version> least = lower.least_final_above();
  return !least || upper.is_below(*least);
}

VersionRanges VersionRanges::full() { return from({interval(VersionCut::bottom(), VersionCut::top())}); }

VersionRanges VersionRanges::none() { return {}; }

VersionRanges VersionRanges::from(std::vector<VersionInterval> intervals) {
  VersionRanges ranges;
  ranges.m_intervals = std::move(intervals);
  std::erase_if(ranges.m_intervals, [](const VersionInterval& i) { return !i.holds_a_version(); });
  return ranges;
}

VersionRanges VersionRanges::of(const Specifier& specifier) {
  if (specifier.op() == Op::NotEqual) return from(equal_intervals(specifier)).complement();
  return from(clause_intervals(specifier));
}

VersionRanges VersionRanges::of(const SpecifierSet& set) {
  VersionRanges ranges = full();
  for (const Specifier& clause : set.clauses()) {
    ranges = ranges.intersect(of(clause));
    if (ranges.is_empty()) break;
  }
  return ranges;
}

VersionRanges VersionRanges::singleton(const Version& version) {
  return from({interval(VersionCut::before(version), VersionCut::after(version))});
}

VersionRanges VersionRanges::between(VersionCut lower, VersionCut upper) {
  return from({interval(std::move(lower), std::move(upper))});
}

VersionRanges VersionRanges::unite(const VersionRanges& other) const {
  if (m_intervals.empty()) return other;
  if (other.m_intervals.empty()) return *this;
  // Merge the two sorted lists by lower cut, joining an interval into the
  // previous one when it starts at or before the previous one's end.
  std::vector<VersionInterval> out;
  out.reserve(m_intervals.size() + other.m_intervals.size());
  std::size_t i = 0, j = 0;
  while (i < m_intervals.size() || j < other.m_intervals.size()) {
    bool take_mine = j == other.m_intervals.size() ||
                     (i < m_intervals.size() && m_intervals[i].lower < other.m_intervals[j].lower);
    const VersionInterval& next = take_mine ? m_intervals[i++] : other.m_intervals[j++];
    if (!out.empty() && !(out.back().upper < next.lower)) {
      if (out.back().upper < next.upper) out.back().upper = next.upper;
    } else {
      out.push_back(next);
    }
  }
  // Every input interval holds a version and merging only widens them: no
  // need for from()'s check (it costs a least_above() per interval).
  VersionRanges ranges;
  ranges.m_intervals = std::move(out);
  return ranges;
}

// Both walk the two sorted interval lists once and build nothing: a
// resolver asks these questions thousands of times per solve.
bool VersionRanges::is_subset_of(const VersionRanges& other) const {
  std::size_t j = 0;
  for (const VersionInterval& a : m_intervals) {
    const VersionCut* cursor = &a.lower;  // [cursor, a.upper) is not yet known to be covered
    while (j < other.m_intervals.size() && !(*cursor < other.m_intervals[j].upper)) ++j;
    for (std::size_t k = j; k < other.m_intervals.size(); ++k) {
      const VersionInterval& b = other.m_intervals[k];
      if (!(b.lower < a.upper)) break;
      // The part of a before b starts is outside `other`.
      if (*cursor < b.lower && holds_between(*cursor, std::min(b.lower, a.upper))) return false;
      if (*cursor < b.upper) cursor = &b.upper;
      if (!(*cursor < a.upper)) break;
    }
    if (*cursor < a.upper && holds_between(*cursor, a.upper)) return false;
  }
  return true;
}

bool VersionRanges::is_disjoint(const VersionRanges& other) const {
  std::size_t i = 0, j = 0;
  while (i < m_intervals.size() && j < other.m_intervals.size()) {
    const VersionInterval& a = m_intervals[i];
    const VersionInterval& b = other.m_intervals[j];
    const VersionCut& lower = a.lower < b.lower ? b.lower : a.lower;
    const VersionCut& upper = a.upper < b.upper ? a.upper : b.upper;
    if (holds_between(lower, upper)) return false;
    if (a.upper < b.upper) ++i;
    else ++j;
  }
  return true;
}

// intersect and complement keep only the pieces that hold a version, as
// from() would, but test them before copying their cuts: the solver calls
// them thousands of times, mostly on ranges of builds with long local labels.
VersionRanges VersionRanges::intersect(const VersionRanges& other) const {
  VersionRanges out;
  std::size_t i = 0, j = 0;
  while (i < m_intervals.size() && j < other.m_intervals.size()) {
    const VersionInterval& a = m_intervals[i];
    const VersionInterval& b = other.m_intervals[j];
    const VersionCut& lower = std::max(a.lower, b.lower);
    const VersionCut& upper = std::min(a.upper, b.upper);
    if (holds_between(lower, upper)) out.m_intervals.push_back(interval(lower, upper));
    // The interval that ends first cannot meet anything further on the other side.
    if (a.upper < b.upper) ++i;
    else ++j;
  }
  return out;
}

VersionRanges VersionRanges::complement() const {
  VersionRanges out;
  const VersionCut bottom = VersionCut::bottom(), top = VersionCut::top();
  const VersionCut* previous = &bottom;
  for (const VersionInterval& i : m_intervals) {
    if (holds_between(*previous, i.lower)) out.m_intervals.push_back(interval(*previous, i.lower));
    previous = &i.upper;
  }
  if (holds_between(*previous, top)) out.m_intervals.push_back(interval(*previous, top));
  return out;
}

bool VersionRanges::contains(const Version& version) const {
  // The intervals are sorted and disjoint: the only one that can hold the
  // version is the first that ends above it (a resolver asks this of every
  // candidate against ranges of hundreds of intervals).
  auto it = std::partition_point(m_intervals.begin(), m_intervals.end(),
                                 [&](const VersionInterval& i) { return !i.upper.is_below(version); });
  return it != m_intervals.end() && !it->lower.is_below(version);
}

bool VersionRanges::has_final_release() const {
  return std::any_of(m_intervals.begin(), m_intervals.end(),
                     [](const VersionInterval& i) { return i.holds_a_final_release(); });
}

std::string VersionRanges::str() const {
  if (m_intervals.empty()) return "{}";
  std::string out;
  for (const VersionInterval& i : m_intervals) {
    if (!out.empty()) out += " | ";
    // Appended piece by piece: GCC 12 at -O2 warns (-Wrestrict, a false
    // positive) on "[" + std::string&&.
    out += '[';
    out += i.lower.str();
    out += ", ";
    out += i.upper.str();
    out += ')';
  }
  return out;
}

}  // namespace mlstack::pep

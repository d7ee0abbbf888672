// SPDX-License-Identifier: MIT
#include "solve/range_text.h"

#include <algorithm>
#include <vector>

namespace mlstack::solve {

namespace {

using Kind = pep::VersionCut::Kind;

// Whether some known version lies between two cuts.
bool known_between(const pep::VersionCut& lower, const pep::VersionCut& upper, std::span<const pep::Version> known) {
  // The first known version above `lower`, then whether it is below `upper`.
  auto it = std::partition_point(known.begin(), known.end(),
                                 [&](const pep::Version& v) { return lower.is_below(v); });
  return it != known.end() && upper.is_below(*it);
}

// X.Y.dev0: the cut below every release of X.Y, pre-releases included.
bool is_plain_dev0(const pep::Version& v) {
  return v.dev() && *v.dev() == 0 && !v.pre() && !v.post() && !v.has_local();
}

// "<2.0" for before(2.0.dev0): the spelling PEP 440 gives that cut.
std::string upper_text(const pep::VersionCut& cut) {
  const pep::Version& v = cut.anchor();
  switch (cut.kind()) {
    case Kind::Before:
      if (is_plain_dev0(v))
        return "<" + pep::Version::from_parts(v.epoch(), v.release()).str();
      return "<" + v.str();
    case Kind::After:
    case Kind::AfterLocals:
      return "<=" + v.str();
    case Kind::AfterPosts:
      return "<" + v.str() + ".post*";  // rare: the end of a ">V" complement
    default:
      return "";
  }
}

std::string lower_text(const pep::VersionCut& cut) {
  switch (cut.kind()) {
    case Kind::Before:
      return ">=" + cut.anchor().str();
    case Kind::After:
    case Kind::AfterLocals:
    case Kind::AfterPosts:
      return ">" + cut.anchor().str();
    default:
      return "";
  }
}

bool is_exact(const pep::VersionInterval& i) {
  if (i.lower.kind() != Kind::Before) return false;
  if (i.upper.kind() == Kind::After) return i.upper.anchor() == i.lower.anchor();
  if (i.upper.kind() == Kind::AfterLocals) return i.upper.anchor() == i.lower.anchor().public_version();
  return false;
}

// [2.4.dev0, 2.5.dev0) is the set "==2.4.*" spells: say it so.
std::string wildcard_text(const pep::VersionInterval& i) {
  if (i.lower.kind() != Kind::Before || i.upper.kind() != Kind::Before) return "";
  const pep::Version& low = i.lower.anchor();
  const pep::Version& high = i.upper.anchor();
  if (!is_plain_dev0(low) || !is_plain_dev0(high) || low.epoch() != high.epoch()) return "";
  std::span<const uint64_t> a = low.release(), b = high.release();
  if (a.empty() || a.size() != b.size() || b.back() != a.back() + 1) return "";
  if (!std::equal(a.begin(), a.end() - 1, b.begin())) return "";
  return "==" + pep::Version::from_parts(low.epoch(), a).str() + ".*";
}

std::string interval_text(const pep::VersionInterval& i) {
  if (is_exact(i)) return "==" + i.lower.anchor().str();
  if (std::string wildcard = wildcard_text(i); !wildcard.empty()) return wildcard;
  std::string low = lower_text(i.lower), high = upper_text(i.upper);
  if (low.empty()) return high;
  if (high.empty()) return low;
  return low + "," + high;
}

}  // namespace

pep::VersionRanges simplify(const pep::VersionRanges& set, std::span<const pep::Version> known) {
  std::span<const pep::VersionInterval> pieces = set.intervals();
  if (pieces.size() < 2) return set;
  pep::VersionRanges out = pep::VersionRanges::none();
  pep::VersionCut lower = pieces[0].lower;
  pep::VersionCut upper = pieces[0].upper;
  for (std::size_t k = 1; k < pieces.size(); ++k) {
    if (!known_between(upper, pieces[k].lower, known)) {
      upper = pieces[k].upper;
      continue;
    }
    out = out.unite(pep::VersionRanges::between(lower, upper));
    lower = pieces[k].lower;
    upper = pieces[k].upper;
  }
  return out.unite(pep::VersionRanges::between(lower, upper));
}

std::string range_text(const pep::VersionRanges& set) {
  std::span<const pep::VersionInterval> pieces = set.intervals();
  if (pieces.empty()) return "no version";
  if (pieces.size() == 1 && pieces[0].lower.kind() == Kind::Bottom && pieces[0].upper.kind() == Kind::Top) return "";
  // "!=V": everything below V and everything above V's local builds.
  if (pieces.size() == 2 && pieces[0].lower.kind() == Kind::Bottom && pieces[1].upper.kind() == Kind::Top &&
      pieces[0].upper.kind() == Kind::Before &&
      (pieces[1].lower.kind() == Kind::AfterLocals || pieces[1].lower.kind() == Kind::After) &&
      pieces[0].upper.anchor().public_version() == pieces[1].lower.anchor().public_version())
    return "!=" + pieces[1].lower.anchor().str();
  std::string out;
  for (const pep::VersionInterval& i : pieces) {
    if (!out.empty()) out += " || ";
    out += interval_text(i);
  }
  return out;
}

std::string package_range_text(const std::string& name, const pep::VersionRanges& set) {
  if (set.is_empty()) return "no version of " + name;
  std::string text = range_text(set);
  if (text.empty()) return name;
  if (text.find(" || ") != std::string::npos) return name + " (" + text + ")";
  return name + text;
}

}  // namespace mlstack::solve

// SPDX-License-Identifier: MIT
#include "solve/incompatibility.h"

#include <algorithm>

namespace mlstack::solve {

Incompatibility Incompatibility::root(PackageId root, const pep::Version& version) {
  Incompatibility out;
  out.terms.emplace_back(root, Term::negative(pep::VersionRanges::singleton(version)));
  out.cause = Cause::Root;
  return out;
}

Incompatibility Incompatibility::no_versions(PackageId package, pep::VersionRanges set, std::string reason) {
  Incompatibility out;
  out.terms.emplace_back(package, Term::positive(std::move(set)));
  out.cause = Cause::NoVersions;
  out.reason = std::move(reason);
  return out;
}

Incompatibility Incompatibility::unavailable(PackageId package, const pep::Version& version, std::string reason) {
  Incompatibility out;
  out.terms.emplace_back(package, Term::positive(pep::VersionRanges::singleton(version)));
  out.cause = Cause::Unavailable;
  out.reason = std::move(reason);
  return out;
}

Incompatibility Incompatibility::dependency(PackageId package, pep::VersionRanges versions, PackageId dependency,
                                            pep::VersionRanges set, std::string reason) {
  Incompatibility out;
  out.terms.emplace_back(package, Term::positive(std::move(versions)));
  out.terms.emplace_back(dependency, Term::negative(std::move(set)));
  out.cause = Cause::Dependency;
  out.reason = std::move(reason);
  return out;
}

const Term* Incompatibility::find(PackageId package) const {
  for (const auto& [id, term] : terms)
    if (id == package) return &term;
  return nullptr;
}

Incompatibility prior_cause(const Incompatibility& incompat, IncompatId incompat_id, const Incompatibility& cause,
                            IncompatId cause_id, PackageId package) {
  Incompatibility out;
  out.cause = Incompatibility::Cause::Derived;
  out.left = incompat_id;
  out.right = cause_id;
  for (const auto& [id, term] : incompat.terms)
    if (id != package) out.terms.emplace_back(id, term);
  for (const auto& [id, term] : cause.terms) {
    if (id == package) continue;
    auto it = std::find_if(out.terms.begin(), out.terms.end(), [&, key = id](const auto& t) { return t.first == key; });
    if (it == out.terms.end()) out.terms.emplace_back(id, term);
    else it->second = it->second.intersect(term);
  }
  const Term* mine = incompat.find(package);
  const Term* theirs = cause.find(package);
  if (mine != nullptr && theirs != nullptr) {
    Term joined = mine->unite(*theirs);
    if (!joined.is_any()) out.terms.emplace_back(package, std::move(joined));
  } else if (mine != nullptr || theirs != nullptr) {
    out.terms.emplace_back(package, mine != nullptr ? *mine : *theirs);
  }
  return out;
}

bool same_dependency(const Incompatibility& a, const Incompatibility& b) {
  using Cause = Incompatibility::Cause;
  if (a.cause != Cause::Dependency || b.cause != Cause::Dependency) return false;
  if (a.dependent() != b.dependent() || a.depended_on() != b.depended_on() || a.reason != b.reason) return false;
  const pep::VersionRanges& x = a.terms[1].second.set();
  const pep::VersionRanges& y = b.terms[1].second.set();
  return x.is_subset_of(y) && y.is_subset_of(x);
}

}  // namespace mlstack::solve

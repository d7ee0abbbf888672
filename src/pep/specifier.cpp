// SPDX-License-Identifier: MIT
#include "pep/specifier.h"

#include <algorithm>

#include "pep/detail/scan.h"
#include "pep/detail/text.h"

namespace mlstack::pep {

namespace {

struct OpSpelling {
  std::string_view text;
  Specifier::Op op;
};
// Longest spellings first so that "===" is not read as "==".
constexpr OpSpelling k_ops[] = {
    {"===", Specifier::Op::Arbitrary}, {"~=", Specifier::Op::Compatible}, {"==", Specifier::Op::Equal},
    {"!=", Specifier::Op::NotEqual},   {"<=", Specifier::Op::LessEqual},  {">=", Specifier::Op::GreaterEqual},
    {"<", Specifier::Op::Less},        {">", Specifier::Op::Greater},
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (detail::lower(a[i]) != detail::lower(b[i])) return false;
  }
  return true;
}

bool same_release(std::span<const uint64_t> a, std::span<const uint64_t> b) {
  for (std::size_t i = 0, n = std::max(a.size(), b.size()); i < n; ++i) {
    if ((i < a.size() ? a[i] : 0) != (i < b.size() ? b[i] : 0)) return false;
  }
  return true;
}

// v's public part equals spec (spec has no local label).
bool same_public(const Version& v, const Version& spec) {
  if (!v.has_local()) return v == spec;
  return v.epoch() == spec.epoch() && same_release(v.release(), spec.release()) && v.pre() == spec.pre() &&
         v.post() == spec.post() && v.dev() == spec.dev();
}

// For ">V" (V final or pre-release): V itself, V+local and every V.postN.
bool in_post_family(const Version& v, const Version& spec) {
  return v.epoch() == spec.epoch() && same_release(v.release(), spec.release()) && v.pre() == spec.pre() &&
         (!v.dev() || v.post());
}

// 1.2 -> 1.3.dev0: the first version after every 1.2.*.
Version next_prefix_dev0(uint64_t epoch, std::span<const uint64_t> release) {
  std::vector<uint64_t> next(release.begin(), release.end());
  next.back() += 1;
  return Version::from_parts(epoch, next, std::nullopt, std::nullopt, 0);
}

std::optional<Version> parse_optional(std::string_view text) {
  auto parsed = Version::parse(text);
  if (!parsed) return std::nullopt;
  return std::move(*parsed);
}

// packaging's _apply_prereleases_filter over items that already matched.
std::vector<std::string> apply_prerelease_policy(std::vector<std::string> matched, std::optional<bool> prereleases) {
  if (prereleases == true) return matched;
  std::vector<std::string> out;
  if (prereleases == false) {
    for (auto& item : matched) {
      auto parsed = parse_optional(item);
      if (!parsed || !parsed->is_prerelease()) out.push_back(std::move(item));
    }
    return out;
  }
  // Unset: pre-releases pass only when no final release matched; strings that
  // are not versions always pass.
  bool any_final = false;
  std::vector<char> keep(matched.size());
  for (std::size_t i = 0; i < matched.size(); ++i) {
    auto parsed = parse_optional(matched[i]);
    keep[i] = !parsed || !parsed->is_prerelease();
    any_final = any_final || (parsed && !parsed->is_prerelease());
  }
  if (!any_final) return matched;
  for (std::size_t i = 0; i < matched.size(); ++i) {
    if (keep[i]) out.push_back(std::move(matched[i]));
  }
  return out;
}

// packaging's filter_by_ranges: only versions that match, then the policy.
template <typename Match>
std::vector<std::string> filter_versions(std::span<const std::string> items, std::optional<bool> prereleases,
                                         Match match) {
  std::vector<std::string> finals, all;
  for (const std::string& item : items) {
    auto parsed = parse_optional(item);
    if (!parsed || !match(*parsed)) continue;
    if (parsed->is_prerelease()) {
      if (prereleases == false) continue;
    } else {
      finals.push_back(item);
    }
    all.push_back(item);
  }
  if (!prereleases.has_value() && !finals.empty()) return finals;
  return all;
}

}  // namespace

Expected<Specifier, ParseError> Specifier::parse(std::string_view text) {
  std::size_t begin = 0, end = 0;
  detail::strip_space(text, &begin, &end);
  std::string_view body = text.substr(begin, end - begin);
  auto invalid = [&](std::size_t at, std::string_view why = {}) {
    std::string message = "Invalid specifier: " + detail::python_repr(text);
    if (!why.empty()) message += " (" + std::string(why) + ")";
    std::size_t len = end > at ? end - at : 1;
    return unexpected(ParseError{std::move(message), at, len, std::string(text)});
  };
  std::size_t match_end = detail::match_specifier(body, 0);
  const OpSpelling* spelling = nullptr;
  for (const OpSpelling& candidate : k_ops) {
    if (body.substr(0, candidate.text.size()) == candidate.text) {
      spelling = &candidate;
      break;
    }
  }
  if (spelling == nullptr) return invalid(begin);
  std::size_t version_at = begin + spelling->text.size();
  while (std::size_t len = detail::space_length(text, version_at)) version_at += len;
  if (match_end != body.size()) return invalid(version_at);

  Specifier spec;
  spec.m_op = spelling->op;
  spec.m_version_text = std::string(text.substr(version_at, end - version_at));
  if (spec.m_op == Op::Arbitrary) return spec;
  std::string_view version_text = spec.m_version_text;
  spec.m_wildcard = version_text.size() >= 2 && version_text.substr(version_text.size() - 2) == ".*";
  if (spec.m_wildcard) version_text.remove_suffix(2);
  auto version = Version::parse(version_text);
  if (!version) return invalid(version_at, "version number too large");
  spec.m_version = std::move(*version);
  spec.m_has_local = spec.m_version.has_local();
  const Version& v = spec.m_version;
  switch (spec.m_op) {
    case Op::Equal:
    case Op::NotEqual:
      if (spec.m_wildcard) {
        spec.m_low = Version::from_parts(v.epoch(), v.release(), std::nullopt, std::nullopt, 0);
        spec.m_high = next_prefix_dev0(v.epoch(), v.release());
      }
      break;
    case Op::Less:
      spec.m_high = v.is_prerelease() ? v : Version::from_parts(v.epoch(), v.release(), v.pre(), v.post(), 0);
      break;
    case Op::Greater:
      // >V.devN: the next version is V.dev(N+1); >V.postN: V.post(N+1).dev0.
      if (v.dev()) {
        spec.m_low = Version::from_parts(v.epoch(), v.release(), v.pre(), v.post(), *v.dev() + 1);
      } else if (v.post()) {
        spec.m_low = Version::from_parts(v.epoch(), v.release(), v.pre(), *v.post() + 1, 0);
      }
      break;
    case Op::Compatible:
      spec.m_high = next_prefix_dev0(v.epoch(), v.release().first(v.release().size() - 1));
      break;
    default:
      break;
  }
  return spec;
}

std::string_view Specifier::op_text() const {
  for (const OpSpelling& spelling : k_ops) {
    if (spelling.op == m_op) return spelling.text;
  }
  return "";
}

std::string Specifier::str() const {
  std::string out(op_text());
  out += m_version_text;
  return out;
}

std::optional<bool> Specifier::prereleases() const {
  if (m_prereleases) return m_prereleases;
  if (m_op == Op::NotEqual) return false;
  if (m_op == Op::Equal && m_wildcard) return false;
  if (m_op == Op::Arbitrary) {
    auto parsed = parse_optional(m_version_text);
    if (!parsed) return std::nullopt;
    return parsed->is_prerelease();
  }
  return m_version.is_prerelease();
}

std::optional<bool> Specifier::resolve_prereleases(std::optional<bool> requested) const {
  if (requested) return requested;
  if (m_prereleases) return m_prereleases;
  if (prereleases() == true) return true;
  return std::nullopt;
}

bool Specifier::matches(const Version& v) const {
  const Version& spec = m_version;
  switch (m_op) {
    case Op::Equal:
      if (m_wildcard) return m_low <= v && v < m_high;
      return m_has_local ? v == spec : same_public(v, spec);
    case Op::NotEqual:
      if (m_wildcard) return !(m_low <= v && v < m_high);
      return m_has_local ? v != spec : !same_public(v, spec);
    case Op::GreaterEqual:
      return v >= spec;
    case Op::LessEqual:
      return v <= spec || same_public(v, spec);
    case Op::Less:
      return v < m_high;
    case Op::Greater:
      if (spec.dev() || spec.post()) return v >= m_low;
      return v > spec && !in_post_family(v, spec);
    case Op::Compatible:
      return v >= spec && v < m_high;
    case Op::Arbitrary:
      return iequals(v.str(), m_version_text);
  }
  return false;
}

bool Specifier::contains_impl(const Version* parsed, std::string_view text, std::optional<bool> prereleases) const {
  std::optional<bool> policy = resolve_prereleases(prereleases);
  if (m_op == Op::Arbitrary) {
    if (!iequals(text, m_version_text)) return false;
    if (policy == false) {
      if (parsed) return !parsed->is_prerelease();
      auto reparsed = parse_optional(text);
      return !reparsed || !reparsed->is_prerelease();
    }
    return true;
  }
  if (parsed == nullptr) return false;
  if (policy == false && parsed->is_prerelease()) return false;
  return matches(*parsed);
}

bool Specifier::contains(const Version& version, std::optional<bool> prereleases) const {
  if (m_op == Op::Arbitrary) return contains_impl(&version, version.str(), prereleases);
  return contains_impl(&version, {}, prereleases);
}

bool Specifier::contains(std::string_view text, std::optional<bool> prereleases) const {
  auto parsed = parse_optional(text);
  return contains_impl(parsed ? &*parsed : nullptr, text, prereleases);
}

std::string Specifier::canonical_version() const {
  if (m_op == Op::Arbitrary || m_wildcard) return m_version_text;
  return canonicalize_version(m_version, m_op != Op::Compatible);
}

bool Specifier::operator==(const Specifier& other) const {
  return m_op == other.m_op && canonical_version() == other.canonical_version();
}

std::vector<std::string> filter(const Specifier& specifier, std::span<const std::string> items,
                                std::optional<bool> prereleases) {
  std::optional<bool> policy = specifier.resolve_prereleases(prereleases);
  if (specifier.op() == Specifier::Op::Arbitrary) {
    std::vector<std::string> matched;
    for (const std::string& item : items) {
      if (iequals(item, specifier.version_text())) matched.push_back(item);
    }
    return apply_prerelease_policy(std::move(matched), policy);
  }
  return filter_versions(items, policy, [&](const Version& v) { return specifier.matches(v); });
}

// ---------------------------------------------------------------------------

Expected<SpecifierSet, ParseError> SpecifierSet::parse(std::string_view text) {
  SpecifierSet set;
  set.m_has_arbitrary = text.find("===") != std::string_view::npos;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view clause = text.substr(start, comma - start);
    if (!detail::strip_space(clause).empty()) {
      auto spec = Specifier::parse(clause);
      if (!spec) return unexpected(spec.error().rebased(text, start));
      set.m_specs.push_back(std::move(*spec));
    }
    start = comma + 1;
  }
  set.canonicalize();
  return set;
}

std::optional<bool> SpecifierSet::prereleases() const {
  if (m_prereleases) return m_prereleases;
  if (m_specs.empty()) return std::nullopt;
  for (const Specifier& spec : m_specs) {
    if (spec.prereleases() == true) return true;
  }
  return std::nullopt;
}

bool SpecifierSet::contains_impl(const Version* parsed, std::optional<std::string_view> text,
                                 std::optional<bool> prereleases,
                                 std::optional<bool> installed) const {
  if (parsed && installed == true && parsed->is_prerelease()) prereleases = true;
  if (!prereleases) prereleases = this->prereleases();
  bool is_pre = parsed && parsed->is_prerelease();
  if (m_specs.empty()) return !(prereleases == false && is_pre);
  if (m_has_arbitrary) {
    for (const Specifier& spec : m_specs) {
      // A candidate given as text stays text, so "===" sees it as written.
      bool ok = text ? spec.contains(*text, true) : spec.contains(*parsed, true);
      if (!ok) return false;
    }
    return !(prereleases == false && is_pre);
  }
  if (parsed == nullptr) return false;
  if (prereleases == false && is_pre) return false;
  for (const Specifier& spec : m_specs) {
    if (!spec.matches(*parsed)) return false;
  }
  return true;
}

bool SpecifierSet::contains(const Version& version, std::optional<bool> prereleases,
                            std::optional<bool> installed) const {
  return contains_impl(&version, std::nullopt, prereleases, installed);
}

bool SpecifierSet::contains(std::string_view text, std::optional<bool> prereleases,
                            std::optional<bool> installed) const {
  auto parsed = parse_optional(text);
  return contains_impl(parsed ? &*parsed : nullptr, text, prereleases, installed);
}

std::vector<std::string> SpecifierSet::filter(std::span<const std::string> items,
                                              std::optional<bool> prereleases) const {
  if (!prereleases) prereleases = this->prereleases();
  if (m_specs.empty()) return apply_prerelease_policy({items.begin(), items.end()}, prereleases);
  if (m_has_arbitrary) {
    std::vector<std::string> matched;
    for (const std::string& item : items) {
      bool all = std::all_of(m_specs.begin(), m_specs.end(),
                             [&](const Specifier& spec) { return spec.contains(std::string_view(item), true); });
      if (all) matched.push_back(item);
    }
    return apply_prerelease_policy(std::move(matched), prereleases);
  }
  return filter_versions(items, prereleases, [&](const Version& v) {
    return std::all_of(m_specs.begin(), m_specs.end(), [&](const Specifier& spec) { return spec.matches(v); });
  });
}

void SpecifierSet::canonicalize() {
  std::stable_sort(m_specs.begin(), m_specs.end(),
                   [](const Specifier& a, const Specifier& b) { return a.str() < b.str(); });
  std::vector<Specifier> unique;
  unique.reserve(m_specs.size());
  for (Specifier& spec : m_specs) {
    bool seen = std::any_of(unique.begin(), unique.end(), [&](const Specifier& kept) { return kept == spec; });
    if (!seen) unique.push_back(std::move(spec));
  }
  m_specs = std::move(unique);
}

std::string SpecifierSet::str() const {
  std::string out;
  for (const Specifier& spec : m_specs) {
    if (!out.empty()) out += ',';
    out += spec.str();
  }
  return out;
}

SpecifierSet SpecifierSet::operator&(const SpecifierSet& other) const {
  SpecifierSet combined = *this;
  combined.m_specs.insert(combined.m_specs.end(), other.m_specs.begin(), other.m_specs.end());
  combined.m_has_arbitrary = m_has_arbitrary || other.m_has_arbitrary;
  if (!m_prereleases || m_prereleases == other.m_prereleases) combined.m_prereleases = other.m_prereleases;
  combined.canonicalize();
  return combined;
}

bool SpecifierSet::operator==(const SpecifierSet& other) const {
  return m_specs == other.m_specs;
}

}  // namespace mlstack::pep

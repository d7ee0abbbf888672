// SPDX-License-Identifier: MIT
// PEP 440 version specifiers ("~=2.2", "==1.4.*", ">=1.0,<2") with the
// matching and pre-release rules of packaging 26.
//
// Traps:
// - "<V" excludes pre-releases of V unless V is itself a pre-release
//   (<2.0 rejects 2.0rc1); ">V" excludes V's post-releases and local
//   builds unless V is a post-release (>1.0 rejects 1.0.post1 and 1.0+cu121).
// - "==V" and "!=V" ignore the candidate's local label when V has none
//   (==2.4.1 matches 2.4.1+cu121); "<=V" admits V's local builds too.
// - "==1.4.*" is a prefix match on the release (1.4, 1.4.2, 1.4rc1);
//   "~=2.2.3" means >=2.2.3,==2.2.*.
// - "===foo" compares strings, case-insensitively, and is the only way a
//   non-version string can ever be contained.
// - Pre-releases: contains() admits a pre-release when asked
//   (prereleases=true), when a clause names one (">=2.0b1"), when the
//   candidate is installed, or, since packaging 26, when it is the lone
//   candidate (prereleases unset); prereleases=false always rejects them.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.h"
#include "core/parse_error.h"
#include "pep/version.h"

namespace mlstack::pep {

class Specifier {
 public:
  enum class Op { Compatible, Equal, NotEqual, LessEqual, GreaterEqual, Less, Greater, Arbitrary };

  // One clause: WS* op WS* version WS*, e.g. ">= 1.0", "==1.4.*", "===foo".
  static Expected<Specifier, ParseError> parse(std::string_view text);

  Op op() const { return m_op; }
  std::string_view op_text() const;       // ">="
  const std::string& version_text() const { return m_version_text; }  // as written: "v1.0", "1.4.*"
  bool has_wildcard() const { return m_wildcard; }
  // The clause's version (without ".*"); meaningless for "===".
  const Version& version() const { return m_version; }
  std::string str() const;  // op + version as written: ">=v1.0"

  // packaging's Specifier.prereleases: the explicit override if set, else
  // whether the clause names a pre-release (false for "!=" and "==X.*").
  std::optional<bool> prereleases() const;
  void set_prereleases(std::optional<bool> value) { m_prereleases = value; }
  // The policy a contains()/filter() call applies: the call's argument, else
  // the override, else true when the clause names a pre-release, else unset.
  std::optional<bool> resolve_prereleases(std::optional<bool> requested) const;

  // Whether the version satisfies the clause's comparison alone, without
  // the pre-release policy (not meaningful for "===").
  bool matches(const Version& version) const;

  bool contains(const Version& version, std::optional<bool> prereleases = std::nullopt) const;
  // A candidate given as text: "===" compares the text itself; other
  // operators never contain a string that is not a version.
  bool contains(std::string_view text, std::optional<bool> prereleases = std::nullopt) const;

  // Equality as packaging defines it: ==1.0 equals ==1.0.0, ~= keeps zeros.
  bool operator==(const Specifier& other) const;

 private:
  bool contains_impl(const Version* parsed, std::string_view text, std::optional<bool> prereleases) const;
  std::string canonical_version() const;

  Op m_op = Op::Equal;
  bool m_wildcard = false;
  bool m_has_local = false;
  std::optional<bool> m_prereleases;
  std::string m_version_text;
  Version m_version;
  Version m_low;   // precomputed bounds (see specifier.cpp)
  Version m_high;
};

class SpecifierSet {
 public:
  // Comma-separated clauses; empty clauses are ignored, "" is the empty set.
  static Expected<SpecifierSet, ParseError> parse(std::string_view text);

  bool contains(const Version& version, std::optional<bool> prereleases = std::nullopt,
                std::optional<bool> installed = std::nullopt) const;
  bool contains(std::string_view text, std::optional<bool> prereleases = std::nullopt,
                std::optional<bool> installed = std::nullopt) const;

  // Keeps the items (versions as text) that the set admits, in order, with
  // PEP 440's rule that pre-releases pass only when no final release does.
  std::vector<std::string> filter(std::span<const std::string> items,
                                  std::optional<bool> prereleases = std::nullopt) const;

  std::string str() const;  // clauses sorted as strings, duplicates removed: "<2,>=1.0"
  bool empty() const { return m_specs.empty(); }
  std::span<const Specifier> clauses() const { return m_specs; }  // sorted, deduplicated

  std::optional<bool> prereleases() const;
  void set_prereleases(std::optional<bool> value) { m_prereleases = value; }
  // The override alone (set_prereleases), unset when the policy is derived.
  std::optional<bool> prereleases_override() const { return m_prereleases; }

  // The conjunction of both sets (packaging's "&").
  SpecifierSet operator&(const SpecifierSet& other) const;
  bool operator==(const SpecifierSet& other) const;

 private:
  bool contains_impl(const Version* parsed, std::optional<std::string_view> text, std::optional<bool> prereleases,
                     std::optional<bool> installed) const;
  void canonicalize();  // sorts clauses by text and drops equal ones, as packaging does

  std::vector<Specifier> m_specs;  // sorted by text, no two equal
  std::optional<bool> m_prereleases;
  bool m_has_arbitrary = false;
};

// Filters items for one clause, as Specifier.filter does.
std::vector<std::string> filter(const Specifier& specifier, std::span<const std::string> items,
                                std::optional<bool> prereleases = std::nullopt);

}  // namespace mlstack::pep

// SPDX-License-Identifier: MIT
// PythonProvider's insides, shared by python_provider.cpp (the solver's
// questions) and candidates.cpp (which versions of a project can install).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "solve/python_provider.h"

namespace mlstack::solve::detail {

enum class Kind { Root, Dist, Extra, Virtual };

struct PackageKey {
  Kind kind = Kind::Dist;
  std::string name;   // canonical distribution name, or the virtual package's name
  std::string extra;  // for Kind::Extra
};

// A version of a project that can be installed on the target, with its file.
struct Candidate {
  pep::Version version;
  std::size_t release = 0;  // index into Project::releases
  std::size_t file = 0;     // index into that release's files
  bool prerelease = false;
  bool yanked = false;
  int rank = 0;             // TargetFacts::variant_rank
};

// A version that cannot be, and why ("no wheel for cp310: ...").
struct Excluded {
  pep::Version version;
  std::string reason;
};

struct Project {
  bool loaded = false;
  std::string error;  // the source could not be read
  std::vector<const Release*> releases;  // the source's, ascending
  std::vector<pep::Version> known;     // every release version, ascending
  std::vector<Candidate> candidates;   // best first
  std::vector<Excluded> excluded;      // ascending
  std::string prerelease_reason;       // set when pre-releases are allowed
  std::vector<std::size_t> ascending;  // candidates' indices in ascending version order
  std::vector<std::size_t> position;   // each candidate's index in `ascending`
  // Each candidate's TargetFacts requirements, asked on first use (null
  // until then); they live in the TargetFacts.
  std::vector<const std::vector<FactRequirement>*> facts;  // by candidate index
  // Each candidate's facts as ids of their "requirement\nreason" texts (the
  // reason templated), made on first use: finding the releases around a
  // candidate that state the same fact then compares numbers, not strings.
  std::vector<std::optional<std::vector<std::size_t>>> fact_ids;  // by candidate index
  std::unordered_map<std::string, std::size_t> fact_text_ids;      // text -> id
  // Metadata per version string: read once.
  std::map<std::string, Expected<Metadata, std::string>> metadata;
};

struct ProviderState {
  PackageSource& source;
  Target target;
  Policy policy;
  std::vector<pep::Requirement> root;
  TargetFacts* facts = nullptr;
  std::string root_name;

  std::unordered_map<std::string, std::size_t> tag_priority;  // supported tag text -> index in target.tags
  std::vector<PackageKey> packages;
  std::unordered_map<std::string, PackageId> ids;  // key text -> id
  std::map<std::string, Project> projects;         // canonical name -> data
  std::map<std::string, pep::Version> last_choice; // canonical name -> version choose_version last gave
  std::vector<std::string> notes;
  // TargetFacts' requirements of candidate `index` of project `name` (`p`),
  // asked once; the picked versions' are reported by picks().
  const std::vector<FactRequirement>& facts_of(const std::string& name, Project& p, std::size_t index);
  // Dependencies given per (package, version string), for required_by.
  std::map<std::pair<PackageId, std::string>, std::vector<PackageId>> edges;

  ProviderState(PackageSource& s, Target t, Policy p, std::vector<pep::Requirement> r, TargetFacts* f, std::string n)
      : source(s), target(std::move(t)), policy(std::move(p)), root(std::move(r)), facts(f), root_name(std::move(n)) {}

  PackageId intern(Kind kind, const std::string& name, const std::string& extra = {});
  Project& project(const std::string& name);  // loads on first use
  const Candidate* find_candidate(const std::string& name, const pep::Version& version);
  const Metadata* metadata(const std::string& name, const pep::Version& version, std::string* error);
  std::optional<std::string> prerelease_reason_for(const std::string& name,
                                                   const std::vector<const Release*>& releases) const;
  bool yank_allowed(const std::string& name, const pep::Version& version) const;
  // The most preferred supported tag among a wheel's tags (its index), if any.
  std::optional<std::size_t> best_tag(const std::vector<pep::Tag>& tags) const;
};

// "3.10" from a cp310 interpreter tag of the target (for messages).
std::string describe_tags(const std::vector<pep::Tag>& supported);

}  // namespace mlstack::solve::detail

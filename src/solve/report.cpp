// SPDX-License-Identifier: MIT
#include "solve/report.h"

#include <map>
#include <optional>

#include <fmt/format.h>

#include "solve/range_text.h"

namespace mlstack::solve {

namespace {

using Cause = Incompatibility::Cause;

// Names, simplified sets and clauses for one failure.
class Describer {
 public:
  Describer(Provider& provider, PackageId root) : m_provider(provider), m_root(root) {}

  const std::string& name(PackageId package) {
    auto it = m_names.find(package);
    if (it == m_names.end()) it = m_names.emplace(package, m_provider.package_name(package)).first;
    return it->second;
  }

  const std::vector<pep::Version>& known(PackageId package) {
    auto it = m_known.find(package);
    if (it == m_known.end()) it = m_known.emplace(package, m_provider.known_versions(package)).first;
    return it->second;
  }

  // "torch>=2.4", "torch" for any version.
  std::string object(PackageId package, const pep::VersionRanges& set) {
    return package_range_text(name(package), simplify(set, known(package)));
  }

  // As the subject of a sentence, in terms of the versions that exist and
  // could be used: "foo==1.0.0" for the one such version in the set, "every
  // version of foo" for all of them, "foo>=1.2,<=1.5" for a run of them. A
  // solver's set also holds versions that do not exist, and versions no file
  // of which installs on the target are ruled out anyway; naming either
  // would only confuse ("foo<1.1.0" when 1.0.0 is the only release below).
  // Builds of one release (2.3.1+cu121, 2.3.1+cpu) are read as a group, so
  // bounds name releases, not local labels.
  std::string subject(PackageId package, const pep::VersionRanges& set) {
    const std::vector<pep::Version>& versions = known(package);
    // Groups of one public version: all usable builds in the set, some, none.
    struct Group {
      pep::Version release;
      std::size_t in = 0, usable = 0;
      std::vector<pep::Version> members;  // usable builds in the set
    };
    std::vector<Group> groups;
    std::size_t in_total = 0, usable_total = 0;
    bool all_known = !versions.empty();
    for (const pep::Version& v : versions) {
      pep::Version release = v.public_version();
      if (groups.empty() || groups.back().release != release) groups.push_back({release, 0, 0, {}});
      bool in = set.contains(v);
      all_known = all_known && in;
      if (!m_provider.usable(package, v)) continue;
      Group& g = groups.back();
      ++g.usable;
      ++usable_total;
      if (in) {
        ++g.in;
        ++in_total;
        g.members.push_back(v);
      }
    }
    if (in_total == 0) return object(package, set);
    if (in_total == usable_total && usable_total > 1)
      return (all_known ? "every version of " : "every usable version of ") + name(package);
    if (in_total == 1)
      for (const Group& g : groups)
        if (g.in == 1) return name(package) + "==" + g.members[0].str();
    // Runs of consecutive groups whose usable builds are all in the set;
    // groups with none usable join whichever run they sit in.
    std::vector<std::string> pieces;
    for (std::size_t i = 0; i < groups.size();) {
      const Group& g = groups[i];
      if (g.in == 0) {
        ++i;
        continue;
      }
      if (g.in < g.usable) {  // some builds of a release
        for (const pep::Version& v : g.members) pieces.push_back("==" + v.str());
        ++i;
        continue;
      }
      std::size_t j = i, last = i;
      while (j + 1 < groups.size() && (groups[j + 1].usable == 0 || groups[j + 1].in == groups[j + 1].usable)) {
        ++j;
        if (groups[j].in > 0) last = j;
      }
      bool from_start = true, to_end = true;
      for (std::size_t k = 0; k < i; ++k) from_start = from_start && groups[k].usable == 0;
      for (std::size_t k = last + 1; k < groups.size(); ++k) to_end = to_end && groups[k].usable == 0;
      std::string low = groups[i].release.str(), high = groups[last].release.str();
      if (i == last) pieces.push_back("==" + low);
      else if (from_start) pieces.push_back("<=" + high);
      else if (to_end) pieces.push_back(">=" + low);
      else pieces.push_back(">=" + low + ",<=" + high);
      i = j + 1;
    }
    if (pieces.size() > 4) {
      std::size_t more = pieces.size() - 3;
      pieces.resize(3);
      pieces.push_back(fmt::format("{} more", more));
    }
    std::string out;
    for (const std::string& piece : pieces) out += (out.empty() ? "" : " || ") + piece;
    if (pieces.size() > 1) return name(package) + " (" + out + ")";
    return name(package) + out;
  }

  bool is_root(PackageId package) const { return package == m_root; }

  // A dependency's reason with "{}" replaced by the dependent as named.
  static std::string fill(std::string reason, const std::string& who) {
    for (std::size_t at = reason.find("{}"); at != std::string::npos; at = reason.find("{}", at + who.size()))
      reason.replace(at, 2, who);
    return reason;
  }

  std::string describe(const Incompatibility& incompat) {
    switch (incompat.cause) {
      case Cause::Root:
        return "the root must be selected";
      case Cause::NoVersions: {
        const auto& [package, term] = incompat.terms[0];
        if (!incompat.reason.empty()) return incompat.reason;
        if (known(package).empty()) return fmt::format("no version of {} exists", name(package));
        return fmt::format("no version of {} exists", object(package, term.set()));
      }
      case Cause::Unavailable: {
        const auto& [package, term] = incompat.terms[0];
        return fmt::format("{} cannot be used ({})", object(package, term.set()), incompat.reason);
      }
      case Cause::Dependency: {
        const auto& [package, term] = incompat.terms[0];
        const auto& [dep, dep_term] = incompat.terms[1];
        std::string target = object(dep, dep_term.set());
        std::string who = subject(package, term.set());
        std::string text = is_root(package) ? "you require " + target : fmt::format("{} depends on {}", who, target);
        if (!incompat.reason.empty()) text += " (" + fill(incompat.reason, is_root(package) ? who : "it") + ")";
        return text;
      }
      case Cause::Derived:
        return describe_terms(incompat);
    }
    return {};
  }

  // "foo>=2 requires bar<1", "foo is incompatible with bar", ...
  std::string describe_terms(const Incompatibility& incompat) {
    std::vector<std::pair<PackageId, const Term*>> positive, negative;
    for (const auto& [package, term] : incompat.terms) {
      if (is_root(package) && term.is_positive() && incompat.terms.size() > 1) continue;  // the root is given
      (term.is_positive() ? positive : negative).emplace_back(package, &term);
    }
    if (positive.empty() && negative.empty()) return m_provider.root_name() + " cannot be satisfied";
    if (positive.size() == 1 && negative.empty()) {
      auto [package, term] = positive[0];
      if (is_root(package)) return m_provider.root_name() + " cannot be satisfied";
      std::string who = subject(package, term->set());
      if (who.starts_with("every version of ")) return "no version of " + who.substr(17) + " can be used";
      if (who.starts_with("every usable version of "))
        return "no version of " + who.substr(24) + " can be used";
      return who + " cannot be used";
    }
    if (negative.size() == 1 && positive.empty()) {
      auto [package, term] = negative[0];
      return object(package, term->set()) + " is required";
    }
    if (positive.size() == 1 && negative.size() == 1) {
      auto [p, pt] = positive[0];
      auto [n, nt] = negative[0];
      return fmt::format("{} requires {}", subject(p, pt->set()), object(n, nt->set()));
    }
    if (negative.empty()) {
      if (positive.size() == 2)
        return fmt::format("{} is incompatible with {}", subject(positive[0].first, positive[0].second->set()),
                           subject(positive[1].first, positive[1].second->set()));
      return "these cannot all be selected: " + join(positive, ", ", true);
    }
    if (positive.empty()) return "one of " + join(negative, ", ", false) + " is required";
    return fmt::format("if {} then {}", join(positive, " and ", true), join(negative, " or ", false));
  }

 private:
  // Selected packages read as subjects (the versions that exist), required
  // ones as the requirement.
  std::string join(const std::vector<std::pair<PackageId, const Term*>>& terms, const char* separator,
                   bool selected) {
    std::string out;
    for (const auto& [package, term] : terms) {
      if (!out.empty()) out += separator;
      out += selected ? subject(package, term->set()) : object(package, term->set());
    }
    return out;
  }

  Provider& m_provider;
  PackageId m_root;
  std::map<PackageId, std::string> m_names;
  std::map<PackageId, std::vector<pep::Version>> m_known;
};

class Reporter {
 public:
  Reporter(const std::vector<Incompatibility>& store, Provider& provider, PackageId root)
      : m_store(store), m_describer(provider, root) {}

  std::vector<ExplanationLine> run(IncompatId failure) {
    const Incompatibility& root = m_store[failure];
    if (!root.is_derived()) {
      m_lines.push_back({fmt::format("Because {}, {}.", m_describer.describe(root), conclusion_text(failure)), 0});
      return m_lines;
    }
    m_failure = failure;
    count(failure);
    visit(failure, false);
    return m_lines;
  }

 private:
  const Incompatibility& at(IncompatId id) const { return m_store[id]; }
  bool derived(IncompatId id) const { return at(id).is_derived(); }

  void count(IncompatId id) {
    if (++m_derivations[id] > 1) return;
    const Incompatibility& incompat = at(id);
    if (!incompat.is_derived()) return;
    for (IncompatId child : {incompat.left, incompat.right})
      if (derived(child)) count(child);
  }

  std::string conclusion_text(IncompatId id) { return m_describer.describe(at(id)); }
  std::string text(IncompatId id) { return m_describer.describe(at(id)); }

  std::optional<int> line_of(IncompatId id) const {
    auto it = m_line_numbers.find(id);
    if (it == m_line_numbers.end()) return std::nullopt;
    return it->second;
  }

  void write(IncompatId id, std::string message, bool numbered) {
    if (numbered) {
      int number = static_cast<int>(m_line_numbers.size()) + 1;
      m_line_numbers[id] = number;
      m_lines.push_back({std::move(message), number});
    } else {
      m_lines.push_back({std::move(message), 0});
    }
  }

  std::string with_line(IncompatId id) {
    std::string out = text(id);
    if (auto line = line_of(id)) out += fmt::format(" ({})", *line);
    return out;
  }

  // "A and B", joined through a shared package when one leads to the other:
  // "foo depends on bar>=2 which depends on baz<1".
  std::string and_text(IncompatId a, IncompatId b) {
    if (auto through = requires_through(a, b)) return *through;
    if (auto through = requires_through(b, a)) return *through;
    return with_line(a) + " and " + with_line(b);
  }

  // a = "P requires Q" (one positive, one negative term, or a dependency),
  // b says something about Q's package alone or what Q requires.
  std::optional<std::string> requires_through(IncompatId a, IncompatId b) {
    const Incompatibility& x = at(a);
    const Incompatibility& y = at(b);
    if (line_of(a) || line_of(b) || x.terms.size() != 2) return std::nullopt;
    const Term* negative = nullptr;
    PackageId middle = 0;
    for (const auto& [package, term] : x.terms)
      if (!term.is_positive()) {
        negative = &term;
        middle = package;
      }
    if (negative == nullptr) return std::nullopt;
    const Term* again = y.find(middle);
    if (again == nullptr || !again->is_positive()) return std::nullopt;
    std::string rest;
    if (y.terms.size() == 1) {
      // "which cannot be used" / the reason of a leaf.
      if (y.cause == Cause::NoVersions || y.cause == Cause::Unavailable)
        rest = ", and " + m_describer.describe(y);
      else
        rest = " which cannot be used";
    } else if (y.terms.size() == 2 && y.cause == Cause::Dependency && y.dependent() == middle) {
      const auto& [dep, dep_term] = y.terms[1];
      rest = " which depends on " + m_describer.object(dep, dep_term.set());
      if (!y.reason.empty())
        rest += " (" + Describer::fill(y.reason, "it") + ")";
    } else {
      return std::nullopt;
    }
    return m_describer.describe(x) + rest;
  }

  bool single_line(IncompatId id) const {
    const Incompatibility& incompat = at(id);
    return !derived(incompat.left) && !derived(incompat.right);
  }

  bool collapsible(IncompatId id) const {
    if (m_derivations.at(id) > 1) return false;
    const Incompatibility& incompat = at(id);
    bool left = derived(incompat.left), right = derived(incompat.right);
    if (left == right) return false;
    IncompatId complex = left ? incompat.left : incompat.right;
    return !line_of(complex);
  }

  void visit(IncompatId id, bool conclusion) {
    bool numbered = conclusion || m_derivations[id] > 1;
    const char* conjunction = conclusion || id == m_failure ? "So," : "And";
    const Incompatibility& incompat = at(id);
    IncompatId conflict = incompat.left, other = incompat.right;
    std::string claim = text(id);
    if (derived(conflict) && derived(other)) {
      auto conflict_line = line_of(conflict), other_line = line_of(other);
      if (conflict_line && other_line) {
        write(id, fmt::format("Because {} and {}, {}.", with_line(conflict), with_line(other), claim), numbered);
      } else if (conflict_line || other_line) {
        IncompatId has = conflict_line ? conflict : other;
        IncompatId lacks = conflict_line ? other : conflict;
        visit(lacks, false);
        write(id, fmt::format("{} because {}, {}.", conjunction, with_line(has), claim), numbered);
      } else if (single_line(conflict) || single_line(other)) {
        IncompatId first = single_line(other) ? conflict : other;
        IncompatId second = single_line(other) ? other : conflict;
        visit(first, false);
        visit(second, false);
        write(id, fmt::format("Thus, {}.", claim), numbered);
      } else {
        visit(conflict, true);
        m_lines.push_back({"", 0});
        visit(other, false);
        write(id, fmt::format("{} because {}, {}.", conjunction, with_line(conflict), claim), numbered);
      }
    } else if (derived(conflict) || derived(other)) {
      IncompatId inner = derived(conflict) ? conflict : other;
      IncompatId external = derived(conflict) ? other : conflict;
      if (line_of(inner)) {
        write(id, fmt::format("Because {} and {}, {}.", text(external), with_line(inner), claim), numbered);
      } else if (collapsible(inner)) {
        const Incompatibility& in = at(inner);
        IncompatId collapsed_inner = derived(in.left) ? in.left : in.right;
        IncompatId collapsed_external = derived(in.left) ? in.right : in.left;
        visit(collapsed_inner, false);
        write(id, fmt::format("{} because {}, {}.", conjunction, and_text(collapsed_external, external), claim),
              numbered);
      } else {
        visit(inner, false);
        write(id, fmt::format("{} because {}, {}.", conjunction, text(external), claim), numbered);
      }
    } else {
      write(id, fmt::format("Because {}, {}.", and_text(conflict, other), claim), numbered);
    }
  }

  const std::vector<Incompatibility>& m_store;
  Describer m_describer;
  IncompatId m_failure = 0;
  std::map<IncompatId, int> m_derivations;
  std::map<IncompatId, int> m_line_numbers;
  std::vector<ExplanationLine> m_lines;
};

}  // namespace

std::vector<ExplanationLine> explain(const SolveResult& result, Provider& provider) {
  if (!result.failure) return {};
  return Reporter(result.incompatibilities, provider, provider.root()).run(*result.failure);
}

std::string explanation_text(const std::vector<ExplanationLine>& lines) {
  std::string out;
  for (const ExplanationLine& line : lines) {
    if (line.number > 0) out += fmt::format("({}) ", line.number);
    out += line.text;
    out += '\n';
  }
  return out;
}

std::string describe(const Incompatibility& incompat, PackageId root, Provider& provider) {
  return Describer(provider, root).describe(incompat);
}

}  // namespace mlstack::solve

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

  // As the subject of a sentence, in terms of the versions that exist:
  // "foo==1.0.0" for the one known version in the set, "every version of
  // foo" for all of them, "foo>=1.2,<=1.5" for a run of them. A solver's
  // set also holds versions that do not exist; naming them would only
  // confuse ("foo<1.1.0" when 1.0.0 is the only release below it).
  std::string subject(PackageId package, const pep::VersionRanges& set) {
    const std::vector<pep::Version>& versions = known(package);
    std::vector<bool> in(versions.size());
    std::size_t count = 0;
    for (std::size_t i = 0; i < versions.size(); ++i) count += (in[i] = set.contains(versions[i])) ? 1 : 0;
    if (count == 0) return object(package, set);
    if (count == versions.size()) return versions.size() == 1 ? name(package) + "==" + versions[0].str()
                                                              : "every version of " + name(package);
    if (count == 1)
      for (std::size_t i = 0; i < versions.size(); ++i)
        if (in[i]) return name(package) + "==" + versions[i].str();
    // All builds of one release and nothing else: "==2.3.1".
    pep::Version first_public;
    bool one_public = true, have = false;
    for (std::size_t i = 0; i < versions.size(); ++i) {
      if (!in[i]) continue;
      if (!have) first_public = versions[i].public_version(), have = true;
      else if (versions[i].public_version() != first_public) one_public = false;
    }
    if (one_public) {
      bool all_builds = true;
      for (std::size_t i = 0; i < versions.size(); ++i)
        if (!in[i] && versions[i].public_version() == first_public) all_builds = false;
      if (all_builds) return name(package) + "==" + first_public.str();
    }
    // Runs of consecutive known versions, each as bounds on what exists.
    std::string out;
    for (std::size_t i = 0; i < versions.size();) {
      if (!in[i]) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j + 1 < versions.size() && in[j + 1]) ++j;
      std::string piece;
      if (i == j) piece = "==" + versions[i].str();
      else if (i == 0) piece = "<=" + versions[j].str();
      else if (j + 1 == versions.size()) piece = ">=" + versions[i].str();
      else piece = ">=" + versions[i].str() + ",<=" + versions[j].str();
      out += (out.empty() ? "" : " || ") + piece;
      i = j + 1;
    }
    if (out.find(" || ") != std::string::npos) return name(package) + " (" + out + ")";
    return name(package) + out;
  }

  bool is_root(PackageId package) const { return package == m_root; }

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
        std::string text = is_root(package) ? "you require " + target
                                            : fmt::format("{} depends on {}", subject(package, term.set()), target);
        if (!incompat.reason.empty()) text += " (" + incompat.reason + ")";
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
      if (!y.reason.empty()) rest += " (" + y.reason + ")";
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

// SPDX-License-Identifier: MIT
#include "solve/scenario_runner.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "pep/name.h"
#include "pep/wheel_filename.h"
#include "solve/memory_source.h"
#include "solve/python_provider.h"
#include "solve/report.h"
#include "solve/solver.h"

namespace mlstack::solve::testing {

namespace {

using json = nlohmann::json;

pep::Requirement with_extra(const std::string& text, const std::string& extra) {
  pep::Requirement req = pep::Requirement::parse(text).value();
  std::string condition = fmt::format("extra == \"{}\"", extra);
  std::string marker = req.marker ? fmt::format("({}) and {}", req.marker->str(), condition) : condition;
  req.marker = pep::Marker::parse(marker).value();
  return req;
}

std::string escaped(const std::string& name) {
  std::string out = pep::canonicalize_name(name);
  for (char& c : out)
    if (c == '-') c = '_';
  return out;
}

// One packse package version as a release with its files and metadata.
void add_packse_version(MemorySource& source, const std::string& name, const std::string& version_text,
                        const json& data) {
  Release release;
  release.version = pep::Version::parse(version_text).value();
  std::optional<pep::SpecifierSet> requires_python;
  if (data["requires_python"].is_string() && !data["requires_python"].get<std::string>().empty())
    requires_python = pep::SpecifierSet::parse(data["requires_python"].get<std::string>()).value();
  bool yanked = data["yanked"].get<bool>();
  if (data["wheel"].get<bool>()) {
    for (const auto& tag : data["wheel_tags"]) {
      DistFile wheel;
      wheel.filename = fmt::format("{}-{}-{}.whl", escaped(name), version_text, tag.get<std::string>());
      wheel.tags = pep::parse_tag_set(tag.get<std::string>()).value();
      wheel.requires_python = requires_python;
      wheel.yanked = yanked;
      release.files.push_back(std::move(wheel));
    }
  }
  if (data["sdist"].get<bool>()) {
    DistFile sdist;
    sdist.filename = fmt::format("{}-{}.tar.gz", escaped(name), version_text);
    sdist.is_wheel = false;
    sdist.requires_python = requires_python;
    sdist.yanked = yanked;
    release.files.push_back(std::move(sdist));
  }
  Metadata metadata;
  for (const auto& req : data["requires"]) metadata.requires_dist.push_back(pep::Requirement::parse(req.get<std::string>()).value());
  for (const auto& [extra, reqs] : data["extras"].items()) {
    metadata.provides_extra.push_back(pep::canonicalize_extra(extra));
    for (const auto& req : reqs) metadata.requires_dist.push_back(with_extra(req.get<std::string>(), extra));
  }
  metadata.requires_python = requires_python;
  source.add(name, std::move(release), std::move(metadata));
}

std::string pins_text(const std::map<std::string, std::string>& pins) {
  std::string out;
  for (const auto& [name, version] : pins) out += (out.empty() ? "" : ", ") + name + "==" + version;
  return out.empty() ? "nothing" : out;
}

bool same_version(const std::string& a, const std::string& b) {
  return pep::Version::parse(a).value() == pep::Version::parse(b).value();
}

struct Solved {
  double milliseconds = 0;
  SolveStats stats;
  bool ok = false;
  std::map<std::string, std::string> pins;
  std::string explanation;
  std::string error;
};

Solved run(PackageSource& source, Target target, Policy policy, std::vector<pep::Requirement> root) {
  auto start = std::chrono::steady_clock::now();
  PythonProvider provider(source, std::move(target), std::move(policy), std::move(root));
  SolveResult result = solve(provider);
  Solved out;
  out.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  out.stats = result.stats;
  out.error = result.error;
  if (result.solution) {
    out.ok = true;
    for (const Pick& pick : provider.picks(result)) out.pins[pick.name] = pick.version.str();
  } else if (result.failure) {
    out.explanation = explanation_text(explain(result, provider));
  }
  return out;
}

}  // namespace

json load_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return json::parse(buffer.str());
}

bool file_exists(const std::string& path) { return std::filesystem::exists(path); }

Outcome run_packse(const json& scenario) {
  Outcome outcome;
  const json& options = scenario["resolver_options"];
  if (options["universal"].get<bool>()) {
    outcome.category = "universal";
    outcome.detail = "a universal (fork) resolution for every environment; mlstack plans for one target";
    return outcome;
  }
  MemorySource source;
  for (const auto& [name, versions] : scenario["packages"].items())
    for (const auto& [version, data] : versions.items()) add_packse_version(source, name, version, data);

  pep::Platform platform;
  std::string python = options["python"].is_string() ? options["python"].get<std::string>()
                                                     : scenario["environment"]["python"].get<std::string>();
  platform.python_version = pep::Version::parse(python).value();
  platform.libc_version = pep::Version::parse("2.35").value();
  if (options["python_platform"].is_string()) {
    std::string target = options["python_platform"].get<std::string>();
    if (target == "x86_64-manylinux2014") platform.libc_version = pep::Version::parse("2.17").value();
  }
  Policy policy;
  policy.build_all = true;
  policy.prereleases = options["prereleases"].get<bool>() ? PrereleaseMode::Allow : PrereleaseMode::IfNecessaryOrExplicit;
  for (const auto& name : options["no_build"]) policy.no_build.insert(pep::canonicalize_name(name.get<std::string>()));
  for (const auto& name : options["no_binary"]) policy.no_binary.insert(pep::canonicalize_name(name.get<std::string>()));
  std::vector<pep::Requirement> root;
  for (const auto& req : scenario["root"]["requires"]) root.push_back(pep::Requirement::parse(req.get<std::string>()).value());

  Solved solved = run(source, target_for(platform), policy, root);
  outcome.pins = solved.pins;
  outcome.explanation = solved.explanation;
  const json& expected = scenario["expected"];
  bool satisfiable = expected["satisfiable"].get<bool>();
  if (!solved.error.empty()) {
    outcome.category = "error";
    outcome.detail = solved.error;
    return outcome;
  }
  if (satisfiable && !solved.ok) {
    outcome.category = "unexpected-failure";
    outcome.detail = solved.explanation;
    return outcome;
  }
  if (!satisfiable) {
    if (solved.ok) {
      outcome.category = "unexpected-success";
      outcome.detail = "resolved " + pins_text(solved.pins);
      return outcome;
    }
    outcome.passed = true;
    return outcome;
  }
  // Satisfiable: the pins packse expects, exactly (when it lists any).
  std::map<std::string, std::string> want;
  for (const auto& [name, version] : expected["packages"].items())
    want[pep::canonicalize_name(name)] = version.get<std::string>();
  if (!want.empty()) {
    bool same = want.size() == solved.pins.size();
    for (const auto& [name, version] : want) {
      auto it = solved.pins.find(name);
      if (it == solved.pins.end() || !same_version(it->second, version)) same = false;
    }
    if (!same) {
      outcome.category = "wrong-pins";
      outcome.detail = fmt::format("expected {}, resolved {}", pins_text(want), pins_text(solved.pins));
      return outcome;
    }
  }
  outcome.passed = true;
  return outcome;
}

namespace {

// Dependencies of `name` `version` in a resolvelib index that hold in the
// environment for `extra` ("" for the package itself).
std::vector<pep::Requirement> index_dependencies(const json& index, const std::string& name,
                                                 const std::string& version, const pep::MarkerEnvironment& env,
                                                 const std::string& extra) {
  std::vector<pep::Requirement> out;
  const json& versions = index[name];
  for (const auto& [text, data] : versions.items()) {
    if (!same_version(text, version)) continue;
    for (const auto& dep : data["dependencies"]) {
      auto req = pep::Requirement::parse(dep.get<std::string>());
      if (!req) continue;
      pep::MarkerEnvironment e = env;
      e.values["extra"] = extra;
      bool holds = !req->marker || req->marker->evaluate(e);
      if (!extra.empty()) {
        e.values["extra"] = "";
        if (req->marker && req->marker->evaluate(e)) holds = false;  // the package's own, checked there
      }
      if (holds) out.push_back(std::move(*req));
    }
  }
  return out;
}

// Checks a resolution against the index without the solver: every root
// requirement and every dependency of every pin (with the extras asked
// for) is satisfied by the pins. Returns what does not hold.
std::string validate(const json& index, const std::vector<pep::Requirement>& root,
                     const std::map<std::string, std::string>& pins, const pep::MarkerEnvironment& env) {
  std::vector<std::pair<std::string, pep::Requirement>> queue;  // (who, requirement)
  for (const auto& req : root) queue.emplace_back("root", req);
  std::set<std::pair<std::string, std::string>> expanded;  // (name, extra)
  for (const auto& [name, version] : pins) queue.emplace_back(name, pep::Requirement::parse(name + "==" + version).value());
  while (!queue.empty()) {
    auto [who, req] = queue.back();
    queue.pop_back();
    std::string name = pep::canonicalize_name(req.name);
    auto pin = pins.find(name);
    if (pin == pins.end()) return fmt::format("{} requires {}, which is not pinned", who, req.str());
    if (!req.specifier.contains(pep::Version::parse(pin->second).value(), true))
      return fmt::format("{} requires {}, but {} is pinned", who, req.str(), pin->second);
    std::vector<std::string> extras{""};
    for (const auto& extra : req.extras) extras.push_back(pep::canonicalize_extra(extra));
    for (const std::string& extra : extras) {
      if (!expanded.emplace(name, extra).second) continue;
      for (auto& dep : index_dependencies(index, name, pin->second, env, extra))
        queue.emplace_back(name + (extra.empty() ? "" : "[" + extra + "]"), std::move(dep));
    }
  }
  return "";
}

// A resolvelib index read on demand: releases when the solver asks for a
// project, requirements parsed when it asks for a version's metadata (the
// big indexes hold 40,000 versions; a resolution touches a few hundred).
class ResolvelibSource : public PackageSource {
 public:
  explicit ResolvelibSource(const json& index) : m_index(index) {}

  Expected<std::span<const Release>, std::string> releases(std::string_view name) override {
    std::vector<Release>& out = m_releases[std::string(name)];  // kept: the provider points into it
    if (!out.empty()) return std::span<const Release>(out);
    auto it = m_index.find(std::string(name));
    if (it == m_index.end()) return std::span<const Release>(out);
    for (const auto& [version_text, data] : it->items()) {
      auto version = pep::Version::parse(version_text);
      if (!version) continue;
      Release release;
      release.version = *version;
      DistFile wheel;
      wheel.filename = fmt::format("{}-{}-py2.py3-none-any.whl", escaped(std::string(name)), version_text);
      wheel.tags = {pep::Tag{"py2", "none", "any"}, pep::Tag{"py3", "none", "any"}};
      release.files.push_back(std::move(wheel));
      out.push_back(std::move(release));
    }
    return std::span<const Release>(out);
  }

  Expected<Metadata, std::string> metadata(std::string_view name, const Release& release, const DistFile&) override {
    Metadata metadata;
    for (const auto& [version_text, data] : m_index[std::string(name)].items()) {
      if (!same_version(version_text, release.version.str())) continue;
      for (const auto& dep : data["dependencies"]) {
        auto req = pep::Requirement::parse(dep.get<std::string>());
        // Real data with a requirement no parser accepts: the release's
        // metadata cannot be read, as an installer would find.
        if (!req) return unexpected(fmt::format("Requires-Dist `{}` does not parse", dep.get<std::string>()));
        metadata.requires_dist.push_back(std::move(*req));
      }
    }
    return metadata;
  }

 private:
  const json& m_index;
  std::map<std::string, std::vector<Release>> m_releases;  // per project, read once
};

}  // namespace

Outcome run_resolvelib(const json& test_case, const json& index, const json& environment,
                       const json& expected_result) {
  Outcome outcome;
  ResolvelibSource source(index);
  pep::MarkerEnvironment env;
  for (const auto& [key, value] : environment.items()) env.values[key] = value.get<std::string>();
  Target target;
  target.markers = env;
  target.tags = {pep::Tag{"py3", "none", "any"}, pep::Tag{"py2", "none", "any"}};
  target.virtuals["__python"] = {{pep::Version::parse(env.values["python_full_version"]).value()}, ""};
  std::vector<pep::Requirement> root;
  for (const auto& req : test_case["requested"]) root.push_back(pep::Requirement::parse(req.get<std::string>()).value());

  Solved solved = run(source, target, Policy{}, root);
  outcome.timing = fmt::format("{:.0f} ms, {} decisions, {} conflicts", solved.milliseconds, solved.stats.decisions,
                               solved.stats.conflicts);
  outcome.pins = solved.pins;
  outcome.explanation = solved.explanation;
  if (!solved.error.empty()) {
    outcome.category = "error";
    outcome.detail = solved.error;
    return outcome;
  }
  if (expected_result.contains("too_deep")) {
    // resolvelib gives up on this one; any proven answer is progress, and a
    // solution must still be valid.
    if (solved.ok) {
      if (std::string problem = validate(index, root, solved.pins, env); !problem.empty()) {
        outcome.category = "invalid-solution";
        outcome.detail = problem;
        return outcome;
      }
      outcome.detail = "resolvelib gives up; a valid solution: " + pins_text(solved.pins);
    } else {
      outcome.detail = "resolvelib gives up; no solution, proven: " + solved.explanation;
    }
    outcome.passed = true;
    return outcome;
  }
  bool conflict_expected = expected_result.contains("conflicted");
  if (conflict_expected) {
    if (solved.ok) {
      outcome.category = "unexpected-success";
      outcome.detail = "resolved " + pins_text(solved.pins);
      return outcome;
    }
    for (const auto& name : expected_result["conflicted"]) {
      if (solved.explanation.find(name.get<std::string>()) == std::string::npos) {
        outcome.category = "explanation";
        outcome.detail = fmt::format("the explanation does not name {}:\n{}", name.get<std::string>(), solved.explanation);
        return outcome;
      }
    }
    outcome.detail = "no solution, and the explanation names " + expected_result["conflicted"].dump() + ":\n" +
                     solved.explanation;
    outcome.passed = true;
    return outcome;
  }
  if (!solved.ok) {
    outcome.category = "unexpected-failure";
    outcome.detail = solved.explanation;
    return outcome;
  }
  if (std::string problem = validate(index, root, solved.pins, env); !problem.empty()) {
    outcome.category = "invalid-solution";
    outcome.detail = problem;
    return outcome;
  }
  outcome.passed = true;
  if (expected_result.contains("pins")) {
    std::map<std::string, std::string> want;
    for (const auto& [name, version] : expected_result["pins"].items()) want[name] = version.get<std::string>();
    bool same = want.size() == solved.pins.size();
    for (const auto& [name, version] : want) {
      auto it = solved.pins.find(name);
      if (it == solved.pins.end() || !same_version(it->second, version)) same = false;
    }
    outcome.detail = same ? "same pins as resolvelib" : fmt::format("valid, different from resolvelib's {}", pins_text(want));
  }
  return outcome;
}

}  // namespace mlstack::solve::testing

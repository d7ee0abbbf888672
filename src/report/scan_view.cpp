// SPDX-License-Identifier: MIT
#include "report/scan_view.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace mlstack::report {
namespace {

using project::DeclaredRequirement;
using project::Disagreement;
using project::IndexEntry;
using project::Manifest;
using project::ManifestKind;
using project::PinStatus;
using project::ScannedRequirement;
using project::ScanResult;
using project::Scope;
namespace python = project::python;

bool declares(ManifestKind kind) {
  return kind == ManifestKind::Pyproject || kind == ManifestKind::Requirements || kind == ManifestKind::SetupPy ||
         kind == ManifestKind::SetupCfg || kind == ManifestKind::CondaEnvironment;
}

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (item.empty()) continue;
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// "Constraint in repo", as the seed tables write it: the specifier, or
// "unpinned", or where a URL/path pins it.
std::string constraint(const ScannedRequirement& r) {
  if (r.pin == PinStatus::Unknown) return r.declared.text;
  if (!r.url.empty()) {
    if (!r.version.empty()) return fmt::format("=={} ({})", r.version, r.pin == PinStatus::Exact ? "wheel" : "url");
    if (r.pin == PinStatus::LocalPath) return "path " + r.url;
    return r.url;
  }
  if (r.specifier.empty()) return "unpinned";
  return r.specifier;
}

std::string package(const ScannedRequirement& r) {
  if (!r.display_name.empty()) return r.display_name;
  if (r.pin == PinStatus::LocalPath) {
    std::string_view path = r.url;
    return path == "." || path.starts_with(".[") ? "(this project)" : std::string(path);
  }
  return r.declared.text;
}

std::string pin_text(PinStatus pin) {
  switch (pin) {
    case PinStatus::Exact: return "exact pin";
    case PinStatus::Bounded: return "bounded range";
    case PinStatus::LowerBound: return "lower bound only";
    case PinStatus::UpperBound: return "upper bound only";
    case PinStatus::Unpinned: return "unpinned";
    case PinStatus::DirectUrl: return "direct URL";
    case PinStatus::Git: return "git";
    case PinStatus::LocalPath: return "local path";
    case PinStatus::Unknown: return "not parsed";
  }
  return "";
}

std::string notes_of(const ScannedRequirement& r) {
  std::vector<std::string> notes;
  if (!r.marker.empty()) notes.push_back("when " + r.marker);
  if (r.declared.editable) notes.push_back("editable");
  if (r.declared.optional) notes.push_back("optional");
  if (!r.declared.source.empty()) notes.push_back("source " + r.declared.source);
  if (!r.declared.included_from.empty()) notes.push_back("via -r from " + r.declared.included_from);
  if (!r.declared.hashes.empty()) notes.push_back(fmt::format("{} hash(es)", r.declared.hashes.size()));
  for (const auto& note : r.declared.notes) notes.push_back(note);
  return join(notes, "; ");
}

std::string group_title(const DeclaredRequirement& d) {
  switch (d.scope) {
    case Scope::Runtime: return "runtime";
    case Scope::Extra: return fmt::format("extra `{}`", d.group);
    case Scope::Group: return fmt::format("group `{}`", d.group);
    case Scope::Build: return "build";
    case Scope::Constraint: return d.group.empty() ? "constraints" : d.group;
    case Scope::Install: return "install commands";
  }
  return "runtime";
}

Table requirement_table(const ScanResult& result, const std::vector<std::size_t>& indices, bool with_installer) {
  Table table;
  table.columns = {{"Package"}, {"Constraint in repo", Align::Left, true}, {"Pin"}};
  if (with_installer) table.columns.push_back({"Installer"});
  table.columns.push_back({"Where"});
  table.columns.push_back({"Notes"});
  for (std::size_t i : indices) {
    const auto& r = result.requirements[i];
    std::vector<std::string> row{package(r), constraint(r), pin_text(r.pin)};
    if (with_installer) row.push_back(r.declared.installer);
    row.push_back(r.declared.origin.to_string());
    row.push_back(notes_of(r));
    table.rows.push_back(std::move(row));
  }
  return table;
}

Section sources_section(const ScanResult& result, const std::vector<std::size_t>& counts) {
  Section section{"Sources", {}, {}};
  Table table{{{"File"}, {"Kind"}, {"Stack"}, {"Declarations", Align::Right}, {"Indexes", Align::Right}}, {}};
  for (std::size_t i = 0; i < result.manifests.size(); ++i) {
    const Manifest& m = result.manifests[i];
    table.rows.push_back({m.path, project::to_string(m.kind), m.stack.empty() ? "main" : m.stack,
                          std::to_string(counts[i]), std::to_string(m.indexes.size())});
  }
  section.blocks.push_back(Paragraph{fmt::format(
      "{} files in {} folders looked at; {} sources read; lock files: {}.", result.files_seen, result.folders_seen,
      result.manifests.size(), result.lock_files.empty() ? "none" : join(result.lock_files))});
  if (!table.rows.empty()) section.blocks.push_back(std::move(table));
  return section;
}

// Requirement indices per manifest, so that each section walks its own only.
std::vector<std::vector<std::size_t>> by_manifest(const ScanResult& result) {
  std::vector<std::vector<std::size_t>> out(result.manifests.size());
  for (std::size_t i = 0; i < result.requirements.size(); ++i) out[result.requirements[i].manifest].push_back(i);
  return out;
}

Section declared_section(const ScanResult& result, const std::vector<std::vector<std::size_t>>& per_manifest) {
  Section section{"Declared dependencies", {}, {}};
  for (std::size_t m = 0; m < result.manifests.size(); ++m) {
    const Manifest& manifest = result.manifests[m];
    if (!declares(manifest.kind)) continue;
    // Group by scope and group name, in first-seen order; build deps have their own section.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
    for (std::size_t i : per_manifest[m]) {
      const auto& r = result.requirements[i];
      if (r.declared.scope == Scope::Build) continue;
      std::string title = group_title(r.declared);
      auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == title; });
      if (it == groups.end()) groups.push_back({title, {i}});
      else it->second.push_back(i);
    }
    if (groups.empty() && !manifest.requires_python) continue;
    Section file{fmt::format("{}{}", manifest.path, manifest.stack.empty() ? "" : " (alternative stack)"), {}, {}};
    KeyValues facts;
    if (manifest.name) facts.items.push_back({"Project", manifest.name->text});
    if (manifest.requires_python) {
      facts.items.push_back({"Requires Python", manifest.requires_python->text + " (" +
                                                    manifest.requires_python->origin.to_string() + ")"});
    }
    if (manifest.pre_releases) facts.items.push_back({"Pre-releases", "allowed (--pre)"});
    if (!manifest.includes.empty()) facts.items.push_back({"Includes", join(manifest.includes)});
    if (!facts.items.empty()) file.blocks.push_back(std::move(facts));
    for (auto& [title, indices] : groups) {
      file.subsections.push_back(Section{title, {requirement_table(result, indices, false)}, {}});
    }
    if (!manifest.entry_points.empty()) {
      Table entries{{{"Entry point"}, {"Group"}, {"Target", Align::Left, true}, {"Where"}}, {}};
      for (const auto& e : manifest.entry_points) entries.rows.push_back({e.name, e.group, e.target, e.origin.to_string()});
      file.subsections.push_back(Section{"entry points", {std::move(entries)}, {}});
    }
    section.subsections.push_back(std::move(file));
  }
  if (section.subsections.empty()) section.blocks.push_back(Paragraph{"No manifest declares dependencies."});
  return section;
}

Section build_section(const ScanResult& result) {
  Section section{"Build-time dependencies", {}, {}};
  std::vector<std::size_t> build;
  for (std::size_t i = 0; i < result.requirements.size(); ++i) {
    if (result.requirements[i].declared.scope == Scope::Build) build.push_back(i);
  }
  KeyValues backends;
  for (const auto& m : result.manifests) {
    if (!m.build_backend.empty()) backends.items.push_back({m.path, m.build_backend});
  }
  if (!backends.items.empty()) section.blocks.push_back(std::move(backends));
  if (build.empty()) {
    section.blocks.push_back(Paragraph{"No build-system requirements are declared."});
  } else {
    section.blocks.push_back(requirement_table(result, build, false));
  }
  for (const auto& script : result.setup_scripts) {
    const auto& setup = script.setup;
    if (setup.extensions.empty() && setup.checks.empty()) continue;
    Section file{script.path + " native extensions", {}, {}};
    if (!setup.extensions.empty()) {
      Table table{{{"Extension"}, {"Kind"}, {"Defined at"}, {"C++ standard"}, {"Needs"}, {"GPU targets"},
                   {"Sources", Align::Right}},
                  {}};
      for (const auto& ext : setup.extensions) {
        std::vector<std::string> targets;
        for (const auto& arch : ext.archs) {
          for (const auto& code : arch.codes) {
            std::string shown = code + (arch.conditional ? " (conditional)" : "");
            if (std::find(targets.begin(), targets.end(), shown) == targets.end()) targets.push_back(shown);
          }
        }
        std::vector<std::string> standards;
        if (!ext.cxx_standard.empty()) standards.push_back(ext.cxx_standard + " (cxx)");
        if (!ext.nvcc_standard.empty()) standards.push_back(ext.nvcc_standard + " (nvcc)");
        bool cuda = ext.kind == "CUDAExtension" || !ext.nvcc_flags.empty();
        std::string needs = cuda ? "torch, CUDA toolkit with nvcc, a C++ compiler" : "a C++ compiler";
        if (ext.kind == "CUDAExtension" || ext.kind == "CppExtension") needs = "torch (cpp_extension), " + needs.substr(cuda ? 7 : 0);
        table.rows.push_back({ext.name.empty() ? "(unnamed)" : ext.name, ext.kind,
                              fmt::format("{}:{}", script.path, ext.at.line), join(standards),
                              needs, targets.empty() ? "-" : join(targets),
                              std::to_string(ext.sources.size())});
      }
      file.blocks.push_back(std::move(table));
    }
    if (!setup.checks.empty()) {
      Table checks{{{"Build check"}, {"Where"}, {"Code", Align::Left, true}, {"Fails with"}}, {}};
      for (const auto& check : setup.checks) {
        checks.rows.push_back({python::to_string(check.kind), fmt::format("{}:{}", script.path, check.at.line),
                               check.code, check.message.empty() ? "-" : check.message});
      }
      file.blocks.push_back(std::move(checks));
    }
    section.subsections.push_back(std::move(file));
  }
  return section;
}

Section commands_section(const ScanResult& result, const std::vector<std::vector<std::size_t>>& per_manifest) {
  Section section{"Install commands in scripts and docs", {}, {}};
  for (std::size_t m = 0; m < result.manifests.size(); ++m) {
    const Manifest& manifest = result.manifests[m];
    if (declares(manifest.kind)) continue;
    const std::vector<std::size_t>& indices = per_manifest[m];
    if (indices.empty()) continue;
    section.subsections.push_back(
        Section{fmt::format("{} ({})", manifest.path, project::to_string(manifest.kind)),
                {requirement_table(result, indices, true)}, {}});
  }
  if (section.subsections.empty()) section.blocks.push_back(Paragraph{"No install command found in scripts or docs."});
  return section;
}

Section index_section(const ScanResult& result) {
  Section section{"Index configuration", {}, {}};
  Table table{{{"Index", Align::Left, true}, {"Kind"}, {"Name / priority"}, {"Packages"}, {"Where"}}, {}};
  for (const auto& m : result.manifests) {
    for (const auto& index : m.indexes) {
      std::string name = join({index.name == index.url ? std::string() : index.name, index.priority}, " / ");
      table.rows.push_back({index.url.empty() ? "(none)" : index.url, project::to_string(index.kind), name,
                            index.packages.empty() ? "all" : join(index.packages), index.origin.to_string()});
    }
  }
  if (table.rows.empty()) {
    section.blocks.push_back(Paragraph{"No index, find-links or channel is configured: the default index (PyPI) is used."});
  } else {
    section.blocks.push_back(std::move(table));
  }
  return section;
}

std::string kind_text(Disagreement::Kind kind) {
  switch (kind) {
    case Disagreement::Kind::ConflictingPins: return "conflicting pins";
    case Disagreement::Kind::PinOutsideRange: return "pin outside range";
    case Disagreement::Kind::DisjointRanges: return "disjoint ranges";
    case Disagreement::Kind::DocsOnly: return "only in docs";
    case Disagreement::Kind::ScriptOnly: return "only in scripts";
    case Disagreement::Kind::StackPinsOpen: return "stack pins what main leaves open";
    case Disagreement::Kind::StackDiffers: return "stack differs";
  }
  return "";
}

Section disagreement_section(const ScanResult& result) {
  Section section{"Disagreements between sources", {}, {}};
  Table table{{{"Package"}, {"Kind"}, {"Detail"}}, {}};
  for (const auto& d : result.disagreements) {
    bool stack = d.kind == Disagreement::Kind::StackPinsOpen || d.kind == Disagreement::Kind::StackDiffers;
    if (!stack) table.rows.push_back({d.package, kind_text(d.kind), d.message});
  }
  if (table.rows.empty()) section.blocks.push_back(Paragraph{"None found."});
  else section.blocks.push_back(std::move(table));
  return section;
}

Section stacks_section(const ScanResult& result) {
  Section section{"Alternative stacks", {}, {}};
  for (std::size_t s = 1; s < result.stacks.size(); ++s) {
    const auto& stack = result.stacks[s];
    Table table{{{"Package"}, {"Main stack", Align::Left, true}, {stack.name, Align::Left, true}, {"Note"}}, {}};
    for (const auto& d : result.disagreements) {
      if (d.kind != Disagreement::Kind::StackPinsOpen && d.kind != Disagreement::Kind::StackDiffers) continue;
      if (d.requirements.size() != 2) continue;
      const auto& a = result.requirements[d.requirements[0]];
      const auto& b = result.requirements[d.requirements[1]];
      const auto& main = result.manifests[a.manifest].stack.empty() ? a : b;
      const auto& alt = &main == &a ? b : a;
      if (result.manifests[alt.manifest].stack != stack.name) continue;
      table.rows.push_back({main.display_name, constraint(main), constraint(alt), kind_text(d.kind)});
    }
    std::vector<std::string> files;
    for (std::size_t m : stack.manifests) files.push_back(result.manifests[m].path);
    section.subsections.push_back(Section{stack.name, {Paragraph{"Read from " + join(files) + "."}}, {}});
    if (table.rows.empty()) section.subsections.back().blocks.push_back(Paragraph{"Same constraints as the main stack."});
    else section.subsections.back().blocks.push_back(std::move(table));
  }
  return section;
}

Section reproducibility_section(const ScanResult& result) {
  Section section{"Reproducibility", {}, {}};
  Table table{{{"Package"}, {"Now", Align::Left, true}, {"Suggested", Align::Left, true}, {"Why"}, {"Where"}}, {}};
  for (const auto& s : result.suggestions) {
    const auto& r = result.requirements[s.requirement];
    table.rows.push_back({package(r), constraint(r), s.suggested.empty() ? "-" : s.suggested, s.reason,
                          r.declared.origin.to_string()});
  }
  if (table.rows.empty()) {
    section.blocks.push_back(Paragraph{"Every declared dependency is pinned or bounded."});
  } else {
    section.blocks.push_back(Paragraph{fmt::format(
        "{} declarations are unpinned or have a lower bound only; each may resolve differently tomorrow.",
        table.rows.size())});
    section.blocks.push_back(std::move(table));
  }
  return section;
}

std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// "a, b, c and 4 more"
std::string first_few(const std::vector<std::string>& items, std::size_t shown) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < shown; ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  if (items.size() > shown) out += fmt::format(" and {} more", items.size() - shown);
  return out;
}

// The lines a maintainer reads first: what was read and what it declares.
KeyValues summary_of(const ScanResult& result) {
  KeyValues summary;
  std::vector<std::string> sources;
  for (const auto& m : result.manifests) sources.push_back(m.path);
  std::string read = fmt::format("{} in {}; {} declare dependencies", count_of(result.files_seen, "file", "files"),
                                 count_of(result.folders_seen, "folder", "folders"),
                                 count_of(result.manifests.size(), "source", "sources"));
  if (!sources.empty()) read += ": " + first_few(sources, 4);
  if (!result.lock_files.empty()) read += "; lock files: " + join(result.lock_files);
  summary.items.push_back({"Read", read});
  if (result.projects.size() > 1)
    summary.items.push_back({"Projects", fmt::format("{} (sub-projects are compared separately)", result.projects.size())});
  std::set<std::string> packages;
  std::size_t open = 0, build = 0;
  for (const auto& r : result.requirements) {
    if (!r.name.empty()) packages.insert(r.name);
    if (r.declared.scope == Scope::Build) ++build;
    if (r.pin == PinStatus::Unpinned || r.pin == PinStatus::LowerBound) ++open;
  }
  if (!result.requirements.empty()) {
    std::string declared = fmt::format("{} of {}", count_of(result.requirements.size(), "declaration", "declarations"),
                                       count_of(packages.size(), "package", "packages"));
    if (build > 0) declared += fmt::format(" ({} build-time)", build);
    if (!result.suggestions.empty())
      declared += fmt::format("; {} unpinned or lower-bound only (--show reproducibility suggests bounds)",
                              result.suggestions.size());
    else if (open > 0)
      declared += fmt::format("; {} unpinned or lower-bound only", open);
    summary.items.push_back({"Declared", declared});
  } else {
    summary.items.push_back({"Declared", "nothing: no manifest, script or README declares a dependency"});
  }
  std::size_t extensions = 0;
  for (const auto& script : result.setup_scripts) extensions += script.setup.extensions.size();
  if (extensions > 0)
    summary.items.push_back({"Builds", fmt::format("{} from setup.py (--show build)",
                                                   count_of(extensions, "native extension", "native extensions"))});
  return summary;
}

}  // namespace

const std::vector<ScanSection>& scan_sections() {
  static const std::vector<ScanSection> sections{
      {"sources", "every file read and what it declares"},
      {"declared", "declared dependencies per manifest and group"},
      {"build", "build-system requirements, native extensions and build checks"},
      {"install", "install commands in scripts and docs"},
      {"indexes", "package indexes, find-links and channels"},
      {"stacks", "alternative stacks against the main one"},
      {"disagreements", "sources that disagree (also reported as findings)"},
      {"reproducibility", "open declarations and the bounds that would pin them"},
      {"imports", "third-party imports of the code"},
      {"flags", "feature flags and the optional imports they guard"},
      {"entries", "entry points and the files each one loads"},
      {"extensions", "calls into the native extensions the project builds"},
      {"commands", "documented commands and their flags"},
  };
  return sections;
}

bool shows(const ScanViewOptions& options, std::string_view id) {
  return options.every_section || std::find(options.show.begin(), options.show.end(), id) != options.show.end();
}

Document scan_document(const ScanResult& result, const ScanViewOptions& options) {
  Document document;
  document.command = "scan";
  document.title = "mlstack scan: " + result.root;
  document.summary.push_back(summary_of(result));
  document.findings_layout.grouped = true;
  if (!options.all) {
    document.findings_layout.per_rule = 3;
    document.findings_layout.origins = 3;
    document.findings_layout.more_hint = "--all shows every one";
  }
  const auto per_manifest = by_manifest(result);
  std::vector<std::size_t> counts;
  for (const auto& indices : per_manifest) counts.push_back(indices.size());
  if (shows(options, "sources")) document.sections.push_back(sources_section(result, counts));
  if (shows(options, "declared")) document.sections.push_back(declared_section(result, per_manifest));
  if (shows(options, "build")) document.sections.push_back(build_section(result));
  if (shows(options, "install")) document.sections.push_back(commands_section(result, per_manifest));
  if (shows(options, "indexes")) document.sections.push_back(index_section(result));
  if (result.stacks.size() > 1 && shows(options, "stacks")) document.sections.push_back(stacks_section(result));
  if (shows(options, "disagreements")) document.sections.push_back(disagreement_section(result));
  if (shows(options, "reproducibility")) document.sections.push_back(reproducibility_section(result));
  if (!options.every_section) {
    std::string ids;
    for (const auto& section : scan_sections()) {
      if (!ids.empty()) ids += ",";
      ids += section.id;
    }
    document.footer = "Tables: --show " + ids + ", or --verbose for all.";
  }
  document.findings = result.findings;
  document.data = scan_payload(result);
  return document;
}

nlohmann::json scan_payload(const ScanResult& result) {
  using nlohmann::json;
  json sources = json::array();
  for (const auto& m : result.manifests) {
    json indexes = json::array();
    for (const auto& index : m.indexes) {
      indexes.push_back({{"kind", project::to_string(index.kind)}, {"url", index.url}, {"name", index.name},
                         {"priority", index.priority}, {"packages", index.packages}, {"origin", to_json(index.origin)}});
    }
    json entry_points = json::array();
    for (const auto& e : m.entry_points) {
      entry_points.push_back({{"group", e.group}, {"name", e.name}, {"target", e.target}, {"origin", to_json(e.origin)}});
    }
    json source = {{"path", m.path},
                   {"kind", project::to_string(m.kind)},
                   {"stack", m.stack},
                   {"indexes", indexes},
                   {"entry_points", entry_points},
                   {"includes", m.includes},
                   {"pre_releases", m.pre_releases},
                   {"build_backend", m.build_backend}};
    source["name"] = m.name ? json(m.name->text) : json(nullptr);
    source["requires_python"] =
        m.requires_python ? json{{"text", m.requires_python->text}, {"origin", to_json(m.requires_python->origin)}}
                          : json(nullptr);
    sources.push_back(std::move(source));
  }
  json requirements = json::array();
  for (const auto& r : result.requirements) {
    const auto& d = r.declared;
    requirements.push_back({{"name", r.name},
                            {"display_name", r.display_name},
                            {"raw", d.raw},
                            {"text", d.text},
                            {"form", project::to_string(d.form)},
                            {"scope", project::to_string(d.scope)},
                            {"group", d.group},
                            {"specifier", r.specifier},
                            {"marker", r.marker},
                            {"url", r.url},
                            {"version", r.version},
                            {"pin", project::to_string(r.pin)},
                            {"source_file", result.manifests[r.manifest].path},
                            {"stack", result.manifests[r.manifest].stack},
                            {"origin", to_json(d.origin)},
                            {"editable", d.editable},
                            {"optional", d.optional},
                            {"installer", d.installer},
                            {"index_source", d.source},
                            {"hashes", d.hashes},
                            {"included_from", d.included_from},
                            {"notes", d.notes}});
  }
  json stacks = json::array();
  for (const auto& s : result.stacks) {
    json files = json::array();
    for (std::size_t m : s.manifests) files.push_back(result.manifests[m].path);
    stacks.push_back({{"name", s.name}, {"sources", files}});
  }
  json disagreements = json::array();
  for (const auto& d : result.disagreements) {
    disagreements.push_back({{"kind", project::to_string(d.kind)}, {"package", d.package},
                             {"requirements", d.requirements}, {"message", d.message}});
  }
  json suggestions = json::array();
  for (const auto& s : result.suggestions) {
    suggestions.push_back({{"requirement", s.requirement}, {"package", result.requirements[s.requirement].name},
                           {"suggested", s.suggested}, {"reason", s.reason}});
  }
  json setup_scripts = json::array();
  for (const auto& script : result.setup_scripts) {
    json extensions = json::array();
    for (const auto& ext : script.setup.extensions) {
      json archs = json::array();
      for (const auto& arch : ext.archs) {
        archs.push_back({{"capability", arch.capability}, {"virtual_arch", arch.virtual_arch}, {"codes", arch.codes},
                         {"conditional", arch.conditional}, {"line", arch.at.line}});
      }
      json cxx = json::array();
      for (const auto& flag : ext.cxx_flags) cxx.push_back(flag.text);
      json nvcc = json::array();
      for (const auto& flag : ext.nvcc_flags) nvcc.push_back(flag.text);
      extensions.push_back({{"name", ext.name}, {"kind", ext.kind}, {"line", ext.at.line},
                            {"conditional", ext.conditional}, {"sources", ext.sources},
                            {"include_dirs", ext.include_dirs}, {"libraries", ext.libraries}, {"cxx_flags", cxx},
                            {"nvcc_flags", nvcc}, {"cxx_standard", ext.cxx_standard},
                            {"nvcc_standard", ext.nvcc_standard}, {"gpu_archs", archs}});
    }
    json checks = json::array();
    for (const auto& check : script.setup.checks) {
      checks.push_back({{"kind", python::to_string(check.kind)}, {"line", check.at.line}, {"code", check.code},
                        {"message", check.message}, {"versions", check.versions}});
    }
    setup_scripts.push_back({{"path", script.path}, {"extensions", extensions}, {"checks", checks}});
  }
  return {{"scan_schema", 2},
          {"root", result.root},
          {"setup_scripts", setup_scripts},
          {"files_seen", result.files_seen},
          {"folders_seen", result.folders_seen},
          {"projects", result.projects},
          {"lock_files", result.lock_files},
          {"sources", sources},
          {"requirements", requirements},
          {"stacks", stacks},
          {"disagreements", disagreements},
          {"suggestions", suggestions}};
}

}  // namespace mlstack::report

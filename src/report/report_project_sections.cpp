// SPDX-License-Identifier: MIT
// Report sections about what the project says: scope and sources, declared
// dependencies, build-time dependencies, optional features.
#include <algorithm>

#include <fmt/format.h>

#include "report/report_sections.h"

namespace mlstack::report::detail {

using project::Manifest;
using project::ManifestKind;
using project::PinStatus;
using project::ScannedRequirement;
using project::Scope;

std::string requirement_row(std::size_t index) { return fmt::format("req-{}", index); }
std::string coupling_row(std::size_t index) { return fmt::format("cpl-{}", index); }
std::string installed_row(std::size_t index) { return fmt::format("inst-{}", index); }
std::string distribution_row(std::string_view name) { return fmt::format("dist-{}", name); }
std::string policy_row(std::size_t index) { return fmt::format("pol-{}", index); }
std::string extension_row(std::size_t script, std::size_t extension) { return fmt::format("ext-{}-{}", script, extension); }
std::string entry_row(std::size_t index) { return fmt::format("entry-{}", index); }
std::string finding_row(std::size_t index) { return fmt::format("imp-{}", index); }

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (item.empty()) continue;
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string constraint_text(const ScannedRequirement& r) {
  if (r.pin == PinStatus::Unknown) return r.declared.text;
  if (!r.url.empty()) {
    if (!r.version.empty()) return fmt::format("=={} ({})", r.version, r.pin == PinStatus::Exact ? "wheel" : "url");
    if (r.pin == PinStatus::LocalPath) return "path " + r.url;
    return r.url;
  }
  return r.specifier.empty() ? "unpinned" : r.specifier;
}

std::string package_text(const ScannedRequirement& r) {
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

namespace {

bool declares(ManifestKind kind) {
  return kind == ManifestKind::Pyproject || kind == ManifestKind::Requirements || kind == ManifestKind::SetupPy ||
         kind == ManifestKind::SetupCfg || kind == ManifestKind::CondaEnvironment;
}

std::string group_title(const project::DeclaredRequirement& d) {
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

std::string notes_of(const ScannedRequirement& r) {
  std::vector<std::string> notes;
  if (!r.marker.empty()) notes.push_back("when " + r.marker);
  if (r.declared.editable) notes.push_back("editable");
  if (r.declared.optional) notes.push_back("optional");
  if (!r.declared.source.empty()) notes.push_back("source " + r.declared.source);
  if (!r.declared.included_from.empty()) notes.push_back("via -r from " + r.declared.included_from);
  for (const auto& note : r.declared.notes) notes.push_back(note);
  return join(notes, "; ");
}

Table requirement_table(const project::ScanResult& scan, const std::vector<std::size_t>& indices, bool installer) {
  Table table;
  table.columns = {{"Package"}, {"Constraint in repo", Align::Left, true}, {"Pin"}};
  if (installer) table.columns.push_back({"Installer"});
  table.columns.push_back({"Where"});
  table.columns.push_back({"Notes"});
  for (std::size_t i : indices) {
    const auto& r = scan.requirements[i];
    std::vector<std::string> row{package_text(r), constraint_text(r), pin_text(r.pin)};
    if (installer) row.push_back(r.declared.installer);
    row.push_back(r.declared.origin.to_string());
    row.push_back(notes_of(r));
    table.rows.push_back(std::move(row));
    table.row_ids.push_back(requirement_row(i));
  }
  return table;
}

std::vector<std::vector<std::size_t>> by_manifest(const project::ScanResult& scan) {
  std::vector<std::vector<std::size_t>> out(scan.manifests.size());
  for (std::size_t i = 0; i < scan.requirements.size(); ++i) {
    if (scan.requirements[i].manifest < out.size()) out[scan.requirements[i].manifest].push_back(i);
  }
  return out;
}

std::string counts_text(const std::vector<Finding>& findings) {
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& f : findings) ++counts[static_cast<int>(f.severity)];
  return fmt::format("{} error{}, {} warning{}, {} note{}", counts[2], counts[2] == 1 ? "" : "s", counts[1],
                     counts[1] == 1 ? "" : "s", counts[0], counts[0] == 1 ? "" : "s");
}

}  // namespace

Section scope_section(const check::Analysis& a, const std::vector<Finding>& findings) {
  const auto& scan = a.scan;
  Section section{"Scope and sources", {}, {}, "scope"};
  section.blocks.push_back(Paragraph{
      "What was read to write this report. Nothing of the project was run, imported or built; every row below "
      "names the file and line, the installed distribution or the knowledge-base fact it comes from."});
  std::vector<std::string> names;
  for (const auto& m : scan.manifests) {
    if (m.name && std::find(names.begin(), names.end(), m.name->text) == names.end()) names.push_back(m.name->text);
  }
  KeyValues facts;
  facts.items.push_back({"Project", names.empty() ? "(no manifest names it)" : join(names)});
  facts.items.push_back({"Path", a.path});
  facts.items.push_back({"Files looked at", fmt::format("{} files in {} folders", scan.files_seen, scan.folders_seen)});
  std::size_t declaring = 0;
  for (const auto& m : scan.manifests) declaring += declares(m.kind) ? 1 : 0;
  facts.items.push_back({"Sources read", fmt::format("{} ({} manifests, {} scripts and docs)", scan.manifests.size(),
                                                     declaring, scan.manifests.size() - declaring)});
  facts.items.push_back({"Lock files", scan.lock_files.empty() ? "none" : join(scan.lock_files)});
  if (!a.code.analysis.scan.layout.files().empty()) {
    facts.items.push_back({"Python sources", fmt::format("{} files ({} kB); {} third-party imports",
                                                         a.code.analysis.scan.layout.files().size(),
                                                         (a.code.analysis.scan.bytes + 512) / 1024,
                                                         a.code.analysis.third_party.size())});
  }
  facts.items.push_back({"Environment", a.environment ? a.environment_source
                                                      : "none read (--env, --site, --python or --env-file reads one)"});
  if (a.check.target) facts.items.push_back({"Target machine", "given with --target (see Environment and machine)"});
  facts.items.push_back({"Findings", counts_text(findings)});
  section.blocks.push_back(std::move(facts));

  const auto per_manifest = by_manifest(scan);
  Table sources{{{"File"}, {"Kind"}, {"Stack"}, {"Declarations", Align::Right}, {"Indexes", Align::Right}}, {}};
  for (std::size_t i = 0; i < scan.manifests.size(); ++i) {
    const Manifest& m = scan.manifests[i];
    sources.rows.push_back({m.path, project::to_string(m.kind), m.stack.empty() ? "main" : m.stack,
                            std::to_string(per_manifest[i].size()), std::to_string(m.indexes.size())});
  }
  if (!sources.rows.empty()) section.subsections.push_back(Section{"Sources", {std::move(sources)}, {}, "sources"});

  Table indexes{{{"Index", Align::Left, true}, {"Kind"}, {"Packages"}, {"Where"}}, {}};
  for (const auto& m : scan.manifests) {
    for (const auto& index : m.indexes) {
      indexes.rows.push_back({index.url.empty() ? "(none)" : index.url, project::to_string(index.kind),
                              index.packages.empty() ? "all" : join(index.packages), index.origin.to_string()});
    }
  }
  if (indexes.rows.empty()) {
    section.subsections.push_back(Section{
        "Package indexes", {Paragraph{"No index, find-links or channel is configured: the default index (PyPI) is used."}}, {}, "indexes"});
  } else {
    section.subsections.push_back(Section{"Package indexes", {std::move(indexes)}, {}, "indexes"});
  }
  return section;
}

Section declared_section(const check::Analysis& a) {
  const auto& scan = a.scan;
  const auto per_manifest = by_manifest(scan);
  Section section{"Declared dependencies", {}, {}, "declared"};
  for (std::size_t m = 0; m < scan.manifests.size(); ++m) {
    const Manifest& manifest = scan.manifests[m];
    if (!declares(manifest.kind)) continue;
    std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
    for (std::size_t i : per_manifest[m]) {
      const auto& r = scan.requirements[i];
      if (r.declared.scope == Scope::Build) continue;
      std::string title = group_title(r.declared);
      auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == title; });
      if (it == groups.end()) groups.push_back({title, {i}});
      else it->second.push_back(i);
    }
    if (groups.empty() && !manifest.requires_python) continue;
    Section file{fmt::format("From `{}`{}", manifest.path, manifest.stack.empty() ? "" : " (alternative stack)"), {}, {}};
    KeyValues facts;
    if (manifest.name) facts.items.push_back({"Project", manifest.name->text});
    if (manifest.requires_python)
      facts.items.push_back({"Requires Python", fmt::format("{} ({})", manifest.requires_python->text,
                                                            manifest.requires_python->origin.to_string())});
    if (!manifest.includes.empty()) facts.items.push_back({"Includes", join(manifest.includes)});
    if (!facts.items.empty()) file.blocks.push_back(std::move(facts));
    for (auto& [title, indices] : groups) file.subsections.push_back(Section{title, {requirement_table(scan, indices, false)}, {}});
    section.subsections.push_back(std::move(file));
  }
  if (section.subsections.empty()) section.blocks.push_back(Paragraph{"No manifest declares dependencies."});

  // What scripts and READMEs install: not declarations, but what users run.
  Section installed{"Installed by scripts and docs", {}, {}, "install-commands"};
  for (std::size_t m = 0; m < scan.manifests.size(); ++m) {
    const Manifest& manifest = scan.manifests[m];
    if (declares(manifest.kind) || per_manifest[m].empty()) continue;
    installed.subsections.push_back(Section{fmt::format("`{}` ({})", manifest.path, project::to_string(manifest.kind)),
                                            {requirement_table(scan, per_manifest[m], true)}, {}});
  }
  if (!installed.subsections.empty()) section.subsections.push_back(std::move(installed));
  return section;
}

Section build_section(const check::Analysis& a) {
  const auto& scan = a.scan;
  Section section{"Build-time dependencies", {}, {}, "build"};
  KeyValues backends;
  for (const auto& m : scan.manifests) {
    if (!m.build_backend.empty()) backends.items.push_back({"Build backend", fmt::format("{} ({})", m.build_backend, m.path)});
  }
  if (!backends.items.empty()) section.blocks.push_back(std::move(backends));
  std::vector<std::size_t> build;
  for (std::size_t i = 0; i < scan.requirements.size(); ++i) {
    if (scan.requirements[i].declared.scope == Scope::Build) build.push_back(i);
  }
  if (build.empty()) section.blocks.push_back(Paragraph{"No build-system requirements are declared."});
  else section.blocks.push_back(requirement_table(scan, build, false));

  for (std::size_t s = 0; s < scan.setup_scripts.size(); ++s) {
    const auto& script = scan.setup_scripts[s];
    const auto& setup = script.setup;
    if (setup.extensions.empty() && setup.checks.empty()) continue;
    Section file{fmt::format("Native extensions of `{}`", script.path), {}, {}};
    Table table{{{"Extension"}, {"Kind"}, {"Defined at"}, {"C++ standard"}, {"Needs"}, {"GPU targets"}, {"Sources", Align::Right}}, {}};
    for (std::size_t e = 0; e < setup.extensions.size(); ++e) {
      const auto& ext = setup.extensions[e];
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
      bool torch = ext.kind == "CUDAExtension" || ext.kind == "CppExtension";
      std::string needs = join({torch ? "torch (cpp_extension)" : "", cuda ? "CUDA toolkit with nvcc" : "", "a C++ compiler"});
      table.rows.push_back({ext.name.empty() ? "(unnamed)" : ext.name, ext.kind, fmt::format("{}:{}", script.path, ext.at.line),
                            standards.empty() ? "-" : join(standards), needs, targets.empty() ? "-" : join(targets),
                            std::to_string(ext.sources.size())});
      table.row_ids.push_back(extension_row(s, e));
    }
    if (!table.rows.empty()) file.blocks.push_back(std::move(table));
    for (const auto& ext : setup.extensions) {
      KeyValues details;
      details.items.push_back({"Sources", ext.sources.empty() ? "none read statically" : join(ext.sources)});
      std::vector<std::string> cxx, nvcc;
      for (const auto& flag : ext.cxx_flags) cxx.push_back(flag.text + (flag.conditional ? " (conditional)" : ""));
      for (const auto& flag : ext.nvcc_flags) nvcc.push_back(flag.text + (flag.conditional ? " (conditional)" : ""));
      if (!cxx.empty()) details.items.push_back({"C++ flags", join(cxx, " ")});
      if (!nvcc.empty()) details.items.push_back({"nvcc flags", join(nvcc, " ")});
      std::vector<std::string> archs;
      for (const auto& arch : ext.archs) {
        archs.push_back(fmt::format("{} at {}:{}{}", join(arch.codes, "+"), script.path, arch.at.line,
                                    arch.conditional ? " (conditional)" : ""));
      }
      if (!archs.empty()) details.items.push_back({"GPU archs", join(archs, "; ")});
      if (!ext.include_dirs.empty()) details.items.push_back({"Include folders", join(ext.include_dirs)});
      if (!ext.libraries.empty()) details.items.push_back({"Libraries", join(ext.libraries)});
      file.subsections.push_back(Section{fmt::format("`{}`", ext.name.empty() ? "(unnamed)" : ext.name), {std::move(details)}, {}});
    }
    if (!setup.checks.empty()) {
      Table checks{{{"Toolkit check"}, {"Where"}, {"Code", Align::Left, true}, {"Fails with"}}, {}};
      for (const auto& check : setup.checks) {
        checks.rows.push_back({project::python::to_string(check.kind), fmt::format("{}:{}", script.path, check.at.line),
                               check.code, check.message.empty() ? "-" : check.message});
      }
      file.subsections.push_back(Section{"Toolkit checks the build makes", {std::move(checks)}, {}});
    }
    section.subsections.push_back(std::move(file));
  }
  if (section.subsections.empty()) section.blocks.push_back(Paragraph{"No setup.py defines a native extension."});
  return section;
}

Section features_section(const check::Analysis& a) {
  const auto& scan = a.scan;
  const auto& code = a.code.analysis;
  Section section{"Optional features", {}, {}, "features"};
  // Extras and groups, one row each: what a user gets with `pip install .[name]`.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> extras;
  for (std::size_t i = 0; i < scan.requirements.size(); ++i) {
    const auto& r = scan.requirements[i];
    if (r.manifest >= scan.manifests.size() || !scan.manifests[r.manifest].stack.empty()) continue;
    if (r.declared.scope != Scope::Extra && r.declared.scope != Scope::Group) continue;
    std::string key = fmt::format("{} ({})", group_title(r.declared), scan.manifests[r.manifest].path);
    auto it = std::find_if(extras.begin(), extras.end(), [&](const auto& e) { return e.first == key; });
    if (it == extras.end()) extras.push_back({key, {i}});
    else it->second.push_back(i);
  }
  if (!extras.empty()) {
    Table table{{{"Extra or group"}, {"Dependencies", Align::Left, true}, {"Declared at"}}, {}};
    for (const auto& [key, indices] : extras) {
      std::vector<std::string> deps, where;
      for (std::size_t i : indices) {
        const auto& r = scan.requirements[i];
        deps.push_back(package_text(r) + (r.specifier.empty() ? "" : r.specifier));
        where.push_back(r.declared.origin.to_string());
      }
      table.rows.push_back({key, join(deps), where.front()});
      table.row_ids.push_back(requirement_row(indices.front()));
    }
    section.subsections.push_back(Section{"Extras and dependency groups", {std::move(table)}, {}});
  }
  if (!code.flag_guards.empty()) {
    Table flags{{{"Flag"}, {"Guards import"}, {"Distribution"}, {"Where"}}, {}};
    for (const auto& g : code.flag_guards) {
      std::string distribution = "-";
      for (const auto& tp : code.third_party) {
        const std::string& name = tp.import_name;
        if (g.import.module == name || g.import.module.starts_with(name + ".")) distribution = tp.distribution.distribution;
      }
      flags.rows.push_back({g.flag, g.import.module, distribution, fmt::format("{}:{}", g.file, g.import.line)});
    }
    section.subsections.push_back(Section{"Command-line flags and the imports they switch on", {std::move(flags)}, {}});
  }
  Table optional{{{"Import"}, {"Distribution"}, {"How"}, {"First seen"}}, {}};
  for (const auto& tp : code.third_party) {
    if (tp.required_at_import() || tp.sites.empty()) continue;
    const auto& site = tp.sites.front();
    std::string how = tp.only_optional()            ? "inside try/except ImportError"
                      : site.record.lazy            ? "inside a function"
                      : !site.record.guards().empty() ? "under `if " + join(site.record.guards(), " and ") + "`"
                                                    : "conditional";
    optional.rows.push_back({tp.import_name, tp.distribution.distribution, how,
                             fmt::format("{}:{}", site.file, site.record.line)});
  }
  if (!optional.rows.empty()) section.subsections.push_back(Section{"Imports that run only sometimes", {std::move(optional)}, {}});
  if (section.subsections.empty())
    section.blocks.push_back(Paragraph{"No extras, dependency groups, flag-guarded or optional imports were found."});
  return section;
}

}  // namespace mlstack::report::detail

// SPDX-License-Identifier: MIT
// [tool.poetry]: dependencies in Poetry's own language, translated to PEP 508.
#include <map>
#include <set>

#include <fmt/format.h>

#include "pep/name.h"
#include "project/manifest/detail/pyproject_tables.h"
#include "project/manifest/poetry_constraint.h"

namespace mlstack::project::detail {
namespace {

// "a or b" needs parentheses before it is joined with "and".
std::string grouped(const std::string& marker) {
  return marker.find(" or ") != std::string::npos ? "(" + marker + ")" : marker;
}

struct PoetryContext {
  const TomlDocument& doc;
  Manifest& manifest;
  std::map<std::string, std::vector<std::string>> extras_of;  // canonical dep name -> extras naming it
};

// One dependency table entry ({version, python, markers, git, ...}) or a
// bare constraint string, as a DeclaredRequirement.
void add_dependency(PoetryContext& context, const toml::key& key, const toml::node& value,
                    bool alternative, Scope scope, const std::string& group, bool group_optional) {
  const TomlDocument& doc = context.doc;
  std::string name(key.str());
  DeclaredRequirement requirement;
  requirement.name = name;
  requirement.scope = scope;
  requirement.group = group;
  requirement.optional = group_optional;
  std::string where = group.empty() ? std::string() : "group " + group;
  if (alternative) {
    // One alternative of a multiple-constraint list: point at it.
    requirement.origin = doc.origin(value, where);
    requirement.raw = name + " = " + doc.slice(value.source().begin, value.source().end);
  } else {
    requirement.origin = doc.origin(key.source().begin, where);
    requirement.raw = doc.slice(key.source().begin, value.source().end);
  }
  if (requirement.raw.empty()) requirement.raw = name;

  std::string extras;
  std::string specifier;
  std::string url;
  std::vector<std::string> markers;
  auto translate = [&](const std::string& constraint, const toml::node& at) {
    auto pep = poetry_to_pep440(constraint);
    if (!pep) {
      requirement.notes.push_back(pep.error());
      context.manifest.findings.push_back(
          Finding{"scan.poetry-constraint", Severity::Warning, pep.error(), {doc.origin(at)}, {}, {}});
      return;
    }
    specifier = *pep;
  };

  if (auto constraint = value.value<std::string>()) {
    translate(*constraint, value);
  } else if (const toml::table* table = value.as_table()) {
    if (auto version = table->get("version")) translate(string_of(version), *version);
    if (auto git = string_of(table->get("git")); !git.empty()) {
      url = git.starts_with("git+") ? git : "git+" + git;
      for (const char* ref : {"rev", "tag", "branch"}) {
        if (auto r = string_of(table->get(ref)); !r.empty()) url += "@" + r;
      }
      if (auto sub = string_of(table->get("subdirectory")); !sub.empty()) url += "#subdirectory=" + sub;
    } else if (auto direct = string_of(table->get("url")); !direct.empty()) {
      url = direct;
    } else if (auto path = string_of(table->get("path")); !path.empty()) {
      requirement.form = RequirementForm::Path;
      requirement.editable = table->get("develop") && table->get("develop")->value<bool>().value_or(false);
      requirement.text = path;
    }
    if (auto python = string_of(table->get("python")); !python.empty()) {
      auto marker = poetry_python_to_marker(python);
      if (marker) {
        if (!marker->empty()) markers.push_back(grouped(*marker));
      } else {
        requirement.notes.push_back(marker.error());
      }
    }
    if (auto platform = string_of(table->get("platform")); !platform.empty()) {
      markers.push_back(fmt::format("sys_platform == \"{}\"", platform));
    }
    if (auto marker = string_of(table->get("markers")); !marker.empty()) markers.push_back(grouped(marker));
    if (const toml::array* list = (*table)["extras"].as_array()) {
      for (const toml::node& extra : *list) {
        if (!extras.empty()) extras += ",";
        extras += string_of(&extra);
      }
    }
    if (table->get("optional") && table->get("optional")->value<bool>().value_or(false)) requirement.optional = true;
    requirement.source = string_of(table->get("source"));
    if (table->get("allow-prereleases") && table->get("allow-prereleases")->value<bool>().value_or(false)) {
      requirement.notes.push_back("allows pre-releases");
    }
  } else {
    schema_error(context.manifest, doc, value,
                 fmt::format("dependency `{}` must be a string, a table or an array of tables", name));
    return;
  }

  if (requirement.form != RequirementForm::Path) {
    std::string text = name;
    if (!extras.empty()) text += "[" + extras + "]";
    if (!url.empty()) text += " @ " + url + (markers.empty() ? "" : " ");
    else text += specifier;
    requirement.text = text;
  }
  for (std::size_t i = 0; i < markers.size(); ++i) requirement.text += (i == 0 ? "; " : " and ") + markers[i];

  // An optional main dependency is installed only through the extras naming it.
  auto extras_it = context.extras_of.find(pep::canonicalize_name(name));
  if (scope == Scope::Runtime && requirement.optional && extras_it != context.extras_of.end()) {
    for (const auto& extra : extras_it->second) {
      DeclaredRequirement copy = requirement;
      copy.scope = Scope::Extra;
      copy.group = extra;
      copy.origin.context = "extra " + extra;
      context.manifest.requirements.push_back(std::move(copy));
    }
    return;
  }
  if (scope == Scope::Runtime && requirement.optional) {
    requirement.notes.push_back("optional, and no [tool.poetry.extras] entry names it");
  }
  context.manifest.requirements.push_back(std::move(requirement));
}

void read_dependency_table(PoetryContext& context, const toml::node* node, Scope scope, const std::string& group,
                           bool group_optional) {
  if (node == nullptr) return;
  const toml::table* table = node->as_table();
  if (table == nullptr) {
    schema_error(context.manifest, context.doc, *node, "Poetry dependencies must be a table");
    return;
  }
  for (auto&& [key, value] : *table) {
    if (scope == Scope::Runtime && key.str() == "python") {
      std::string python = string_of(&value);
      if (python.empty()) python = string_of(value.as_table() ? value.as_table()->get("version") : nullptr);
      auto pep = poetry_to_pep440(python);
      context.manifest.requires_python =
          DeclaredValue{pep ? *pep : python, context.doc.origin(key.source().begin)};
      continue;
    }
    if (const toml::array* alternatives = value.as_array()) {
      // Multiple-constraint dependency: one requirement per alternative, each with its own markers.
      for (const toml::node& alternative : *alternatives) {
        add_dependency(context, key, alternative, true, scope, group, group_optional);
      }
      continue;
    }
    add_dependency(context, key, value, false, scope, group, group_optional);
  }
}

void read_sources(const toml::node* node, const TomlDocument& doc, Manifest& manifest) {
  const toml::array* sources = node ? node->as_array() : nullptr;
  if (sources == nullptr) return;
  for (const toml::node& element : *sources) {
    const toml::table* source = element.as_table();
    if (source == nullptr) continue;
    IndexEntry entry;
    entry.name = string_of(source->get("name"));
    entry.url = string_of(source->get("url"));
    entry.priority = string_of(source->get("priority"));
    // Poetry < 1.5 spelled priorities as booleans.
    if (entry.priority.empty() && source->get("default") && source->get("default")->value<bool>().value_or(false)) {
      entry.priority = "default";
    }
    if (entry.priority.empty() && source->get("secondary") &&
        source->get("secondary")->value<bool>().value_or(false)) {
      entry.priority = "secondary";
    }
    if (entry.priority.empty()) entry.priority = "primary";
    entry.kind = entry.priority == "primary" || entry.priority == "default" ? IndexEntry::Kind::IndexUrl
                                                                            : IndexEntry::Kind::ExtraIndexUrl;
    entry.origin = doc.origin(element);
    manifest.indexes.push_back(std::move(entry));
  }
}

}  // namespace

void read_poetry(const toml::table& poetry, const TomlDocument& doc, Manifest& manifest) {
  if (!manifest.name) {
    if (const toml::node* name = poetry.get("name"); name && name->is_string()) {
      manifest.name = DeclaredValue{string_of(name), doc.origin(*name)};
    }
  }
  PoetryContext context{doc, manifest, {}};
  if (const toml::table* extras = poetry["extras"].as_table()) {
    for (auto&& [extra, packages] : *extras) {
      if (const toml::array* list = packages.as_array()) {
        for (const toml::node& package : *list) {
          context.extras_of[pep::canonicalize_name(string_of(&package))].emplace_back(extra.str());
        }
      }
    }
  }
  read_dependency_table(context, poetry.get("dependencies"), Scope::Runtime, {}, false);
  read_dependency_table(context, poetry.get("dev-dependencies"), Scope::Group, "dev", false);
  if (const toml::table* groups = poetry["group"].as_table()) {
    for (auto&& [name, group] : *groups) {
      const toml::table* table = group.as_table();
      if (table == nullptr) continue;
      bool optional = table->get("optional") && table->get("optional")->value<bool>().value_or(false);
      read_dependency_table(context, table->get("dependencies"), Scope::Group, std::string(name.str()), optional);
    }
  }
  read_sources(poetry.get("source"), doc, manifest);
  // Route packages to their named sources.
  for (auto& index : manifest.indexes) {
    for (const auto& requirement : manifest.requirements) {
      if (!index.name.empty() && requirement.source == index.name &&
          std::find(index.packages.begin(), index.packages.end(), requirement.name) == index.packages.end()) {
        index.packages.push_back(requirement.name);
      }
    }
  }
  if (const toml::table* scripts = poetry["scripts"].as_table()) {
    for (auto&& [key, value] : *scripts) {
      std::string target = string_of(&value);
      if (target.empty() && value.as_table()) {
        target = string_of(value.as_table()->get("reference"));
        if (target.empty()) target = string_of(value.as_table()->get("callable"));
      }
      manifest.entry_points.push_back({"console_scripts", std::string(key.str()), target, doc.origin(key.source().begin)});
    }
  }
  if (const toml::table* plugins = poetry["plugins"].as_table()) {
    for (auto&& [group, entries] : *plugins) {
      if (const toml::table* table = entries.as_table()) {
        for (auto&& [key, value] : *table) {
          manifest.entry_points.push_back(
              {std::string(group.str()), std::string(key.str()), string_of(&value), doc.origin(key.source().begin)});
        }
      }
    }
  }
}

}  // namespace mlstack::project::detail

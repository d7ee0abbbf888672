// SPDX-License-Identifier: MIT
#include "project/manifest/pyproject.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "project/manifest/detail/pyproject_tables.h"
#include "project/manifest/detail/text.h"

namespace mlstack::project {
namespace detail {

void schema_error(Manifest& manifest, const TomlDocument& doc, const toml::node& node, std::string message) {
  manifest.findings.push_back(input_error("input.pyproject-schema", std::move(message), doc.origin(node)));
}

void read_requirement_array(const toml::node* node, const TomlDocument& doc, Scope scope, const std::string& group,
                            const std::string& context, Manifest& manifest) {
  if (node == nullptr) return;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    schema_error(manifest, doc, *node, fmt::format("`{}` must be an array of requirement strings", context));
    return;
  }
  for (const toml::node& element : *array) {
    auto value = element.value<std::string>();
    if (!value) {
      schema_error(manifest, doc, element, fmt::format("`{}` holds a value that is not a string", context));
      continue;
    }
    DeclaredRequirement requirement;
    requirement.raw = *value;
    requirement.text = *value;
    requirement.form = classify_requirement_text(*value);
    requirement.scope = scope;
    requirement.group = group;
    requirement.origin = doc.origin(element, context);
    manifest.requirements.push_back(std::move(requirement));
  }
}

}  // namespace detail

namespace {

using detail::TomlDocument;

void read_entry_points(const toml::node* node, const std::string& group, const TomlDocument& doc,
                       Manifest& manifest) {
  const toml::table* table = node ? node->as_table() : nullptr;
  if (table == nullptr) return;
  for (auto&& [key, value] : *table) {
    EntryPoint entry{group, std::string(key.str()), detail::string_of(&value), doc.origin(key.source().begin)};
    manifest.entry_points.push_back(std::move(entry));
  }
}

void read_project(const toml::table& project, const TomlDocument& doc, Manifest& manifest) {
  if (auto name = project["name"].value<std::string>()) {
    manifest.name = DeclaredValue{*name, doc.origin(*project.get("name"))};
  }
  if (const toml::node* python = project.get("requires-python")) {
    if (auto text = python->value<std::string>()) manifest.requires_python = DeclaredValue{*text, doc.origin(*python)};
    else detail::schema_error(manifest, doc, *python, "`project.requires-python` must be a string");
  }
  detail::read_requirement_array(project.get("dependencies"), doc, Scope::Runtime, {}, "project.dependencies",
                                 manifest);
  if (const toml::node* optional = project.get("optional-dependencies")) {
    if (const toml::table* extras = optional->as_table()) {
      for (auto&& [extra, value] : *extras) {
        std::string name(extra.str());
        detail::read_requirement_array(&value, doc, Scope::Extra, name, "extra " + name, manifest);
      }
    } else {
      detail::schema_error(manifest, doc, *optional, "`project.optional-dependencies` must be a table");
    }
  }
  if (const toml::array* dynamic = project["dynamic"].as_array()) {
    for (const toml::node& field : *dynamic) {
      std::string text = detail::string_of(&field);
      if (text == "dependencies" || text == "optional-dependencies") {
        manifest.findings.push_back(Finding{
            "scan.dynamic-dependencies", Severity::Info,
            fmt::format("`{}` is dynamic: the build backend fills it (e.g. from setup.py or "
                        "[tool.setuptools.dynamic]), so this file does not list it",
                        text),
            {doc.origin(field)}, {}, {}});
      }
    }
  }
  read_entry_points(project.get("scripts"), "console_scripts", doc, manifest);
  read_entry_points(project.get("gui-scripts"), "gui_scripts", doc, manifest);
  if (const toml::table* groups = project["entry-points"].as_table()) {
    for (auto&& [group, value] : *groups) read_entry_points(&value, std::string(group.str()), doc, manifest);
  }
}

// PEP 735: a group is a list of requirement strings and {include-group = "x"}.
class DependencyGroups {
 public:
  DependencyGroups(const toml::table& groups, const TomlDocument& doc, Manifest& manifest)
      : m_groups(groups), m_doc(doc), m_manifest(manifest) {}

  void read() {
    for (auto&& [name, value] : m_groups) {
      std::vector<std::string> stack;
      std::set<std::string> included;
      add(std::string(name.str()), std::string(name.str()), stack, included);
    }
  }

 private:
  // Guards against hostile files: an include chain deeper than any real one
  // (recursion), and includes that multiply (a group that includes the next
  // twice, sixteen times over) within the budget of requirements one file
  // may expand to. A group already included into `into` adds nothing again.
  static constexpr std::size_t k_max_depth = 64;
  static constexpr std::size_t k_max_expanded = 10000;

  void add(const std::string& group, const std::string& into, std::vector<std::string>& stack,
           std::set<std::string>& included) {
    const toml::node* node = m_groups.get(group);
    if (node == nullptr) return;
    if (!included.insert(group).second) return;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      if (stack.empty()) detail::schema_error(m_manifest, m_doc, *node, fmt::format("dependency group `{}` must be an array", group));
      return;
    }
    stack.push_back(group);
    for (const toml::node& element : *array) {
      if (auto text = element.value<std::string>()) {
        if (++m_expanded > k_max_expanded) {
          if (!m_over_budget) {
            m_over_budget = true;
            m_manifest.findings.push_back(input_error(
                "input.expansion-limit",
                fmt::format("dependency groups expand to more than {} requirements through include-group; the rest "
                            "are not read",
                            k_max_expanded),
                m_doc.origin(element)));
          }
          break;
        }
        DeclaredRequirement requirement;
        requirement.raw = *text;
        requirement.text = *text;
        requirement.form = detail::classify_requirement_text(*text);
        requirement.scope = Scope::Group;
        requirement.group = into;
        requirement.origin = m_doc.origin(element, group == into ? "group " + into
                                                                 : fmt::format("group {} (from {})", into, group));
        m_manifest.requirements.push_back(std::move(requirement));
      } else if (const toml::table* table = element.as_table()) {
        std::string include = detail::string_of(table->get("include-group"));
        if (include.empty()) {
          if (stack.size() == 1) detail::schema_error(m_manifest, m_doc, element, fmt::format("dependency group `{}` holds a table without `include-group`", group));
          continue;
        }
        if (std::find(stack.begin(), stack.end(), include) != stack.end()) {
          Origin at = m_doc.origin(element);
          if (m_reported.insert(at.to_string()).second) {
            m_manifest.findings.push_back(input_error(
                "input.dependency-group-cycle",
                fmt::format("dependency group `{}` includes `{}`, which includes it back", group, include), at));
          }
          continue;
        }
        if (m_groups.get(include) == nullptr) {
          m_manifest.findings.push_back(input_error(
              "input.dependency-group-missing",
              fmt::format("dependency group `{}` includes `{}`, which does not exist", group, include),
              m_doc.origin(element)));
          continue;
        }
        if (stack.size() >= k_max_depth) {
          Origin at = m_doc.origin(element);
          if (!m_too_deep) {  // once per file: a 10,000-deep chain trips it from every group
            m_too_deep = true;
            m_manifest.findings.push_back(input_error(
                "input.nesting-limit",
                fmt::format("dependency group `{}` includes `{}` more than {} levels deep; not followed", into, include,
                            k_max_depth),
                at));
          }
          continue;
        }
        add(include, into, stack, included);
      } else if (stack.size() == 1) {
        detail::schema_error(m_manifest, m_doc, element, fmt::format("dependency group `{}` holds a value that is neither a string nor a table", group));
      }
    }
    stack.pop_back();
  }

  const toml::table& m_groups;
  const TomlDocument& m_doc;
  Manifest& m_manifest;
  std::set<std::string> m_reported;  // a cycle is met once from each group on it
  std::size_t m_expanded = 0;
  bool m_over_budget = false;
  bool m_too_deep = false;
};

void read_build_system(const toml::table& build, const TomlDocument& doc, Manifest& manifest) {
  detail::read_requirement_array(build.get("requires"), doc, Scope::Build, {}, "build-system", manifest);
  manifest.build_backend = detail::string_of(build.get("build-backend"));
}

}  // namespace

Manifest parse_pyproject(std::string_view text, const std::string& path) {
  Manifest manifest;
  manifest.path = path;
  manifest.kind = ManifestKind::Pyproject;
  TomlDocument doc(text, path);
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    manifest.findings.push_back(input_error("input.toml-syntax",
                                            fmt::format("invalid TOML: {}", error.description()),
                                            Origin::file(path, begin.line, begin.column)));
    return manifest;
  }
  if (const toml::table* project = root["project"].as_table()) read_project(*project, doc, manifest);
  if (const toml::table* groups = root["dependency-groups"].as_table()) {
    DependencyGroups(*groups, doc, manifest).read();
  }
  if (const toml::table* build = root["build-system"].as_table()) read_build_system(*build, doc, manifest);
  if (const toml::table* poetry = root["tool"]["poetry"].as_table()) detail::read_poetry(*poetry, doc, manifest);
  if (const toml::table* uv = root["tool"]["uv"].as_table()) detail::read_uv(*uv, doc, manifest);
  if (const toml::table* pdm = root["tool"]["pdm"].as_table()) detail::read_pdm(*pdm, doc, manifest);
  return manifest;
}

bool looks_like_pyproject(std::string_view text) {
  try {
    toml::table root = toml::parse(text);
    return root.contains("project") || root["tool"]["poetry"].is_table() || root.contains("build-system");
  } catch (const toml::parse_error&) {
    return false;
  }
}

}  // namespace mlstack::project

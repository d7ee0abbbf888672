// SPDX-License-Identifier: MIT
// [tool.uv] and [tool.pdm]: indexes, per-package sources and dev groups.
#include <fmt/format.h>

#include "pep/name.h"
#include "project/manifest/detail/pyproject_tables.h"

namespace mlstack::project::detail {
namespace {

bool flag(const toml::table& table, const char* key) {
  const toml::node* node = table.get(key);
  return node != nullptr && node->value<bool>().value_or(false);
}

void add_index_url(const toml::node* node, IndexEntry::Kind kind, const TomlDocument& doc, Manifest& manifest) {
  if (node == nullptr) return;
  auto add = [&](const toml::node& value) {
    if (auto url = value.value<std::string>()) {
      IndexEntry entry;
      entry.kind = kind;
      entry.url = *url;
      entry.origin = doc.origin(value);
      manifest.indexes.push_back(std::move(entry));
    }
  };
  if (const toml::array* array = node->as_array()) {
    for (const toml::node& value : *array) add(value);
  } else {
    add(*node);
  }
}

// Notes which package a uv source routes where: an index name, or a git/url/path.
void read_uv_source(const std::string& package, const toml::table& source, Manifest& manifest) {
  std::string index = string_of(source.get("index"));
  std::string where = !index.empty()                             ? index
                      : !string_of(source.get("git")).empty()  ? "git " + string_of(source.get("git"))
                      : !string_of(source.get("url")).empty()  ? "url " + string_of(source.get("url"))
                      : !string_of(source.get("path")).empty() ? "path " + string_of(source.get("path"))
                                                                 : std::string();
  if (where.empty()) return;
  std::string canonical = pep::canonicalize_name(package);
  for (auto& requirement : manifest.requirements) {
    std::string_view text = requirement.text;
    std::size_t end = text.find_first_of(" [<>=!~;@(");
    if (pep::canonicalize_name(text.substr(0, end)) != canonical) continue;
    if (requirement.source.empty()) requirement.source = where;
    else if (requirement.source.find(where) == std::string::npos) requirement.source += ", " + where;
  }
  for (auto& entry : manifest.indexes) {
    if (!index.empty() && entry.name == index &&
        std::find(entry.packages.begin(), entry.packages.end(), package) == entry.packages.end()) {
      entry.packages.push_back(package);
    }
  }
}

}  // namespace

void read_uv(const toml::table& uv, const TomlDocument& doc, Manifest& manifest) {
  if (const toml::array* indexes = uv["index"].as_array()) {
    for (const toml::node& element : *indexes) {
      const toml::table* index = element.as_table();
      if (index == nullptr) continue;
      IndexEntry entry;
      entry.name = string_of(index->get("name"));
      entry.url = string_of(index->get("url"));
      entry.priority = flag(*index, "explicit") ? "explicit" : flag(*index, "default") ? "default" : "";
      entry.kind = flag(*index, "default") ? IndexEntry::Kind::IndexUrl : IndexEntry::Kind::ExtraIndexUrl;
      entry.origin = doc.origin(element);
      manifest.indexes.push_back(std::move(entry));
    }
  }
  add_index_url(uv.get("index-url"), IndexEntry::Kind::IndexUrl, doc, manifest);
  add_index_url(uv.get("extra-index-url"), IndexEntry::Kind::ExtraIndexUrl, doc, manifest);
  add_index_url(uv.get("find-links"), IndexEntry::Kind::FindLinks, doc, manifest);
  read_requirement_array(uv.get("dev-dependencies"), doc, Scope::Group, "dev", "tool.uv.dev-dependencies", manifest);
  read_requirement_array(uv.get("constraint-dependencies"), doc, Scope::Constraint, "uv constraint",
                         "tool.uv.constraint-dependencies", manifest);
  read_requirement_array(uv.get("override-dependencies"), doc, Scope::Constraint, "uv override",
                         "tool.uv.override-dependencies", manifest);
  if (const toml::table* sources = uv["sources"].as_table()) {
    for (auto&& [package, value] : *sources) {
      if (const toml::table* source = value.as_table()) {
        read_uv_source(std::string(package.str()), *source, manifest);
      } else if (const toml::array* list = value.as_array()) {
        for (const toml::node& element : *list) {
          if (const toml::table* entry = element.as_table()) read_uv_source(std::string(package.str()), *entry, manifest);
        }
      } else {
        schema_error(manifest, doc, value, fmt::format("uv source for `{}` must be a table", package.str()));
      }
    }
  }
}

void read_pdm(const toml::table& pdm, const TomlDocument& doc, Manifest& manifest) {
  if (const toml::table* groups = pdm["dev-dependencies"].as_table()) {
    for (auto&& [group, value] : *groups) {
      std::string name(group.str());
      read_requirement_array(&value, doc, Scope::Group, name, "group " + name, manifest);
    }
  }
  if (const toml::array* sources = pdm["source"].as_array()) {
    for (const toml::node& element : *sources) {
      const toml::table* source = element.as_table();
      if (source == nullptr) continue;
      IndexEntry entry;
      entry.name = string_of(source->get("name"));
      entry.url = string_of(source->get("url"));
      std::string type = string_of(source->get("type"));
      entry.kind = type == "find_links" ? IndexEntry::Kind::FindLinks
                   : entry.name == "pypi" ? IndexEntry::Kind::IndexUrl
                                          : IndexEntry::Kind::ExtraIndexUrl;
      entry.origin = doc.origin(element);
      manifest.indexes.push_back(std::move(entry));
    }
  }
}

}  // namespace mlstack::project::detail

// SPDX-License-Identifier: MIT
#include "project/lock/lock_file.h"

#include <span>

#include <toml++/toml.h>

#include <fmt/format.h>

#include "core/mapped_file.h"

namespace mlstack::project {
namespace {

std::string file_name_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::size_t line_of(const toml::node& node) { return node.source().begin.line; }

std::string string_at(const toml::table& table, std::string_view key) {
  if (auto value = table[key].value<std::string>()) return *value;
  return {};
}

const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: case toml::node_type::time: case toml::node_type::date_time: return "a date or time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::none: break;
  }
  return "a value";
}

// The fields a lock format defines and the type each must have: a field of
// another type is an error at its line, not a value read as missing in
// silence (a hostile or hand-broken lock must not pass as a clean one).
struct FieldType {
  std::string_view key;
  toml::node_type type;
  toml::node_type also = toml::node_type::none;  // a second form the format allows
};

constexpr FieldType k_uv_fields[] = {
    {"name", toml::node_type::string},          {"version", toml::node_type::string},
    {"source", toml::node_type::table},         {"resolution-markers", toml::node_type::array},
    {"wheels", toml::node_type::array},         {"sdist", toml::node_type::table},
    {"dependencies", toml::node_type::array},   {"optional-dependencies", toml::node_type::table},
    {"dev-dependencies", toml::node_type::table}, {"metadata", toml::node_type::table}};
constexpr FieldType k_poetry_fields[] = {
    {"name", toml::node_type::string},     {"version", toml::node_type::string},
    {"source", toml::node_type::table},    {"groups", toml::node_type::array},
    {"category", toml::node_type::string},
    // Poetry 2 writes `markers = {main = "...", dev = "..."}` when groups differ.
    {"markers", toml::node_type::string, toml::node_type::table},
    {"files", toml::node_type::array},     {"dependencies", toml::node_type::table},
    {"extras", toml::node_type::table},    {"optional", toml::node_type::boolean}};
constexpr FieldType k_pylock_fields[] = {
    {"name", toml::node_type::string},      {"version", toml::node_type::string},
    {"marker", toml::node_type::string},    {"vcs", toml::node_type::table},
    {"directory", toml::node_type::table},  {"index", toml::node_type::string},
    {"wheels", toml::node_type::array},     {"sdist", toml::node_type::table},
    {"archive", toml::node_type::table},    {"dependencies", toml::node_type::array},
    {"requires-python", toml::node_type::string}};
constexpr FieldType k_uv_top[] = {{"version", toml::node_type::integer}, {"revision", toml::node_type::integer},
                                  {"requires-python", toml::node_type::string},
                                  {"resolution-markers", toml::node_type::array},
                                  {"manifest", toml::node_type::table}, {"options", toml::node_type::table}};
constexpr FieldType k_poetry_top[] = {{"metadata", toml::node_type::table}};
constexpr FieldType k_pylock_top[] = {{"lock-version", toml::node_type::string},
                                      {"requires-python", toml::node_type::string},
                                      {"environments", toml::node_type::array},
                                      {"created-by", toml::node_type::string}};

const char* expected_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "another type";
  }
}

// The last path segment of a URL: wheel and sdist names.
std::string url_file_name(std::string_view url) {
  std::size_t end = url.find_first_of("#?");
  if (end != std::string_view::npos) url = url.substr(0, end);
  std::size_t slash = url.rfind('/');
  return std::string(slash == std::string_view::npos ? url : url.substr(slash + 1));
}

void add_error(LockFile& lock, std::string rule, std::string message, std::size_t line) {
  lock.findings.push_back(Finding{std::move(rule), Severity::Error, std::move(message),
                                  {Origin::file(lock.path, line)}, {}, {}});
}

void check_types(LockFile& lock, const toml::table& table, std::span<const FieldType> fields, std::string_view where) {
  for (const FieldType& field : fields) {
    const toml::node* node = table.get(field.key);
    if (node == nullptr || node->type() == field.type || node->type() == field.also) continue;
    std::string expected = expected_name(field.type);
    if (field.also != toml::node_type::none) expected += fmt::format(" or {}", expected_name(field.also));
    add_error(lock, "input.lock-type",
              fmt::format("{}`{}` must be {}, not {}; not read", where, field.key, expected, type_name(*node)),
              line_of(*node));
  }
}

// `source = { registry = "..." }` / `{ git = "..." }` / `{ editable = "." }` / `{ path = "..." }`.
std::string uv_source(const toml::table& package) {
  const toml::table* source = package["source"].as_table();
  if (!source) return {};
  for (const char* kind : {"registry", "git", "url", "path", "directory", "editable", "virtual"}) {
    if (auto value = (*source)[kind].value<std::string>()) return fmt::format("{} {}", kind, *value);
  }
  return {};
}

void read_uv_package(LockFile& lock, const toml::table& package) {
  check_types(lock, package, k_uv_fields, "[[package]] ");
  LockedPackage entry;
  entry.line = line_of(package);
  entry.name = string_at(package, "name");
  entry.version = string_at(package, "version");
  entry.source = uv_source(package);
  if (const toml::array* markers = package["resolution-markers"].as_array()) {
    for (const auto& marker : *markers) {
      if (auto text = marker.value<std::string>()) entry.markers.push_back(*text);
    }
  }
  if (const toml::array* wheels = package["wheels"].as_array()) {
    for (const auto& wheel : *wheels) {
      if (const toml::table* w = wheel.as_table()) {
        std::string url = string_at(*w, "url");
        if (url.empty()) url = string_at(*w, "path");
        if (!url.empty()) entry.wheels.push_back(url_file_name(url));
      }
    }
  }
  entry.has_sdist = package.contains("sdist");
  if (entry.name.empty()) {
    add_error(lock, "input.lock-entry", "[[package]] entry has no name", entry.line);
    return;
  }
  lock.packages.push_back(std::move(entry));
}

void read_poetry_package(LockFile& lock, const toml::table& package) {
  check_types(lock, package, k_poetry_fields, "[[package]] ");
  LockedPackage entry;
  entry.line = line_of(package);
  entry.name = string_at(package, "name");
  entry.version = string_at(package, "version");
  if (const toml::table* source = package["source"].as_table()) {
    std::string type = string_at(*source, "type");
    std::string url = string_at(*source, "url");
    entry.source = type.empty() ? url : fmt::format("{} {}", type, url);
  } else {
    entry.source = "registry https://pypi.org/simple";
  }
  if (const toml::array* groups = package["groups"].as_array()) {
    for (const auto& group : *groups) {
      if (auto text = group.value<std::string>()) entry.groups.push_back(*text);
    }
  } else if (auto category = package["category"].value<std::string>()) {
    entry.groups.push_back(*category);  // lock-version 1.x spelled groups as category
  }
  if (auto marker = package["markers"].value<std::string>()) {
    entry.markers.push_back(*marker);
  } else if (const toml::table* by_group = package["markers"].as_table()) {
    // One marker per group: the package is installed where any of them holds.
    for (const auto& [group, group_marker] : *by_group) {
      if (auto text = group_marker.value<std::string>()) entry.markers.push_back(*text);
    }
  }
  if (const toml::array* files = package["files"].as_array()) {
    for (const auto& file : *files) {
      if (const toml::table* f = file.as_table()) {
        std::string name = string_at(*f, "file");
        if (name.ends_with(".whl")) entry.wheels.push_back(std::move(name));
        else if (!name.empty()) entry.has_sdist = true;
      }
    }
  }
  if (entry.name.empty() || entry.version.empty()) {
    add_error(lock, "input.lock-entry", "[[package]] entry needs both name and version", entry.line);
    return;
  }
  lock.packages.push_back(std::move(entry));
}

void read_pylock_package(LockFile& lock, const toml::table& package) {
  check_types(lock, package, k_pylock_fields, "[[packages]] ");
  LockedPackage entry;
  entry.line = line_of(package);
  entry.name = string_at(package, "name");
  entry.version = string_at(package, "version");
  if (auto marker = package["marker"].value<std::string>()) entry.markers.push_back(*marker);
  if (const toml::table* vcs = package["vcs"].as_table()) {
    entry.source = fmt::format("git {}", string_at(*vcs, "url"));
  } else if (const toml::table* dir = package["directory"].as_table()) {
    entry.source = fmt::format("path {}", string_at(*dir, "path"));
  } else if (auto index = package["index"].value<std::string>()) {
    entry.source = fmt::format("registry {}", *index);
  }
  if (const toml::array* wheels = package["wheels"].as_array()) {
    for (const auto& wheel : *wheels) {
      if (const toml::table* w = wheel.as_table()) {
        std::string name = string_at(*w, "name");
        if (name.empty()) name = url_file_name(string_at(*w, "url"));
        if (!name.empty()) entry.wheels.push_back(std::move(name));
      }
    }
  }
  entry.has_sdist = package.contains("sdist");
  if (entry.name.empty()) {
    add_error(lock, "input.lock-entry", "[[packages]] entry has no name", entry.line);
    return;
  }
  lock.packages.push_back(std::move(entry));
}

LockFormat format_of(const std::string& path) {
  std::string name = file_name_of(path);
  if (name == "poetry.lock") return LockFormat::Poetry;
  if (name.starts_with("pylock")) return LockFormat::Pylock;
  return LockFormat::Uv;
}

}  // namespace

const char* to_string(LockFormat format) {
  switch (format) {
    case LockFormat::Uv: return "uv.lock";
    case LockFormat::Poetry: return "poetry.lock";
    case LockFormat::Pylock: return "pylock.toml";
  }
  return "uv.lock";
}

bool is_lock_file_name(std::string_view name) {
  return name == "uv.lock" || name == "poetry.lock" || name == "pylock.toml" ||
         (name.starts_with("pylock.") && name.ends_with(".toml"));
}

LockFile parse_lock_file(std::string_view text, const std::string& path) {
  LockFile lock;
  lock.path = path;
  lock.format = format_of(path);
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    lock.findings.push_back(Finding{"input.toml-syntax", Severity::Error,
                                    fmt::format("invalid TOML: {}", error.description()),
                                    {Origin::file(path, where.line, where.column)}, {}, {}});
    return lock;
  }
  const char* array_key = lock.format == LockFormat::Pylock ? "packages" : "package";
  switch (lock.format) {
    case LockFormat::Uv: check_types(lock, root, k_uv_top, ""); break;
    case LockFormat::Poetry: check_types(lock, root, k_poetry_top, ""); break;
    case LockFormat::Pylock: check_types(lock, root, k_pylock_top, ""); break;
  }
  switch (lock.format) {
    case LockFormat::Uv:
      if (auto v = root["version"].value<int64_t>()) lock.lock_version = std::to_string(*v);
      lock.requires_python = string_at(root, "requires-python");
      break;
    case LockFormat::Poetry:
      lock.lock_version = root["metadata"]["lock-version"].value_or(std::string());
      lock.requires_python = root["metadata"]["python-versions"].value_or(std::string());
      break;
    case LockFormat::Pylock:
      lock.lock_version = string_at(root, "lock-version");
      lock.requires_python = string_at(root, "requires-python");
      break;
  }
  const toml::node_view<toml::node> packages = root[array_key];
  if (!packages) {
    add_error(lock, "input.lock-structure", fmt::format("no [[{}]] entries: not a {} file", array_key, to_string(lock.format)), 1);
    return lock;
  }
  const toml::array* entries = packages.as_array();
  if (!entries) {
    add_error(lock, "input.lock-structure", fmt::format("`{}` must be an array of tables", array_key),
              line_of(*packages.node()));
    return lock;
  }
  for (const auto& node : *entries) {
    const toml::table* package = node.as_table();
    if (!package) {
      add_error(lock, "input.lock-entry", fmt::format("`{}` entry is not a table", array_key), line_of(node));
      continue;
    }
    switch (lock.format) {
      case LockFormat::Uv: read_uv_package(lock, *package); break;
      case LockFormat::Poetry: read_poetry_package(lock, *package); break;
      case LockFormat::Pylock: read_pylock_package(lock, *package); break;
    }
  }
  return lock;
}

LockFile read_lock_file(const std::string& path) {
  auto file = MappedFile::open(path);
  if (!file) {
    LockFile lock;
    lock.path = path;
    lock.format = format_of(path);
    add_error(lock, "input.unreadable", file.error(), 0);
    return lock;
  }
  return parse_lock_file(file->text(), path);
}

}  // namespace mlstack::project

// SPDX-License-Identifier: MIT
// Finding python3 on PATH from files, and the interpreter run rule
// (python_discovery.h).
#include "env/python_discovery.h"

#include <fmt/format.h>

#include "env/pyenv.h"

namespace mlstack::env {
namespace {

// `path` is `root` or below it, both canonical.
bool is_within(const std::string& path, const std::string& root) {
  if (root.empty()) return false;
  if (root == "/") return true;
  return path == root || path.starts_with(root + "/");
}

// The canonical project root, or empty when the root is no project ("/", $HOME).
std::string project_of(const System& system, const std::string& project_root) {
  if (project_root.empty()) return {};
  std::string root = system.real_path(project_root).value_or(normalize_path(project_root));
  if (root == "/") return {};
  if (auto home = system.getenv("HOME"); home && !home->empty()) {
    if (root == system.real_path(*home).value_or(normalize_path(*home))) return {};
  }
  return root;
}

std::vector<std::string> path_entries(const System& system) {
  // Split keeping empty entries: POSIX reads "a::b" and a leading or
  // trailing ':' as the current folder.
  std::vector<std::string> entries;
  std::string path = system.getenv("PATH").value_or("/usr/local/bin:/usr/bin:/bin");
  std::size_t pos = 0;
  while (true) {
    std::size_t colon = path.find(':', pos);
    entries.push_back(path.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos));
    if (colon == std::string::npos) break;
    pos = colon + 1;
  }
  return entries;
}

}  // namespace

RunPermission may_search_path_entry(const System& system, const std::string& entry, const std::string& project_root) {
  if (entry.empty()) return {false, "the empty PATH entry means the current folder"};
  if (!entry.starts_with('/')) return {false, fmt::format("the PATH entry \"{}\" is relative to the current folder", entry)};
  std::string project = project_of(system, project_root);
  std::string real = system.real_path(entry).value_or(normalize_path(entry));
  if (is_within(real, project) || is_within(normalize_path(entry), project))
    return {false, fmt::format("the PATH entry {} lies inside the analysed project {}", entry, project)};
  return {true, {}};
}

RunPermission may_run_interpreter(const System& system, const std::string& executable, const std::string& path_entry,
                                  const std::string& project_root) {
  if (!path_entry.empty() || executable.find('/') == std::string::npos) {
    RunPermission entry = may_search_path_entry(system, path_entry, project_root);
    if (!entry.allowed) return entry;
  }
  std::string project = project_of(system, project_root);
  std::string absolute = normalize_path(join_path(system.current_dir(), executable));
  std::string real = system.real_path(absolute).value_or(absolute);
  if (is_within(absolute, project) || is_within(real, project))
    return {false, fmt::format("{} lies inside the analysed project {}", executable, project)};
  return {true, {}};
}

PythonOnPath follow_shim(const System& system, const std::string& path, const std::string& project_root) {
  PythonOnPath result;
  result.found = path;
  std::string real = system.real_path(path).value_or(path);
  auto head = system.read_head(real, 1024);
  if (!head || !head->starts_with("#!")) {
    result.interpreter = path;
    return result;
  }
  auto root = pyenv_shim_root(*head);
  if (!root) {
    result.unresolved = fmt::format("{} is a script, not a pyenv shim: only running it says which interpreter it starts", path);
    return result;
  }
  auto usable = [&](const std::string& entry) { return may_search_path_entry(system, entry, project_root).allowed; };
  auto choice = resolve_pyenv_shim(system, *root, file_name(path), usable);
  if (!choice) {
    result.unresolved = fmt::format("{} is a pyenv shim that cannot be followed from files: {}", path, choice.error());
    return result;
  }
  std::string versions;
  for (const std::string& version : choice->versions) versions += (versions.empty() ? "" : ":") + version;
  result.how = fmt::format("pyenv shim (PYENV_ROOT {}): version {} from {}{}", choice->root, versions, choice->origin,
                           choice->system ? ", the system one on PATH" : "");
  // The system python3 can itself be another shim: follow it once more, not forever.
  if (choice->system) {
    PythonOnPath inner = follow_shim(system, choice->command, project_root);
    if (!inner.unresolved.empty() || !inner.how.empty()) {
      result.unresolved = fmt::format("pyenv's system {} is itself a script", choice->command);
      return result;
    }
  }
  result.interpreter = choice->command;
  return result;
}

std::optional<PythonOnPath> find_python_on_path(const System& system, std::string_view name,
                                                const std::string& project_root) {
  std::vector<std::string> skipped;
  for (const std::string& entry : path_entries(system)) {
    RunPermission allowed = may_search_path_entry(system, entry, project_root);
    if (!allowed.allowed) {
      // Only worth a word when the entry would have answered.
      if (system.is_executable(join_path(entry.empty() ? system.current_dir() : entry, name)))
        skipped.push_back(allowed.reason);
      continue;
    }
    std::string candidate = join_path(entry, name);
    if (!system.is_executable(candidate)) continue;
    PythonOnPath result = follow_shim(system, candidate, project_root);
    result.path_entry = entry;
    result.skipped = std::move(skipped);
    return result;
  }
  return std::nullopt;
}

}  // namespace mlstack::env

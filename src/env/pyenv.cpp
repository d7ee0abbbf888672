// SPDX-License-Identifier: MIT
// pyenv's version selection, read from its files (see pyenv.h for the rules
// and the pyenv scripts they come from).
#include "env/pyenv.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace mlstack::env {
namespace {

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(separator, pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) parts.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return parts;
}

bool is_dir(const System& system, const std::string& path) { return system.file_type(path) == FileType::Directory; }

// pyenv-version-file-read: the first word of each line, comments and empty
// lines skipped, names that could leave versions/ ignored (CVE-2022-35861);
// joined with ':' as PYENV_VERSION would be. Empty when the file holds none.
std::string read_version_file(const std::string& text) {
  std::string joined;
  for (const std::string& raw_line : split(text, '\n')) {
    std::string_view line = raw_line;
    line = line.substr(0, 1024);
    std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string_view::npos) continue;
    std::size_t end = line.find_first_of(" \t\r", start);
    std::string_view word = line.substr(start, end == std::string_view::npos ? line.size() - start : end - start);
    if (word.empty() || word.front() == '#') continue;
    if (word == ".." || word.find('/') != std::string_view::npos) continue;
    joined += (joined.empty() ? "" : ":") + std::string(word);
  }
  return joined;
}

// pyenv-version-file: .python-version in `dir` or a folder above it.
std::optional<std::string> local_version_file(const System& system, std::string dir) {
  while (true) {
    std::string candidate = (dir == "/" ? std::string() : dir) + "/.python-version";
    if (system.file_type(candidate) == FileType::File) return candidate;
    if (dir == "/" || dir.empty() || dir == ".") return std::nullopt;
    dir = parent_path(dir);
  }
}

// Hook scripts pyenv would source while choosing and running the version.
// `which` hooks only act when the command was not found (pyenv-virtualenv's
// three do), so they do not matter for a command that is found.
std::optional<std::string> unknown_hook(const System& system, const std::string& root) {
  std::vector<std::string> hook_dirs;
  if (auto path = system.getenv("PYENV_HOOK_PATH")) hook_dirs = split(*path, ':');
  for (const char* dir : {"/pyenv.d"}) hook_dirs.push_back(root + dir);
  for (const char* dir : {"/usr/etc/pyenv.d", "/usr/local/etc/pyenv.d", "/etc/pyenv.d", "/usr/lib/pyenv/hooks"})
    hook_dirs.emplace_back(dir);
  if (auto plugins = system.list_dir(root + "/plugins")) {
    for (const DirEntry& plugin : *plugins) hook_dirs.push_back(root + "/plugins/" + plugin.name + "/etc/pyenv.d");
  }
  for (const std::string& dir : hook_dirs) {
    for (const char* command : {"version-name", "exec"}) {
      auto scripts = system.list_dir(dir + "/" + command);
      if (!scripts) continue;
      for (const DirEntry& script : *scripts) {
        if (!script.name.ends_with(".bash")) continue;
        if (std::string_view(command) == "exec" && script.name == "pip-rehash.bash") continue;
        return dir + "/" + command + "/" + script.name;
      }
    }
  }
  return std::nullopt;
}

bool all_numeric_dotted(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '.' && name[i - 1] == '.') return false;
    if (name[i] != '.' && !std::isdigit(static_cast<unsigned char>(name[i]))) return false;
  }
  return true;
}

std::vector<unsigned long> numeric_key(std::string_view name) {
  std::vector<unsigned long> key;
  for (const std::string& part : split(name, '.')) key.push_back(std::stoul(part.substr(0, 9)));
  return key;
}

}  // namespace

std::optional<std::string> pyenv_shim_root(std::string_view script) {
  if (!script.starts_with("#!")) return std::nullopt;
  // Written by pyenv-rehash: `export PYENV_ROOT="..."` then `exec "<root>/libexec/pyenv" exec "$program" "$@"`.
  constexpr std::string_view k_export = "export PYENV_ROOT=\"";
  std::size_t at = script.find(k_export);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t start = at + k_export.size();
  std::size_t end = script.find('"', start);
  if (end == std::string_view::npos || end == start) return std::nullopt;
  std::string root(script.substr(start, end - start));
  if (script.find("/libexec/pyenv\" exec ", end) == std::string_view::npos) return std::nullopt;
  return root;
}

std::optional<std::string> pyenv_latest(const System& system, const std::string& root, std::string_view prefix) {
  std::string versions_dir = root + "/versions";
  if (prefix.empty()) return std::nullopt;
  if (is_dir(system, versions_dir + "/" + std::string(prefix))) return std::string(prefix);
  std::string want(prefix);
  std::string suffix;
  if (want.size() > 1 && want.back() == 't' && std::isdigit(static_cast<unsigned char>(want[want.size() - 2]))) {
    suffix = "t";
    want.pop_back();
  }
  auto entries = system.list_dir(versions_dir);
  if (!entries) return std::nullopt;
  std::vector<std::string> candidates;
  for (const DirEntry& entry : *entries) {
    // --skip-envs: virtualenvs are symlinks into versions/<v>/envs.
    if (entry.type != FileType::Directory) continue;
    const std::string& name = entry.name;
    if (name.size() <= want.size() + 1 || !name.starts_with(want)) continue;
    char next = name[want.size()];
    if (next != '.' && next != '-') continue;
    if (!suffix.empty() && !name.ends_with(suffix)) continue;
    if (name.ends_with("-dev") || name.ends_with("-src") || name.ends_with("-latest")) continue;
    // (a|b|rc)N$: pre-releases are never "latest".
    std::size_t digits = name.size();
    while (digits > 0 && std::isdigit(static_cast<unsigned char>(name[digits - 1]))) --digits;
    if (digits < name.size() && digits > 0) {
      std::string_view before = std::string_view(name).substr(0, digits);
      if (before.ends_with("a") || before.ends_with("b") || before.ends_with("rc")) continue;
    }
    if (suffix.empty() && name.size() >= 2 && name.back() == 't' &&
        std::isdigit(static_cast<unsigned char>(name[name.size() - 2])))
      continue;
    candidates.push_back(name);
  }
  if (candidates.empty()) return std::nullopt;
  std::vector<std::pair<std::vector<unsigned long>, std::string>> keyed;
  for (const std::string& name : candidates) {
    std::string_view bare = name;
    if (!suffix.empty()) bare.remove_suffix(1);
    // pyenv sorts names like pypy3.10-7.3.12 with its own key; those are not followed here.
    if (!all_numeric_dotted(bare)) return std::nullopt;
    keyed.emplace_back(numeric_key(bare), name);
  }
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  return keyed.front().second;
}

Expected<PyenvChoice, std::string> resolve_pyenv_shim(const System& system, const std::string& root,
                                                      std::string_view command,
                                                      const std::function<bool(const std::string&)>& usable_path_entry) {
  if (auto hook = unknown_hook(system, root))
    return unexpected(fmt::format("pyenv would source the hook {}, which may change the choice", *hook));
  PyenvChoice choice;
  choice.root = root;
  std::string selected = system.getenv("PYENV_VERSION").value_or("");
  if (!selected.empty()) {
    choice.origin = "PYENV_VERSION";
  } else {
    std::string cwd = system.current_dir();
    std::string pyenv_dir = system.getenv("PYENV_DIR").value_or(cwd);
    if (pyenv_dir.empty()) pyenv_dir = cwd;
    std::optional<std::string> file = local_version_file(system, normalize_path(join_path(cwd, pyenv_dir)));
    if (!file && normalize_path(join_path(cwd, pyenv_dir)) != cwd) file = local_version_file(system, cwd);
    if (!file && system.file_type(root + "/version") == FileType::File) file = root + "/version";
    if (file) {
      auto text = system.read_head(*file, 64 * 1024);
      if (!text) return unexpected(fmt::format("cannot read {}: {}", *file, text.error()));
      selected = read_version_file(*text);
      choice.origin = *file;
    } else {
      choice.origin = "no version file";
    }
  }
  std::vector<std::string> names = selected.empty() ? std::vector<std::string>{"system"} : split(selected, ':');
  // pyenv-version-name -f: installed names, `python-` prefixes dropped, prefixes completed.
  for (std::string& name : names) {
    if (name == "system" || is_dir(system, root + "/versions/" + name)) continue;
    std::string normalised = name.starts_with("python-") ? name.substr(7) : name;
    if (is_dir(system, root + "/versions/" + normalised)) {
      name = normalised;
    } else if (auto latest = pyenv_latest(system, root, name)) {
      name = *latest;
    } else if (auto latest_normalised = pyenv_latest(system, root, normalised)) {
      name = *latest_normalised;
    } else {
      name = normalised;  // not installed: pyenv-which skips it
    }
  }
  choice.versions = names;
  // pyenv-which: the first version with the command, then always "system".
  names.emplace_back("system");
  for (const std::string& name : names) {
    if (name == "system") {
      std::string shims = root + "/shims";
      std::string path = system.getenv("PATH").value_or("");
      for (const std::string& entry : split(path, ':')) {
        if (entry == shims || !usable_path_entry(entry)) continue;
        std::string candidate = join_path(entry, command);
        if (system.is_executable(candidate)) {
          choice.command = candidate;
          choice.system = true;
          return choice;
        }
      }
      continue;
    }
    std::string candidate = fmt::format("{}/versions/{}/bin/{}", root, name, command);
    if (system.is_executable(candidate)) {
      choice.command = candidate;
      return choice;
    }
  }
  return unexpected(fmt::format("pyenv: {}: command not found in versions {} nor on PATH", command,
                                selected.empty() ? "system" : selected));
}

}  // namespace mlstack::env

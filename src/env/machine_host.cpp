// SPDX-License-Identifier: MIT
// The host half of probe_machine: OS, C library, compilers, libstdc++ and
// Pythons — all read from file names and small text files, nothing run.
#include <algorithm>
#include <cctype>
#include <set>

#include "env/machine.h"
#include "env/machine_detail.h"

namespace mlstack::env {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "python3.11" -> "3.11"; "" for python3, python3.11-config, python3.11m.
std::string python_minor_of(std::string_view name) {
  if (!name.starts_with("python3.")) return {};
  std::string_view minor = name.substr(8);
  return all_digits(minor) ? "3." + std::string(minor) : std::string();
}

}  // namespace

std::string os_release_value(std::string_view text, std::string_view key) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.size() > key.size() && line.starts_with(key) && line[key.size()] == '=') {
      std::string_view value = line.substr(key.size() + 1);
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
        value = value.substr(1, value.size() - 2);
      return std::string(value);
    }
  }
  return {};
}

namespace detail {

void probe_host(const System& system, Machine& machine) {
  Uname uname = system.uname();
  machine.os.kernel = uname.release;
  machine.os.arch = uname.machine;
  for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
    auto text = system.read_file(path);
    if (!text) continue;
    machine.os.id = os_release_value(*text, "ID");
    machine.os.version_id = os_release_value(*text, "VERSION_ID");
    machine.os.pretty_name = os_release_value(*text, "PRETTY_NAME");
    break;
  }
  if (machine.os.pretty_name.empty()) machine.os.pretty_name = uname.sysname;

  machine.libc_version = system.libc_version();
  if (machine.libc_version.empty()) machine.libc = "unknown";

  // gcc-N / g++-N in /usr/bin are the compilers a source build can use.
  std::set<std::string> gcc_majors;
  if (auto entries = system.list_dir("/usr/bin")) {
    for (const DirEntry& entry : *entries) {
      std::string_view name = entry.name;
      if (name.starts_with("gcc-") && all_digits(name.substr(4))) gcc_majors.insert(std::string(name.substr(4)));
    }
  }
  for (const std::string& major : gcc_majors) machine.compilers.push_back({"gcc", major, "/usr/bin/gcc-" + major});
  std::sort(machine.compilers.begin(), machine.compilers.end(),
            [](const Component& a, const Component& b) { return std::stoi(a.version) < std::stoi(b.version); });

  // libstdc++.so.6.0.N: the file name carries the library's own version.
  std::set<std::string> seen;
  for (const char* dir : {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib"}) {
    auto entries = system.list_dir(dir);
    if (!entries) continue;
    for (const DirEntry& entry : *entries) {
      if (!entry.name.starts_with("libstdc++.so.6.") || resolve(system, dir, entry) != FileType::File) continue;
      std::string path = join_path(dir, entry.name);
      std::string real = system.real_path(path).value_or(path);
      if (!seen.insert(real).second) continue;
      machine.libstdcxx.push_back({"libstdc++", entry.name.substr(std::string_view("libstdc++.so.").size()), real});
    }
  }

  // Pythons: python3.N on PATH and in the usual prefixes, one per real file.
  std::vector<std::string> dirs = {"/usr/bin", "/usr/local/bin"};
  if (auto path = system.getenv("PATH")) {
    std::string_view rest = *path;
    while (!rest.empty()) {
      std::size_t colon = rest.find(':');
      std::string dir(rest.substr(0, colon));
      if (!dir.empty() && std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  std::set<std::string> seen_python;
  for (const std::string& dir : dirs) {
    auto entries = system.list_dir(dir);
    if (!entries) continue;
    for (const DirEntry& entry : *entries) {
      std::string minor = python_minor_of(entry.name);
      if (minor.empty() || resolve(system, dir, entry) != FileType::File) continue;
      std::string path = join_path(dir, entry.name);
      std::string real = system.real_path(path).value_or(path);
      if (!seen_python.insert(real).second) continue;
      // pyenv's shims are shell scripts that pick an interpreter, not interpreters.
      if (auto head = system.read_head(real, 2); head && head->starts_with("#!")) continue;
      machine.pythons.push_back({"python", minor, path});
    }
  }
}

}  // namespace detail
}  // namespace mlstack::env

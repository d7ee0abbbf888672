// SPDX-License-Identifier: MIT
// Reading an interpreter's installation from its files (python_layout.h).
#include "env/python_layout.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "env/environment.h"

namespace mlstack::env {
namespace {

bool is_dir(const System& system, const std::string& path) { return system.file_type(path) == FileType::Directory; }

// "python3.11" -> "python3.11"; "python3.13t" -> itself; "python3" -> "".
std::string versioned_name(std::string_view name) {
  if (!name.starts_with("python3.")) return {};
  std::string_view rest = name.substr(8);
  if (!rest.empty() && rest.back() == 't') rest.remove_suffix(1);
  if (rest.empty() || !std::all_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isdigit(c); })) return {};
  return std::string(name);
}

// "python3.13t" -> "3.13".
std::string minor_of(const std::string& lib_name) {
  std::string minor = lib_name.substr(6);
  if (minor.ends_with('t')) minor.pop_back();
  return minor;
}

bool release_of_minor(std::string_view release, const std::string& minor) {
  if (!release.starts_with(minor) || release.size() <= minor.size() + 1 || release[minor.size()] != '.') return false;
  return std::isdigit(static_cast<unsigned char>(release[minor.size() + 1])) != 0;
}

// An installation without a venv on top: the part getpath computes.
struct Base {
  std::string prefix;
  std::string lib_name;  // "python3.11"
  std::string minor;     // "3.11"
  std::string platlib;   // "lib", or "lib64" where the standard library lives there
  std::string release;   // "3.11.7"; empty when no file says it
  std::string release_source;
  bool debian = false;
};

std::optional<std::string> dpkg_release(const System& system, const std::string& minor, std::vector<std::string>& read) {
  const std::string status_path = "/var/lib/dpkg/status";
  auto status = system.read_file(status_path);
  if (!status) return std::nullopt;
  read.push_back(status_path);
  const std::string stanza = "Package: python" + minor + "-minimal\n";
  std::size_t at = status->starts_with(stanza) ? 0 : status->find("\n" + stanza);
  if (at == std::string::npos) return std::nullopt;
  std::size_t end = status->find("\n\n", at + 1);
  std::string_view block = std::string_view(*status).substr(at, end == std::string::npos ? std::string::npos : end - at);
  std::size_t version = block.find("\nVersion: ");
  if (version == std::string_view::npos) return std::nullopt;
  std::string_view value = block.substr(version + 10);
  value = value.substr(0, value.find('\n'));
  if (std::size_t colon = value.find(':'); colon != std::string_view::npos) value.remove_prefix(colon + 1);  // epoch
  std::size_t stop = 0;
  while (stop < value.size() && (std::isdigit(static_cast<unsigned char>(value[stop])) || value[stop] == '.')) ++stop;
  std::string release(value.substr(0, stop));
  if (!release_of_minor(release, minor)) return std::nullopt;
  return release;
}

std::string conda_release(const System& system, const std::string& prefix) {
  auto entries = system.list_dir(prefix + "/conda-meta");
  if (!entries) return {};
  for (const DirEntry& entry : *entries) {
    if (!entry.name.starts_with("python-") || !entry.name.ends_with(".json")) continue;
    std::string rest = entry.name.substr(7);
    return rest.substr(0, rest.find('-'));
  }
  return {};
}

Expected<Base, std::string> read_base(const System& system, const std::string& real_exe, std::vector<std::string>& read) {
  std::string_view name = file_name(real_exe);
  if (name.starts_with("pypy")) return unexpected(fmt::format("{} is PyPy, whose layout is not read statically", real_exe));
  std::string bin = parent_path(real_exe);
  if (file_name(bin) != "bin") return unexpected(fmt::format("{} is not in a bin folder", real_exe));
  Base base;
  base.prefix = parent_path(bin);
  base.lib_name = versioned_name(name);
  if (base.lib_name.empty()) {
    // "python3" itself: the one python3.N of the prefix, if only one.
    std::vector<std::string> found;
    if (auto entries = system.list_dir(base.prefix + "/lib")) {
      for (const DirEntry& entry : *entries) {
        std::string candidate = versioned_name(entry.name);
        if (!candidate.empty() && system.file_type(base.prefix + "/lib/" + candidate + "/os.py") == FileType::File)
          found.push_back(candidate);
      }
    }
    if (found.size() != 1)
      return unexpected(fmt::format("{} names no version and {}/lib holds {} standard libraries", real_exe, base.prefix, found.size()));
    base.lib_name = found.front();
  }
  base.minor = minor_of(base.lib_name);
  // getpath's landmark: the standard library's os.py, under platlibdir.
  for (const char* platlib : {"lib", "lib64"}) {
    if (system.file_type(fmt::format("{}/{}/{}/os.py", base.prefix, platlib, base.lib_name)) == FileType::File) {
      base.platlib = platlib;
      break;
    }
  }
  if (base.platlib.empty())
    return unexpected(fmt::format("no standard library (lib/{}/os.py) under {}", base.lib_name, base.prefix));

  for (const std::string& include : {base.lib_name, base.lib_name + "m"}) {
    std::string header = fmt::format("{}/include/{}/patchlevel.h", base.prefix, include);
    auto text = system.read_head(header, 16 * 1024);
    if (!text) continue;
    read.push_back(header);
    std::string release = patchlevel_version(*text);
    if (release_of_minor(release, base.minor)) {
      base.release = release;
      base.release_source = "patchlevel.h";
      break;
    }
  }
  if (base.release.empty()) {
    std::string release = conda_release(system, base.prefix);
    if (release_of_minor(release, base.minor)) {
      base.release = release;
      base.release_source = "conda-meta";
    }
  }
  if (base.release.empty() && file_name(parent_path(base.prefix)) == "versions") {
    std::string release(file_name(base.prefix));
    bool plain = std::all_of(release.begin(), release.end(), [](unsigned char c) { return std::isdigit(c) || c == '.'; });
    if (plain && release_of_minor(release, base.minor)) {
      base.release = release;
      base.release_source = "pyenv folder name";
    }
  }
  if (base.release.empty() && base.prefix == "/usr") {
    if (auto release = dpkg_release(system, base.minor, read)) {
      base.release = *release;
      base.release_source = "dpkg status";
    }
  }
  // Debian's site.py lists dist-packages folders instead of site-packages.
  std::string site_py = fmt::format("{}/{}/{}/site.py", base.prefix, base.platlib, base.lib_name);
  if (auto text = system.read_file(site_py)) {
    read.push_back(site_py);
    base.debian = text->find("\"dist-packages\"") != std::string::npos;
  }
  return base;
}

// site.getsitepackages([prefix]) for this installation's site.py, existing folders only.
std::vector<std::string> site_packages(const System& system, const Base& base, const std::string& prefix, bool in_venv) {
  std::vector<std::string> candidates;
  std::vector<std::string> libdirs = {base.platlib};
  if (base.platlib != "lib") libdirs.emplace_back("lib");
  if (base.debian) {
    if (in_venv) candidates.push_back(fmt::format("{}/lib/python{}/site-packages", prefix, base.minor));
    candidates.push_back(fmt::format("{}/local/lib/python{}/dist-packages", prefix, base.minor));
    candidates.push_back(fmt::format("{}/lib/python3/dist-packages", prefix));
    for (const std::string& libdir : libdirs) candidates.push_back(fmt::format("{}/{}/python{}/dist-packages", prefix, libdir, base.minor));
  } else {
    for (const std::string& libdir : libdirs) candidates.push_back(fmt::format("{}/{}/{}/site-packages", prefix, libdir, base.lib_name));
  }
  std::vector<std::string> existing;
  for (std::string& dir : candidates)
    if (is_dir(system, dir) && std::find(existing.begin(), existing.end(), dir) == existing.end()) existing.push_back(std::move(dir));
  return existing;
}

// getpath's first three sys.path entries: the zip (listed even when absent), the library, lib-dynload.
std::vector<std::string> stdlib_entries(const Base& base) {
  std::string nodot = base.lib_name.substr(6);
  nodot.erase(std::remove(nodot.begin(), nodot.end(), '.'), nodot.end());
  std::string lib = fmt::format("{}/{}/{}", base.prefix, base.platlib, base.lib_name);
  return {fmt::format("{}/{}/python{}.zip", base.prefix, base.platlib, nodot), lib, lib + "/lib-dynload"};
}

std::string user_site(const System& system, const Base& base) {
  std::string user_base = system.getenv("PYTHONUSERBASE").value_or("");
  if (user_base.empty()) user_base = system.getenv("HOME").value_or("") + "/.local";
  return fmt::format("{}/lib/{}/site-packages", user_base, base.lib_name);
}

}  // namespace

std::string patchlevel_version(std::string_view header) {
  constexpr std::string_view k_define = "#define PY_VERSION";
  std::size_t at = 0;
  while ((at = header.find(k_define, at)) != std::string_view::npos) {
    std::size_t after = at + k_define.size();
    at = after;
    if (after >= header.size() || (header[after] != ' ' && header[after] != '\t')) continue;  // PY_VERSION_HEX
    std::size_t open = header.find('"', after);
    std::size_t line_end = header.find('\n', after);
    if (open == std::string_view::npos || open > line_end) continue;
    std::size_t close = header.find('"', open + 1);
    if (close == std::string_view::npos || close > line_end) continue;
    std::string version(header.substr(open + 1, close - open - 1));
    if (!version.empty() && version.back() == '+') version.pop_back();  // a build from a development tree
    return version;
  }
  return {};
}

Expected<PythonLayout, std::string> read_python_layout(const System& system, const std::string& executable) {
  PythonLayout layout;
  layout.executable = executable;
  auto real = system.real_path(executable);
  if (!real) return unexpected(fmt::format("{} does not exist", executable));
  layout.real_executable = *real;

  // PEP 405: pyvenv.cfg beside the executable or one folder up, not dereferenced.
  std::string exe_dir = parent_path(executable);
  std::string site_prefix = parent_path(exe_dir);
  for (const std::string& candidate : {exe_dir + "/pyvenv.cfg", site_prefix + "/pyvenv.cfg"}) {
    if (system.file_type(candidate) == FileType::File) {
      layout.pyvenv_cfg = candidate;
      break;
    }
  }
  std::optional<VenvConfig> cfg;
  if (!layout.pyvenv_cfg.empty()) {
    auto text = system.read_head(layout.pyvenv_cfg, 64 * 1024);
    if (!text) return unexpected(fmt::format("cannot read {}: {}", layout.pyvenv_cfg, text.error()));
    layout.files_read.push_back(layout.pyvenv_cfg);
    cfg = parse_pyvenv_cfg(*text, layout.pyvenv_cfg);
    if (!cfg) return unexpected(fmt::format("{} holds no key = value line", layout.pyvenv_cfg));
    layout.venv = true;
    // site.py's venv(): the key absent means true.
    for (const auto& [key, value] : cfg->values) {
      std::string lower = key;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      if (lower != "include-system-site-packages") continue;
      std::string flag = value;
      std::transform(flag.begin(), flag.end(), flag.begin(), [](unsigned char c) { return std::tolower(c); });
      layout.system_site_packages = flag == "true";
    }
  }

  // The installation that runs: the executable's target, or for a copied
  // venv interpreter (`venv --copies`) the one `home` names.
  std::string base_exe = layout.real_executable;
  if (layout.venv && base_exe.starts_with(site_prefix + "/") && cfg && !cfg->home.empty()) {
    std::string name(file_name(base_exe));
    if (versioned_name(name).empty() && cfg->version.size() >= 3) {
      std::string minor = cfg->version.substr(0, cfg->version.find('.', cfg->version.find('.') + 1));
      name = "python" + minor;
    }
    auto home_exe = system.real_path(join_path(cfg->home, name));
    if (!home_exe) return unexpected(fmt::format("{}: no interpreter {} in home = {}", layout.pyvenv_cfg, name, cfg->home));
    base_exe = *home_exe;
  }
  auto base = read_base(system, base_exe, layout.files_read);
  if (!base) return unexpected(base.error());
  layout.version = base->release;
  layout.version_source = base->release_source;
  if (layout.version.empty() && cfg && release_of_minor(cfg->version, base->minor)) {
    layout.version = cfg->version;
    layout.version_source = "pyvenv.cfg";
  }
  if (layout.version.empty())
    return unexpected(fmt::format("no file under {} says which {} release it is (patchlevel.h, conda-meta)", base->prefix, base->minor));
  layout.debian = base->debian;
  layout.base_prefix = base->prefix;
  layout.prefix = layout.venv ? site_prefix : base->prefix;
  layout.sys_path = stdlib_entries(*base);
  if (layout.venv) {
    for (std::string& dir : site_packages(system, *base, layout.prefix, true)) layout.sys_path.push_back(std::move(dir));
    if (layout.system_site_packages)
      for (std::string& dir : site_packages(system, *base, base->prefix, true))
        if (std::find(layout.sys_path.begin(), layout.sys_path.end(), dir) == layout.sys_path.end()) layout.sys_path.push_back(std::move(dir));
  } else {
    for (std::string& dir : site_packages(system, *base, base->prefix, false)) layout.sys_path.push_back(std::move(dir));
  }
  layout.user_site = user_site(system, *base);
  layout.user_site_visible = !layout.venv || layout.system_site_packages;
  return layout;
}

std::map<std::string, std::string> layout_markers(const PythonLayout& layout, const Uname& uname) {
  std::string release = layout.version;
  std::size_t digits = 0;
  for (int dots = 0; digits < release.size(); ++digits) {
    if (release[digits] == '.' && ++dots == 3) break;
    if (release[digits] != '.' && !std::isdigit(static_cast<unsigned char>(release[digits]))) break;
  }
  // sys.implementation.version as the probe writes it: "3.13.0c1" for PY_VERSION "3.13.0rc1".
  std::string implementation = release.substr(0, digits);
  std::string level = release.substr(digits);
  if (level.starts_with("rc")) level = "c" + level.substr(2);
  implementation += level;
  std::string minor = release.substr(0, release.find('.', release.find('.') + 1));
  return {{"implementation_name", "cpython"},
          {"implementation_version", implementation},
          {"os_name", "posix"},
          {"platform_machine", uname.machine},
          {"platform_release", uname.release},
          {"platform_system", uname.sysname},
          {"platform_version", uname.version},
          {"python_full_version", release},
          {"platform_python_implementation", "CPython"},
          {"python_version", minor},
          {"sys_platform", uname.sysname == "Linux" ? "linux" : uname.sysname}};
}

}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
// Finding the environment and its sys.path folders.
#include "env/environment.h"

#include <algorithm>

#include <fmt/format.h>

namespace mlstack::env {
namespace {

Finding input_error(std::string rule, std::string message, std::string path, std::string detail = {}) {
  return Finding{std::move(rule), Severity::Error, std::move(message), {Origin::machine(std::move(path))}, {}, std::move(detail)};
}

// prefix/lib/python3.*/site-packages, in name order.
std::vector<std::string> static_site_dirs(const System& system, const std::string& prefix, std::string* version) {
  std::vector<std::string> dirs;
  for (const char* lib : {"lib", "lib64"}) {
    auto entries = system.list_dir(prefix + "/" + lib);
    if (!entries) continue;
    std::vector<std::string> names;
    for (const DirEntry& entry : *entries)
      if (entry.name.starts_with("python3") && resolve(system, prefix + "/" + lib, entry) == FileType::Directory) names.push_back(entry.name);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      std::string dir = fmt::format("{}/{}/{}/site-packages", prefix, lib, name);
      if (system.file_type(dir) != FileType::Directory) continue;
      std::string real = system.real_path(dir).value_or(dir);
      if (std::find(dirs.begin(), dirs.end(), real) != dirs.end()) continue;
      dirs.push_back(real);
      if (version != nullptr && version->empty() && name.size() > 6) *version = name.substr(6);
    }
  }
  return dirs;
}

void read_pyvenv(const System& system, Environment& environment) {
  std::string path = environment.prefix + "/pyvenv.cfg";
  auto text = system.read_file(path);
  if (!text) return;
  environment.venv = parse_pyvenv_cfg(*text, path);
  if (!environment.venv)
    environment.findings.push_back(input_error("input.pyvenv-cfg", "pyvenv.cfg holds no key = value line", path));
}

// A venv, conda prefix or .venv read without running its interpreter.
void read_static_prefix(const System& system, Environment& environment) {
  std::string version;
  environment.site_dirs = static_site_dirs(system, environment.prefix, &version);
  read_pyvenv(system, environment);
  environment.python.version = version;
  environment.python.source = "site folder name";
  if (environment.venv && !environment.venv->version.empty()) {
    environment.python.version = environment.venv->version;
    environment.python.source = "pyvenv.cfg";
  }
  // conda-meta/python-3.11.7-h955ad1f_0.json names the exact interpreter.
  if (auto entries = system.list_dir(environment.prefix + "/conda-meta")) {
    for (const DirEntry& entry : *entries) {
      if (!entry.name.starts_with("python-") || !entry.name.ends_with(".json")) continue;
      std::string rest = entry.name.substr(7);
      environment.python.version = rest.substr(0, rest.find('-'));
      environment.python.source = "conda-meta";
    }
  }
  for (const char* exe : {"/bin/python3", "/bin/python"}) {
    if (system.file_type(environment.prefix + exe) == FileType::File) {
      environment.python.executable = environment.prefix + exe;
      break;
    }
  }
  environment.python.implementation = "cpython";
  environment.python.prefix = environment.prefix;
  // A venv that sees the system site-packages sees the base interpreter's folders after its own.
  if (environment.venv && environment.venv->include_system_site_packages && !environment.venv->home.empty()) {
    std::string base = parent_path(environment.venv->home);
    environment.python.base_prefix = base;
    for (const std::string& dir : static_site_dirs(system, base, nullptr)) environment.site_dirs.push_back(dir);
  }
}

bool run_interpreter(const System& system, const std::string& exe, Environment& environment) {
  auto output = system.run({exe, "-I", "-c", k_python_snippet}, 20000);
  if (!output) {
    environment.findings.push_back(input_error("input.python-not-runnable", fmt::format("cannot run the interpreter {}", exe), exe, output.error()));
    return false;
  }
  if (output->exit_code != 0) {
    environment.findings.push_back(input_error("input.python-not-runnable",
                                               fmt::format("the interpreter {} exited with status {}", exe, output->exit_code), exe, output->err));
    return false;
  }
  auto info = parse_python_probe(output->out);
  if (!info) {
    environment.findings.push_back(input_error("input.python-not-runnable", fmt::format("{}: {}", exe, info.error()), exe, output->out.substr(0, 400)));
    return false;
  }
  environment.python = std::move(*info);
  environment.prefix = environment.python.prefix;
  for (const std::string& entry : environment.python.sys_path)
    if (!entry.empty() && system.file_type(entry) == FileType::Directory) environment.site_dirs.push_back(entry);
  // `python -m pip` runs without -I and so also sees the user site, before site-packages.
  const std::string& user = environment.python.user_site;
  if (!user.empty() && environment.python.prefix == environment.python.base_prefix &&
      system.file_type(user) == FileType::Directory &&
      std::find(environment.site_dirs.begin(), environment.site_dirs.end(), user) == environment.site_dirs.end()) {
    auto first_site = std::find_if(environment.site_dirs.begin(), environment.site_dirs.end(), [](const std::string& dir) {
      return dir.ends_with("site-packages") || dir.ends_with("dist-packages");
    });
    environment.site_dirs.insert(first_site, user);
  }
  read_pyvenv(system, environment);
  return true;
}

}  // namespace

// ".../lib/python3.11/site-packages" -> {".../", "3.11"}; Debian's
// "/usr/lib/python3/dist-packages" -> {"/usr", ""}.
std::pair<std::string, std::string> prefix_of_site_dir(const std::string& site_dir) {
  std::string dir = normalize_path(site_dir);
  std::string_view leaf = file_name(dir);
  if (leaf != "site-packages" && leaf != "dist-packages") return {dir, ""};
  std::string python_dir = parent_path(dir);
  std::string_view python_name = file_name(python_dir);
  std::string lib_dir = parent_path(python_dir);
  std::string_view lib_name = file_name(lib_dir);
  if (!python_name.starts_with("python") || (lib_name != "lib" && lib_name != "lib64")) return {dir, ""};
  std::string version(python_name.substr(6));
  if (version == "3") version.clear();
  return {parent_path(lib_dir), version};
}

const Distribution* Environment::find(std::string_view canonical_name) const {
  auto it = std::lower_bound(distributions.begin(), distributions.end(), canonical_name,
                             [](const Distribution& d, std::string_view name) { return d.canonical_name < name; });
  for (; it != distributions.end() && it->canonical_name == canonical_name; ++it)
    if (!it->shadowed) return &*it;
  return nullptr;
}

Environment read_environment(const System& system, const EnvRequest& request) {
  Environment environment;
  std::string cwd = system.current_dir();
  if (!request.site_dirs.empty()) {
    environment.found_by = "--site";
    for (const std::string& dir : request.site_dirs) {
      std::string absolute = normalize_path(join_path(cwd, dir));
      if (system.file_type(absolute) != FileType::Directory) {
        environment.findings.push_back(input_error("input.site-dir-missing", fmt::format("{} is not a folder", dir), absolute));
        continue;
      }
      environment.site_dirs.push_back(absolute);
    }
    if (!environment.site_dirs.empty()) {
      auto [prefix, version] = prefix_of_site_dir(environment.site_dirs.front());
      environment.prefix = prefix;
      environment.python.version = version;
      environment.python.source = version.empty() ? "" : "site folder name";
      environment.python.implementation = "cpython";
      read_pyvenv(system, environment);
      if (environment.venv && !environment.venv->version.empty()) {
        environment.python.version = environment.venv->version;
        environment.python.source = "pyvenv.cfg";
      }
    }
  } else if (!request.python.empty()) {
    environment.found_by = "--python";
    std::string exe = request.python;
    if (exe.find('/') == std::string::npos) {
      if (auto found = find_program(system, exe, request.project_root)) exe = *found;
    }
    if (system.file_type(exe) != FileType::File) {
      environment.findings.push_back(input_error("input.python-not-found", fmt::format("no interpreter at {}", request.python), request.python));
      return environment;
    }
    if (!run_interpreter(system, exe, environment)) return environment;
  } else {
    std::optional<std::string> virtual_env = system.getenv("VIRTUAL_ENV");
    std::optional<std::string> conda = system.getenv("CONDA_PREFIX");
    std::string dot_venv = join_path(cwd, ".venv");
    if (virtual_env && !virtual_env->empty() && system.file_type(*virtual_env) == FileType::Directory) {
      environment.found_by = "$VIRTUAL_ENV";
      environment.prefix = *virtual_env;
      read_static_prefix(system, environment);
    } else if (conda && !conda->empty() && system.file_type(*conda) == FileType::Directory) {
      environment.found_by = "$CONDA_PREFIX";
      environment.prefix = *conda;
      read_static_prefix(system, environment);
    } else if (system.file_type(dot_venv + "/pyvenv.cfg") == FileType::File) {
      environment.found_by = "./.venv";
      environment.prefix = dot_venv;
      read_static_prefix(system, environment);
    } else if (auto python3 = find_program(system, "python3", request.project_root)) {
      environment.found_by = "python3 on PATH";
      if (!run_interpreter(system, *python3, environment)) return environment;
    } else {
      environment.findings.push_back(input_error("input.no-environment",
                                                 "no environment found: no --site, --python, $VIRTUAL_ENV, $CONDA_PREFIX, ./.venv or python3 on PATH", cwd));
      return environment;
    }
  }
  scan_site_dirs(system, environment);
  if (request.read_torch) {
    if (const Distribution* torch = environment.find("torch")) environment.torch = read_torch_build(system, torch->site_dir + "/torch");
  }
  return environment;
}

}  // namespace mlstack::env

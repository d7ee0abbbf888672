// SPDX-License-Identifier: MIT
// Finding the environment and its sys.path folders.
#include "env/environment.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/trace.h"
#include "env/python_discovery.h"
#include "env/python_layout.h"

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

// sys.path folders that exist, and the user site where `python -m pip`
// (which runs without -I) sees it: before the first site folder.
void site_dirs_from_sys_path(const System& system, Environment& environment, bool user_site_visible) {
  for (const std::string& entry : environment.python.sys_path)
    if (!entry.empty() && system.file_type(entry) == FileType::Directory &&
        std::find(environment.site_dirs.begin(), environment.site_dirs.end(), entry) == environment.site_dirs.end())
      environment.site_dirs.push_back(entry);
  const std::string& user = environment.python.user_site;
  if (user_site_visible && !user.empty() && system.file_type(user) == FileType::Directory &&
      std::find(environment.site_dirs.begin(), environment.site_dirs.end(), user) == environment.site_dirs.end()) {
    auto first_site = std::find_if(environment.site_dirs.begin(), environment.site_dirs.end(), [](const std::string& dir) {
      return dir.ends_with("site-packages") || dir.ends_with("dist-packages");
    });
    environment.site_dirs.insert(first_site, user);
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
  read_pyvenv(system, environment);
  // site.py hides the user site in a venv that does not see the system site packages.
  bool is_venv = environment.python.prefix != environment.python.base_prefix;
  bool user_visible = !is_venv || (environment.venv && environment.venv->include_system_site_packages);
  site_dirs_from_sys_path(system, environment, user_visible);
  return true;
}

// The environment of an interpreter read from its installation's files.
void apply_layout(const System& system, const PythonLayout& layout, Environment& environment) {
  PythonInfo& python = environment.python;
  python.executable = layout.executable;
  python.version = layout.version;
  python.implementation = "cpython";
  python.prefix = layout.prefix;
  python.base_prefix = layout.base_prefix;
  python.sys_path = layout.sys_path;
  python.user_site = layout.user_site;
  python.markers = layout_markers(layout, system.uname());
  python.source = layout.version_source;
  environment.prefix = layout.prefix;
  if (layout.venv) {
    if (auto text = system.read_file(layout.pyvenv_cfg)) environment.venv = parse_pyvenv_cfg(*text, layout.pyvenv_cfg);
  }
  site_dirs_from_sys_path(system, environment, layout.user_site_visible);
  // site.py reads .pth files in its site folders only, never in the standard library's.
  for (std::size_t i = 3; i < layout.sys_path.size(); ++i) environment.pth_dirs.push_back(layout.sys_path[i]);
  if (layout.user_site_visible) environment.pth_dirs.push_back(layout.user_site);
}

// Reads the environment of the interpreter a PATH search or --python found:
// from its files when they say everything, else by running it once, when
// the run rule allows (python_discovery.h).
bool use_interpreter(const System& system, const PythonOnPath& hit, const std::string& project_root, Environment& environment) {
  trace::Phase phase("env: interpreter");
  for (const std::string& skipped : hit.skipped) trace::note("env", "skipped: " + skipped);
  if (!hit.how.empty()) trace::note("env", fmt::format("{} is a {}", hit.found, hit.how));
  std::string why_run = hit.unresolved;
  if (why_run.empty()) {
    auto layout = read_python_layout(system, hit.interpreter);
    if (layout) {
      apply_layout(system, *layout, environment);
      if (trace::enabled()) {
        std::string files;
        for (const std::string& file : layout->files_read) files += (files.empty() ? "" : ", ") + file;
        trace::note("env", fmt::format("{} read from its files, not run: Python {} ({}), prefix {}{}, {} layout; read {}",
                                       hit.interpreter, layout->version, layout->version_source, layout->prefix,
                                       layout->venv ? " (venv of " + layout->base_prefix + ")" : "",
                                       layout->debian ? "Debian dist-packages" : "site-packages", files));
      }
      return true;
    }
    why_run = layout.error();
  }
  const std::string& exe = hit.interpreter.empty() ? hit.found : hit.interpreter;
  RunPermission permission = may_run_interpreter(system, exe, hit.path_entry, project_root);
  if (!permission.allowed) {
    environment.findings.push_back(input_error(
        "input.python-not-runnable", fmt::format("{} was not run: {}", exe, permission.reason), exe,
        fmt::format("its files do not say which environment it has ({}); name the environment with --site DIR or "
                    "--python EXE outside the project",
                    why_run)));
    return false;
  }
  trace::note("env", fmt::format("running {} -I -c <snippet>, because {}", exe, why_run));
  return run_interpreter(system, exe, environment);
}

// A prefix named by $VIRTUAL_ENV, $CONDA_PREFIX or ./.venv: its interpreter's
// files when they are complete, else the folders its layout implies.
void read_prefix(const System& system, Environment& environment) {
  for (const char* exe : {"/bin/python3", "/bin/python"}) {
    std::string path = environment.prefix + exe;
    if (system.file_type(path) != FileType::File) continue;
    auto layout = read_python_layout(system, path);
    if (layout && layout->prefix == normalize_path(environment.prefix)) {
      apply_layout(system, *layout, environment);
      trace::note("env", fmt::format("{}: {} read from its files (Python {}, {})", environment.found_by, path,
                                     layout->version, layout->version_source));
      return;
    }
    if (!layout) trace::note("env", fmt::format("{}: {}; reading the folders of {}", environment.found_by, layout.error(), environment.prefix));
    break;
  }
  read_static_prefix(system, environment);
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
  // The analysed project: no interpreter inside it is ever run.
  const std::string project_root = normalize_path(join_path(cwd, request.project_root.empty() ? cwd : request.project_root));
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
    std::optional<PythonOnPath> hit;
    if (request.python.find('/') == std::string::npos) {
      hit = find_python_on_path(system, request.python, project_root);
    } else if (system.file_type(request.python) == FileType::File) {
      hit = follow_shim(system, normalize_path(join_path(cwd, request.python)), project_root);
    }
    if (!hit) {
      environment.findings.push_back(input_error("input.python-not-found", fmt::format("no interpreter at {}", request.python), request.python));
      return environment;
    }
    if (!use_interpreter(system, *hit, project_root, environment)) return environment;
  } else {
    std::optional<std::string> virtual_env = system.getenv("VIRTUAL_ENV");
    std::optional<std::string> conda = system.getenv("CONDA_PREFIX");
    std::string dot_venv = join_path(cwd, ".venv");
    if (virtual_env && !virtual_env->empty() && system.file_type(*virtual_env) == FileType::Directory) {
      environment.found_by = "$VIRTUAL_ENV";
      environment.prefix = *virtual_env;
      read_prefix(system, environment);
    } else if (conda && !conda->empty() && system.file_type(*conda) == FileType::Directory) {
      environment.found_by = "$CONDA_PREFIX";
      environment.prefix = *conda;
      read_prefix(system, environment);
    } else if (system.file_type(dot_venv + "/pyvenv.cfg") == FileType::File) {
      environment.found_by = "./.venv";
      environment.prefix = dot_venv;
      read_static_prefix(system, environment);
    } else if (auto python3 = find_python_on_path(system, "python3", project_root)) {
      environment.found_by = "python3 on PATH";
      if (!use_interpreter(system, *python3, project_root, environment)) return environment;
    } else {
      environment.findings.push_back(input_error("input.no-environment",
                                                 "no environment found: no --site, --python, $VIRTUAL_ENV, $CONDA_PREFIX, ./.venv or python3 on PATH", cwd));
      return environment;
    }
  }
  {
    trace::Phase phase("env: site folders");
    scan_site_dirs(system, environment);
  }
  if (trace::enabled()) {
    std::string dirs;
    for (const std::string& dir : environment.site_dirs) dirs += (dirs.empty() ? "" : ", ") + dir;
    trace::note("env", fmt::format("{} distributions in {}", environment.distributions.size(), dirs));
  }
  if (request.read_torch) {
    if (const Distribution* torch = environment.find("torch")) environment.torch = read_torch_build(system, torch->site_dir + "/torch");
  }
  return environment;
}

}  // namespace mlstack::env

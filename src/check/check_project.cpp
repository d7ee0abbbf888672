// SPDX-License-Identifier: MIT
#include "check/check_project.h"

#include <filesystem>

#include <fmt/format.h>

#include "check/binaries.h"
#include "check/numpy_abi_rule.h"
#include "check/stack_sources.h"
#include "env/env_json.h"
#include "project/lock/lock_file.h"
#include "project/scan.h"

namespace mlstack::check {
namespace {

namespace fs = std::filesystem;

void append(std::vector<Finding>& out, const std::vector<Finding>& more) { out.insert(out.end(), more.begin(), more.end()); }

bool is_site_folder(const fs::path& path) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".dist-info") || name.ends_with(".egg-info")) return true;
  }
  return false;
}

// A virtualenv's site-packages folders (lib/python3.X/site-packages).
std::vector<std::string> venv_site_dirs(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root / "lib", ec)) {
    fs::path site = entry.path() / "site-packages";
    if (entry.path().filename().string().starts_with("python") && fs::is_directory(site, ec)) out.push_back(site.string());
  }
  return out;
}

Stack stack_from_env_file(const env::EnvFile& saved, const std::string& path, const kb::KnowledgeBase& kb) {
  Stack stack = stack_from_environment(saved.environment, saved.machine, kb);
  stack.label = path;
  stack.machine_origin = Origin::file(path);
  return stack;
}

// The machine the extension modules are judged on: the environment's, with
// the GPUs and driver that --target names in their place ("would these
// binaries run on an sm_100 machine with a CUDA 12.4 driver?").
pep::Platform binary_platform(const pep::Platform& machine, const std::optional<pep::Platform>& target) {
  pep::Platform out = machine;
  if (!target) return out;
  if (!target->gpu_compute_capabilities.empty()) out.gpu_compute_capabilities = target->gpu_compute_capabilities;
  if (target->driver_cuda || target->driver_version) {
    out.driver_cuda = target->driver_cuda;
    out.driver_version = target->driver_version;
  }
  return out;
}

// Reads the environment the options name, or the one found by default; a
// live one also has its extension modules analysed.
std::optional<Stack> read_environment_stack(const env::System& system, const CheckOptions& options,
                                            const kb::KnowledgeBase& kb, CheckReport& report) {
  if (!options.env_file.empty()) {
    auto saved = env::load_env_file(options.env_file);
    if (!saved) {
      report.findings.push_back(
          Finding{"input.env-file", Severity::Error, saved.error(), {Origin::file(options.env_file)}, {}, {}});
      return std::nullopt;
    }
    return stack_from_env_file(*saved, options.env_file, kb);
  }
  if (!options.read_env) return std::nullopt;
  env::EnvReport env_report = env::inspect(system, options.env);
  append(report.findings, env_report.findings());
  Stack stack = stack_from_environment(env_report.environment, env_report.machine, kb);
  if (options.binaries) {
    // The driver fact is cited where it came from: --target, or the probe.
    const bool target_driver = report.target && (report.target->driver_cuda || report.target->driver_version);
    BinaryScan binaries =
        scan_binaries(env_report.environment, binary_platform(stack.platform, report.target), kb,
                      target_driver ? Origin::machine("--target " + options.target) : stack.machine_origin);
    report.native_modules = binaries.modules.size();
    report.native_libraries = binaries.libraries.size();
    append(report.findings, binaries.findings);
    check_numpy_headers(kb, binaries.modules, stack, report.findings);
  }
  report.env_report = std::make_shared<const env::EnvReport>(std::move(env_report));
  return stack;
}

// Findings of a scan that bear on checking: input errors and the scan's own
// judgements (drift between sources, unpinned packages).
void take_scan_findings(const project::ScanResult& scan, std::vector<Finding>& findings) {
  append(findings, scan.findings);  // the readers' input errors are already among them
}

}  // namespace

kb::KnowledgeBase load_kb(const std::string& kb_dir, std::vector<Finding>& findings) {
  kb::LoadResult loaded = kb_dir.empty() ? kb::load_embedded() : kb::load_with_overrides(kb_dir);
  append(findings, loaded.findings);
  return std::move(loaded.kb);
}

Expected<CheckReport, std::string> check_project(const env::System& system, const CheckOptions& options) {
  CheckReport report;
  report.path = options.path;
  if (!options.target.empty()) {
    auto target = parse_target(options.target);
    if (!target) return unexpected(fmt::format("--target: {}", target.error()));
    report.target = *target;
  }
  std::error_code ec;
  if (!fs::exists(options.path, ec)) return unexpected(fmt::format("{}: no such file or directory", options.path));

  kb::KnowledgeBase kb = load_kb(options.kb_dir, report.findings);
  auto scan = project::scan_project(options.path);
  if (!scan) return unexpected(scan.error());
  take_scan_findings(*scan, report.findings);

  report.environment = read_environment_stack(system, options, kb, report);
  // Declared stacks are judged on the target, else on the machine the environment runs on.
  pep::Platform platform;
  if (report.target) platform = *report.target;
  else if (report.environment) platform = report.environment->platform;
  report.declared_stacks = stacks_from_scan(*scan, platform);
  for (auto& stack : report.declared_stacks) stack.has_machine = report.target || report.environment;

  CheckInput input;
  input.kb = &kb;
  input.declared_stacks = report.declared_stacks;
  input.environment = report.environment;
  input.declared = declared_from_scan(*scan);
  input.cuda_extension_builds = cuda_extension_builds(*scan);
  input.project_names = project_names(*scan);
  report.declared_requirements = input.declared.size();
  for (const auto& stack : report.declared_stacks) {
    for (auto& fact : pinned_release_facts(kb, stack)) report.releases.push_back(std::move(fact));
  }
  CheckResult result = run_checks(input);
  append(report.findings, result.findings);
  if (options.index) {
    auto verified = verify_stacks(options.index, *scan, report.declared_stacks, kb, report.findings);
    if (!verified) return unexpected(verified.error());
    report.index_read = true;
    report.index_pins = std::move(verified->pins);
  }
  report.scan = std::make_shared<const project::ScanResult>(std::move(*scan));
  report.kb = std::make_shared<const kb::KnowledgeBase>(std::move(kb));
  return report;
}

Expected<Stack, std::string> load_stack(const env::System& system, const std::string& spec, const pep::Platform& platform,
                                        const kb::KnowledgeBase& kb, std::vector<Finding>& findings) {
  std::error_code ec;
  fs::path path(spec);
  if (!fs::exists(path, ec)) return unexpected(fmt::format("{}: no such file or directory", spec));
  std::string name = path.filename().string();
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> sites;
    if (is_site_folder(path)) sites.push_back(spec);
    else if (fs::exists(path / "pyvenv.cfg", ec)) sites = venv_site_dirs(path);
    if (!sites.empty()) {
      env::InspectOptions options;
      options.request.site_dirs = sites;
      options.machine.run_tools = false;
      env::EnvReport report = env::inspect(system, options);
      append(findings, report.environment.findings);
      Stack stack = stack_from_environment(report.environment, report.machine, kb);
      stack.label = spec;
      return stack;
    }
    return unexpected(fmt::format("{}: a folder is compared only when it is a site-packages folder or a virtualenv; "
                                  "name a manifest, script, lock or saved environment instead", spec));
  }
  if (name.ends_with(".json")) {
    auto saved = env::load_env_file(spec);
    if (!saved) return unexpected(saved.error());
    return stack_from_env_file(*saved, spec, kb);
  }
  if (project::is_lock_file_name(name)) {
    project::LockFile lock = project::read_lock_file(spec);
    append(findings, lock.findings);
    return stack_from_lock(lock, platform);
  }
  auto scan = project::scan_project(spec);
  if (!scan) return unexpected(scan.error());
  take_scan_findings(*scan, findings);
  // A requirements file with -r includes scans as several manifests: one stack.
  std::vector<Stack> parts = stacks_from_scan(*scan, platform);
  Stack stack;
  stack.label = spec;
  stack.kind = parts.empty() ? Stack::Kind::Manifest : parts.front().kind;
  stack.platform = platform;
  for (auto& part : parts) {
    for (auto& package : part.packages) {
      if (!stack.find(package.name)) stack.packages.push_back(std::move(package));
    }
  }
  return stack;
}

Expected<DiffReport, std::string> diff_command(const env::System& system, const DiffOptions& options) {
  DiffReport report;
  pep::Platform platform;
  if (!options.target.empty()) {
    auto target = parse_target(options.target);
    if (!target) return unexpected(fmt::format("--target: {}", target.error()));
    platform = *target;
  }
  kb::KnowledgeBase kb = load_kb(options.kb_dir, report.findings);
  auto a = load_stack(system, options.a, platform, kb, report.findings);
  if (!a) return unexpected(a.error());
  auto b = load_stack(system, options.b, platform, kb, report.findings);
  if (!b) return unexpected(b.error());
  report.diff = diff_stacks(*a, *b, kb);
  if (options.index) {
    auto va = verify_file_stack(options.index, options.a, *a, kb);
    if (!va) return unexpected(va.error());
    auto vb = verify_file_stack(options.index, options.b, *b, kb);
    if (!vb) return unexpected(vb.error());
    annotate_diff(report.diff, *va, *vb);
  }
  return report;
}

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
#include "check/check_project.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "binary/elf_file.h"
#include "check/binaries.h"
#include "check/numpy_abi_rule.h"
#include "check/same_cause.h"
#include "check/stack_sources.h"
#include "core/trace.h"
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
  // The project is the analysed tree: no interpreter inside it is run.
  env::InspectOptions env_options = options.env;
  if (env_options.request.project_root.empty()) {
    std::error_code ec;
    env_options.request.project_root = fs::is_directory(options.path, ec) ? options.path : fs::path(options.path).parent_path().string();
  }
  env::EnvReport env_report = env::inspect(system, env_options);
  append(report.findings, env_report.findings());
  Stack stack = stack_from_environment(env_report.environment, env_report.machine, kb);
  if (options.binaries) {
    // The driver fact is cited where it came from: --target, or the probe.
    const bool target_driver = report.target && (report.target->driver_cuda || report.target->driver_version);
    trace::Phase phase("check: binaries");
    BinaryScan binaries =
        scan_binaries(env_report.environment, binary_platform(stack.platform, report.target), kb,
                      target_driver ? Origin::machine("--target " + options.target) : stack.machine_origin);
    if (trace::enabled()) trace::note("binaries", binary::describe_file_reads());
    report.native_modules = binaries.modules.size();
    report.native_libraries = binaries.libraries.size();
    append(report.findings, binaries.findings);
    check_numpy_headers(kb, binaries.modules, stack, report.findings);
  }
  report.env_report = std::make_shared<const env::EnvReport>(std::move(env_report));
  return stack;
}

bool is_requirements_file(const project::ScanResult& scan, const std::string& path) {
  return std::any_of(scan.manifests.begin(), scan.manifests.end(), [&](const project::Manifest& m) {
    return m.path == path && m.kind == project::ManifestKind::Requirements;
  });
}

// A requirements-file line pip itself refuses is a fault of the analysed
// project, not of mlstack's input: pip parses the whole file before it
// installs anything, so `pip install -r` stops there. It is a project finding
// (exit 1); exit 2 stays for mlstack's own options and files.
void as_pip_refusal(const project::ScanResult& scan, Finding& finding) {
  bool syntax = finding.rule == "input.requirements-syntax" || finding.rule == "input.requirement-syntax";
  bool missing_include = finding.rule == "input.requirements-include" && finding.message.find("cycle") == std::string::npos;
  if ((!syntax && !missing_include) || finding.origins.empty()) return;
  const Origin& at = finding.origins.front();
  if (at.kind != Origin::Kind::File || !is_requirements_file(scan, at.path)) return;
  finding.message = fmt::format("pip refuses {}: {}; `pip install -r {}` stops there and installs nothing from the file",
                                at.path, finding.message, at.path);
  finding.rule = "project.pip-refuses";
  finding.severity = Severity::Error;
}

// Findings of a scan that bear on checking: input errors and the scan's own
// judgements (drift between sources, unpinned packages).
void take_scan_findings(const project::ScanResult& scan, std::vector<Finding>& findings) {
  for (Finding finding : scan.findings) {  // the readers' input errors are already among them
    as_pip_refusal(scan, finding);
    findings.push_back(std::move(finding));
  }
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

  std::optional<trace::Phase> phase(std::in_place, "check: kb");
  kb::KnowledgeBase kb = load_kb(options.kb_dir, report.findings);
  if (report.target) report.target_driver_cuda = fill_driver_cuda(*report.target, kb);
  phase.emplace("check: project");
  auto scan = project::scan_project(options.path);
  phase.reset();
  if (!scan) return unexpected(scan.error());
  take_scan_findings(*scan, report.findings);

  report.environment = read_environment_stack(system, options, kb, report);
  // Declared stacks are judged on the target, else on the machine the environment runs on.
  pep::Platform platform;
  if (report.target) platform = *report.target;
  else if (report.environment) platform = report.environment->platform;
  const bool machine_known = report.target || report.environment;
  report.declared_stacks = stacks_from_scan(*scan, platform, machine_known);
  for (auto& stack : report.declared_stacks) {
    stack.has_machine = machine_known;
    if (report.target) {
      stack.machine_origin = Origin::machine("--target " + options.target);
      stack.driver_cuda_origin = report.target_driver_cuda;
    } else if (report.environment) {
      stack.machine_origin = report.environment->machine_origin;
      stack.driver_cuda_origin = report.environment->driver_cuda_origin;
    }
  }

  CheckInput input;
  input.kb = &kb;
  input.declared_stacks = report.declared_stacks;
  input.environment = report.environment;
  input.declared = declared_from_scan(*scan);
  input.cuda_extension_builds = cuda_extension_builds(*scan);
  input.project_names = project_names(*scan);
  report.declared_requirements = input.declared.size();
  for (const auto& stack : report.declared_stacks) {
    for (auto& fact : pinned_release_facts(kb, stack)) {
      // Marker cases of one manifest pin the same line: one row.
      bool repeated = std::any_of(report.releases.begin(), report.releases.end(), [&](const ReleaseFact& kept) {
        return kept.name == fact.name && kept.version == fact.version && kept.pinned_at == fact.pinned_at;
      });
      if (!repeated) report.releases.push_back(std::move(fact));
    }
  }
  trace::Phase rules("check: rules");
  CheckResult result = run_checks(input);
  append(report.findings, result.findings);
  report.wheels = std::move(result.wheels);
  if (options.index) {
    auto verified = verify_stacks(options.index, *scan, report.declared_stacks, kb, report.findings);
    if (!verified) return unexpected(verified.error());
    report.index_read = true;
    report.index_pins = std::move(verified->pins);
  }
  fold_same_causes(report.findings);
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
  fill_driver_cuda(platform, kb);
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

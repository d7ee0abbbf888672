// SPDX-License-Identifier: MIT
#include "check/binaries.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "binary/binary_findings.h"
#include "binary/native_files.h"

namespace mlstack::check {
namespace {

namespace fs = std::filesystem;

// The interpreter that would import the modules: the one that was run, the
// venv's base interpreter, the system one of the same version, or python3.
std::string find_interpreter(const env::Environment& environment) {
  std::error_code ec;
  auto usable = [&](const fs::path& p) { return fs::is_regular_file(p, ec) || fs::is_symlink(p, ec); };
  if (!environment.python.executable.empty() && usable(environment.python.executable)) {
    return fs::canonical(environment.python.executable, ec).string();
  }
  std::string version = environment.python.version;
  if (auto second_dot = version.find('.', version.find('.') + 1); second_dot != std::string::npos) {
    version.resize(second_dot);
  }
  std::vector<fs::path> candidates;
  if (environment.venv && !environment.venv->home.empty() && !version.empty()) {
    candidates.push_back(fs::path(environment.venv->home) / ("python" + version));
  }
  if (!version.empty()) candidates.push_back("/usr/bin/python" + version);
  // A site folder alone (Debian's dist-packages) names no version: the system
  // interpreter is the best stand-in. Its own libraries (libm, libz) are part
  // of every module's global scope, so without one those symbols look missing.
  candidates.push_back("/usr/bin/python3");
  for (const auto& candidate : candidates) {
    if (usable(candidate)) return fs::canonical(candidate, ec).string();
  }
  return {};
}

bool is_python_api(const std::string& symbol) { return symbol.starts_with("Py") || symbol.starts_with("_Py"); }

}  // namespace

BinaryScan scan_binaries(const env::Environment& environment, const pep::Platform& platform,
                         const kb::KnowledgeBase& kb, const Origin& machine) {
  BinaryScan scan;
  scan.interpreter = find_interpreter(environment);
  scan.driver = driver_cuda(platform, kb);

  // Which distribution installed each file, from RECORD.
  std::map<std::string, const env::Distribution*> owners;
  for (const auto& dist : environment.distributions) {
    if (dist.shadowed) continue;
    for (const auto& relative : dist.extension_modules) {
      std::error_code ec;
      fs::path full = fs::weakly_canonical(fs::path(dist.site_dir) / relative, ec);
      owners[full.string()] = &dist;
    }
  }

  for (const auto& site : environment.site_dirs) {
    binary::NativeFiles files = binary::find_native_files(site);
    binary::LoadContext load;
    if (!scan.interpreter.empty()) load.global_objects = {scan.interpreter};
    load.environment_dirs = files.library_dirs;
    binary::Linker linker(load);

    binary::FindingContext context;
    if (auto torch = binary::torch_cxx_abi(site, linker)) {
      context.torch_abi = torch->abi;
      context.torch_library = torch->library;
    }
    for (int cc : platform.gpu_compute_capabilities) {
      context.gpus.push_back({static_cast<unsigned>(cc / 10), static_cast<unsigned>(cc % 10)});
    }

    for (const auto& module : files.extension_modules) {
      std::error_code ec;
      auto owner = owners.find(fs::weakly_canonical(module, ec).string());
      std::optional<Origin> owner_origin;
      std::string owner_name;
      if (owner != owners.end()) {
        owner_name = owner->second->name;
        owner_origin = Origin::dist(owner_name, owner->second->metadata_dir);
      }
      auto report = binary::analyze_module(module, linker);
      if (!report) {
        scan.findings.push_back(binary::malformed_elf_finding(module, report.error(), owner_origin));
        continue;
      }
      if (scan.interpreter.empty()) {
        auto& unresolved = report->linkage.unresolved_symbols;
        unresolved.erase(std::remove_if(unresolved.begin(), unresolved.end(),
                                        [](const binary::UnresolvedSymbol& s) { return is_python_api(s.name); }),
                         unresolved.end());
      }
      context.owner = owner_origin;
      context.owner_name = owner_name;
      std::vector<GpuKernels> gpus = gpu_kernels(report->fatbins, context.gpus, scan.driver, kb);
      context.ptx_notes.clear();
      for (const auto& gpu : gpus) {
        if (gpu.ptx) context.ptx_notes[gpu.ptx->isa] = binary::PtxNote{describe(*gpu.ptx), gpu.ptx->sources};
      }
      for (auto& finding : binary::module_findings(*report, context)) scan.findings.push_back(std::move(finding));
      for (auto& finding : ptx_driver_findings(report->path, gpus, scan.driver, machine, owner_origin, owner_name))
        scan.findings.push_back(std::move(finding));
      scan.modules.push_back({std::move(*report), owner_name, std::move(gpus)});
    }
  }
  return scan;
}

}  // namespace mlstack::check

// SPDX-License-Identifier: MIT
#include "check/binaries.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <span>

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

// What the modules' load sets already report, so that a library's own row
// does not repeat it as a second finding.
// Paths are compared normalised: a load set names a file as RPATH spelled
// it ("$ORIGIN/../lib" gives ".../torch/_C/../lib/libc10.so").
struct Reported {
  std::set<std::pair<std::string, std::string>> libraries;  // needed_by, name
  std::set<std::pair<std::string, std::string>> versions;   // required_by, version
  static std::string normal(const std::string& path) { return fs::path(path).lexically_normal().string(); }
  void add(const binary::ModuleLinkage& linkage) {
    for (const auto& m : linkage.missing_libraries) libraries.emplace(normal(m.needed_by), m.name);
    for (const auto& m : linkage.missing_versions) versions.emplace(normal(m.required_by), m.version);
  }
  bool has_library(const binary::MissingLibrary& m) const { return libraries.count({normal(m.needed_by), m.name}) > 0; }
  bool has_version(const binary::MissingVersion& m) const { return versions.count({normal(m.required_by), m.version}) > 0; }
};

// A library's report keeps the problems of the library itself: those of its
// dependencies belong to their own rows (or to the system).
void keep_own_problems(binary::ModuleReport& report) {
  auto& linkage = report.linkage;
  std::erase_if(linkage.missing_libraries, [&](const auto& m) { return m.needed_by != report.path; });
  std::erase_if(linkage.missing_versions, [&](const auto& m) { return m.required_by != report.path; });
}

// A library's fatbins beyond the fatbin sections' headers, where a verdict
// depends on them. Small uncompressed cubins are checked for code (a
// kernel-less device-link stub is all cuFFTW has), then, for the GPUs the
// fatbin sections leave without native code, the fatbins a library keeps in
// its data (binary::add_embedded_fatbins: cuFFT's .ldata), until each has
// SASS. A library without any fatbin entry is a C or C++ library and is
// never searched.
void read_more_fatbins(binary::Linker& linker, binary::ModuleReport& report,
                       const std::vector<binary::ComputeCapability>& gpus) {
  if (report.fatbins.entries.empty()) return;
  const binary::ElfFile* file = linker.file(report.path);
  if (!file) return;
  binary::mark_codeless_cubins(*file, report.fatbins);
  std::vector<binary::ComputeCapability> lacking;
  for (const auto& cc : gpus) {
    if (!binary::has_gpu_code(report.fatbins) ||
        binary::evaluate_library(report.fatbins, cc).support != binary::KernelSupport::Native) {
      lacking.push_back(cc);
    }
  }
  if (lacking.empty()) return;
  binary::add_embedded_fatbins(*file, report.fatbins, [&](std::span<const binary::FatbinEntry> entries) {
    std::erase_if(lacking, [&](const binary::ComputeCapability& cc) {
      return std::any_of(entries.begin(), entries.end(),
                         [&](const binary::FatbinEntry& e) { return binary::sass_runs_on(e, cc); });
    });
    return lacking.empty();
  });
}

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
  auto owner_of = [&](const std::string& path, std::optional<Origin>& origin) {
    std::error_code ec;
    auto owner = owners.find(fs::weakly_canonical(path, ec).string());
    if (owner == owners.end()) return std::string();
    origin = Origin::dist(owner->second->name, owner->second->metadata_dir);
    return owner->second->name;
  };

  std::vector<binary::ComputeCapability> gpus;
  for (int cc : platform.gpu_compute_capabilities) {
    gpus.push_back({static_cast<unsigned>(cc / 10), static_cast<unsigned>(cc % 10)});
  }
  // The same file reached from two site folders (a symlinked one) is read once.
  std::set<std::string> libraries_seen;

  for (const auto& site : environment.site_dirs) {
    binary::NativeFileOptions options;
    for (const auto& dist : environment.distributions) {
      if (dist.site_dir != site) continue;
      options.record_rows.insert(options.record_rows.end(), dist.extension_modules.begin(), dist.extension_modules.end());
    }
    binary::NativeFiles files = binary::find_native_files(site, options);
    if (files.walk_truncated) scan.truncated_walks.push_back(site);
    scan.outside.insert(scan.outside.end(), files.outside.begin(), files.outside.end());
    binary::LoadContext load;
    if (!scan.interpreter.empty()) load.global_objects = {scan.interpreter};
    // The folders of every lib*.so, before settle_untagged() moves a
    // libtriton.so among the modules: a superset, as the loader context wants.
    load.environment_dirs = files.library_dirs;
    binary::Linker linker(load);
    binary::settle_untagged(files, linker);

    binary::FindingContext context;
    if (auto torch = binary::torch_cxx_abi(site, linker)) {
      context.torch_abi = torch->abi;
      context.torch_library = torch->library;
    }
    context.gpus = gpus;

    Reported reported;
    for (const auto& module : files.extension_modules) {
      std::optional<Origin> owner_origin;
      std::string owner_name = owner_of(module, owner_origin);
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
      reported.add(report->linkage);
      context.owner = owner_origin;
      context.owner_name = owner_name;
      std::vector<GpuKernels> gpu_verdicts = gpu_kernels(report->fatbins, context.gpus, scan.driver, kb);
      context.ptx_notes.clear();
      for (const auto& gpu : gpu_verdicts) {
        if (gpu.ptx) context.ptx_notes[gpu.ptx->isa] = binary::PtxNote{describe(*gpu.ptx), gpu.ptx->sources};
      }
      for (auto& finding : binary::module_findings(*report, context)) scan.findings.push_back(std::move(finding));
      for (auto& finding : ptx_driver_findings(report->path, gpu_verdicts, scan.driver, machine, owner_origin, owner_name))
        scan.findings.push_back(std::move(finding));
      scan.modules.push_back({std::move(*report), owner_name, std::move(gpu_verdicts)});
    }

    // Libraries: the load set, without binding symbols. Measured (-O2, warm,
    // fresh Linker): the 31 CUDA 13.0 libraries laid out as nvidia/*/lib take
    // ~60 ms either way (C APIs: 12,207 undefined symbols in all), but
    // Debian's libtorch laid out as torch/lib takes 56 ms without binding and
    // 87 ms with it, and that cost comes again for every library whose load
    // set holds libtorch_cpu. It would also buy little and mislead: a library
    // in a module's load set has its symbols bound there already (the
    // modules' reports check their dependencies), and one loaded by dlopen
    // (cuDNN's engines) is bound lazily (RTLD_LAZY) or against what its loader
    // put in scope (libtorch_python's Py* come from the interpreter), so an
    // unbound symbol of a library alone is no predicted failure. The load set
    // alone gives missing libraries, missing versions and the glibc /
    // libstdc++ needs for a few stats and header reads.
    context.library = true;
    binary::AnalyzeOptions library_options;
    library_options.bind_symbols = false;
    for (const auto& library : files.libraries) {
      std::error_code ec;
      if (!libraries_seen.insert(fs::weakly_canonical(library, ec).string()).second) continue;
      std::optional<Origin> owner_origin;
      std::string owner_name = owner_of(library, owner_origin);
      auto report = binary::analyze_module(library, linker, library_options);
      if (!report) {
        scan.findings.push_back(binary::malformed_elf_finding(library, report.error(), owner_origin));
        continue;
      }
      keep_own_problems(*report);
      read_more_fatbins(linker, *report, context.gpus);
      context.owner = owner_origin;
      context.owner_name = owner_name;
      std::vector<GpuKernels> gpu_verdicts = gpu_kernels(report->fatbins, context.gpus, scan.driver, kb, true);
      context.ptx_notes.clear();
      for (const auto& gpu : gpu_verdicts) {
        if (gpu.ptx) context.ptx_notes[gpu.ptx->isa] = binary::PtxNote{describe(*gpu.ptx), gpu.ptx->sources};
      }
      // Findings: what no module's load set has reported already.
      binary::ModuleReport judged = *report;
      std::erase_if(judged.linkage.missing_libraries, [&](const auto& m) { return reported.has_library(m); });
      std::erase_if(judged.linkage.missing_versions, [&](const auto& m) { return reported.has_version(m); });
      for (auto& finding : binary::module_findings(judged, context)) scan.findings.push_back(std::move(finding));
      for (auto& finding : ptx_driver_findings(report->path, gpu_verdicts, scan.driver, machine, owner_origin, owner_name))
        scan.findings.push_back(std::move(finding));
      scan.libraries.push_back({std::move(*report), owner_name, std::move(gpu_verdicts)});
    }
  }
  return scan;
}

}  // namespace mlstack::check

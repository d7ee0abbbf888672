// SPDX-License-Identifier: MIT
// src/binary benchmarks on real inputs of this machine:
//   BM_ListFatbins      fatbin targets of every library in the CUDA lib dir
//                       (counters: bytes and 4 KiB pages the reader touched)
//   BM_LinkExtensions   bind every undefined symbol of every extension module
//                       of a Python environment (Debian's python3-torch)
// Both skip with a message when their input is absent. Extra modes print the
// answers so bench/binary/compare.sh can check them against anchor tools:
//   bench_binary --list-fatbins DIR        one line per library: name fatbins entries targets
//   bench_binary --list-unresolved SITE    one line per module: path count (no interpreter in scope)
//   bench_binary --library-bytes SITE [CC...]
//                                          the reads check::scan_binaries makes of each shared
//                                          library of SITE (bench/binary/cuda_site.sh lays one out)
//                                          for GPUs CC ("8.0"), replayed with an AccessMeter
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "binary/access_meter.h"
#include "binary/elf_file.h"
#include "binary/fatbin.h"
#include "binary/gpu_support.h"
#include "binary/load_set.h"
#include "binary/native_files.h"

namespace fs = std::filesystem;
using namespace mlstack::binary;

namespace {

const char* env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

std::string cuda_dir() { return env_or("MLSTACK_BENCH_CUDA_LIB", "/usr/local/cuda/lib64"); }
std::string site_dir() { return env_or("MLSTACK_BENCH_SITE", "/usr/lib/python3/dist-packages"); }
std::string python_exe() { return env_or("MLSTACK_BENCH_PYTHON", "/usr/bin/python3.11"); }

// Regular files only (symlinks to them are the same bytes), sorted.
std::vector<std::string> libraries(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(dir, ec)) {
    const auto name = item.path().filename().string();
    if (item.is_symlink() || !item.is_regular_file() || name.find(".so") == std::string::npos) continue;
    out.push_back(item.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Extension modules: *.cpython-*.so and *.abi3.so under the torch-related packages.
std::vector<std::string> extension_modules(const std::string& site) {
  std::vector<std::string> out;
  for (const char* package : {"torch", "functorch"}) {
    std::error_code ec;
    fs::recursive_directory_iterator it(fs::path(site) / package, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (it->is_regular_file() && (name.find(".cpython-") != std::string::npos || name.ends_with(".abi3.so")) &&
          name.ends_with(".so")) {
        out.push_back(it->path().string());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void BM_ListFatbins(benchmark::State& state) {
  const auto libs = libraries(cuda_dir());
  if (libs.empty()) {
    state.SkipWithError(("no libraries in " + cuda_dir()).c_str());
    return;
  }
  std::uint64_t total = 0, touched = 0, pages = 0, entries = 0;
  for (auto _ : state) {
    total = touched = pages = entries = 0;
    for (const auto& path : libs) {
      AccessMeter meter;
      auto elf = ElfFile::open(path, &meter);
      if (!elf) continue;
      auto listing = list_fatbins(*elf);
      entries += listing.entries.size();
      total += elf->file_size();
      touched += meter.bytes();
      pages += meter.pages();
      benchmark::DoNotOptimize(listing);
    }
  }
  state.counters["libraries"] = static_cast<double>(libs.size());
  state.counters["entries"] = static_cast<double>(entries);
  state.counters["file_MB"] = static_cast<double>(total) / 1e6;
  state.counters["touched_KB"] = static_cast<double>(touched) / 1e3;
  state.counters["pages_MB"] = static_cast<double>(pages) * 4096 / 1e6;
}
BENCHMARK(BM_ListFatbins)->Unit(benchmark::kMillisecond);

void link_extensions(benchmark::State& state, bool system_libraries) {
  const auto modules = extension_modules(site_dir());
  if (modules.empty()) {
    state.SkipWithError(("no torch extension modules under " + site_dir() + " (apt-get install python3-torch)").c_str());
    return;
  }
  std::size_t symbols = 0, unresolved = 0;
  for (auto _ : state) {
    // A fresh Linker per iteration: parsing libtorch is part of the cost.
    LoadContext context;
    context.global_objects = {python_exe()};
    context.check_system_libraries = system_libraries;
    Linker linker(context);
    symbols = unresolved = 0;
    for (const auto& module : modules) {
      auto linkage = linker.link(module);
      if (!linkage) continue;
      symbols += linkage->symbols_checked;
      unresolved += linkage->unresolved_symbols.size();
    }
  }
  state.counters["modules"] = static_cast<double>(modules.size());
  state.counters["symbols"] = static_cast<double>(symbols);
  state.counters["unresolved"] = static_cast<double>(unresolved);
}
// The module and the libraries it brings that are not the system's.
void BM_LinkExtensions(benchmark::State& state) { link_extensions(state, false); }
BENCHMARK(BM_LinkExtensions)->Unit(benchmark::kMillisecond);
// Every object of every load set, system libraries included (libtorch_cpu from /usr/lib in Debian's build).
void BM_LinkExtensionsWholeLoadSet(benchmark::State& state) { link_extensions(state, true); }
BENCHMARK(BM_LinkExtensionsWholeLoadSet)->Unit(benchmark::kMillisecond);

int list_fatbins_mode(const std::string& dir) {
  for (const auto& path : libraries(dir)) {
    auto elf = ElfFile::open(path);
    if (!elf) {
      std::printf("%s error %s\n", fs::path(path).filename().c_str(), to_string(elf.error()).c_str());
      continue;
    }
    auto listing = list_fatbins(*elf);
    std::string targets;
    for (const auto& t : distinct_targets(listing)) targets += (targets.empty() ? "" : ",") + t;
    std::printf("%s %zu %zu %s\n", fs::path(path).filename().c_str(), listing.fatbins, listing.entries.size(),
                targets.empty() ? "-" : targets.c_str());
  }
  return 0;
}

int list_unresolved_mode(const std::string& site) {
  LoadContext context;  // no interpreter, every object checked: comparable with `ldd -r`
  context.check_system_libraries = true;
  Linker linker(context);
  for (const auto& module : extension_modules(site)) {
    auto linkage = linker.link(module);
    if (!linkage) {
      std::printf("%s error %s\n", module.c_str(), linkage.error().message.c_str());
      continue;
    }
    std::printf("%s %zu\n", module.c_str(), linkage->unresolved_symbols.size());
    for (const auto& symbol : linkage->unresolved_symbols) {
      std::printf("  %s\t%s\n", symbol.name.c_str(), symbol.needed_by.c_str());
    }
  }
  return 0;
}

// The same calls, in the same order and with the same stop rule, as
// check::scan_binaries makes for a library (binaries.cpp read_more_fatbins),
// each file's reads metered. Its dependencies (libc, libstdc++) are not counted.
int library_bytes_mode(const std::string& site, const std::vector<ComputeCapability>& gpus) {
  const NativeFiles files = find_native_files(site);
  std::uint64_t total = 0, touched = 0, pages = 0;
  std::size_t searched = 0;
  for (const auto& path : files.libraries) {
    AccessMeter meter;
    auto elf = ElfFile::open(path, &meter);
    if (!elf) continue;
    if (auto symbols = elf->dynamic_symbols()) benchmark::DoNotOptimize(symbols->size());  // the C++ ABI
    auto listing = list_fatbins(*elf);
    if (!listing.entries.empty()) {
      mark_codeless_cubins(*elf, listing);
      std::vector<ComputeCapability> lacking;
      for (const auto& cc : gpus) {
        if (!has_gpu_code(listing) || evaluate_library(listing, cc).support != KernelSupport::Native) lacking.push_back(cc);
      }
      if (!lacking.empty()) {
        ++searched;
        add_embedded_fatbins(*elf, listing, [&](std::span<const FatbinEntry> entries) {
          std::erase_if(lacking, [&](const ComputeCapability& cc) {
            return std::any_of(entries.begin(), entries.end(), [&](const FatbinEntry& e) { return sass_runs_on(e, cc); });
          });
          return lacking.empty();
        });
      }
    }
    total += elf->file_size();
    touched += meter.bytes();
    pages += meter.pages();
  }
  std::printf("%zu libraries, %.1f MB; read %.2f MB (%.3f %%) in %.1f MB of 4 KiB pages; %zu searched for embedded fatbins\n",
              files.libraries.size(), static_cast<double>(total) / 1e6, static_cast<double>(touched) / 1e6,
              total ? 100.0 * static_cast<double>(touched) / static_cast<double>(total) : 0.0,
              static_cast<double>(pages) * 4096 / 1e6, searched);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--library-bytes") == 0) {
    std::vector<ComputeCapability> gpus;
    for (int i = 3; i < argc; ++i) {
      auto cc = parse_compute_capability(argv[i]);
      if (!cc) {
        std::fprintf(stderr, "bench_binary: %s is no compute capability\n", argv[i]);
        return 2;
      }
      gpus.push_back(*cc);
    }
    return library_bytes_mode(argv[2], gpus);
  }
  if (argc == 3 && std::strcmp(argv[1], "--list-fatbins") == 0) return list_fatbins_mode(argv[2]);
  if (argc == 3 && std::strcmp(argv[1], "--list-unresolved") == 0) return list_unresolved_mode(argv[2]);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// SPDX-License-Identifier: MIT
// Speed of the Python source scanner.
//
//   bench_python_scan                       Google Benchmark micro-benchmarks over
//                                           the standard library held in memory
//   bench_python_scan --scan-tree DIR [T]   one full scan of DIR (walk, mmap,
//                                           tokenize, imports) on T threads, as a
//                                           process, printing files / bytes / imports
//                                           / milliseconds, for bench/project/compare_python.sh
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/mapped_file.h"
#include "project/python/imports.h"
#include "project/python/scan.h"
#include "project/python/tokenizer.h"

namespace {

using namespace mlstack::project::python;
namespace fs = std::filesystem;

std::string tree() {
  const char* dir = std::getenv("MLSTACK_BENCH_TREE");
  return dir ? dir : "/usr/lib/python3.11";
}

const std::vector<std::string>& sources() {
  static std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    std::vector<mlstack::Finding> findings;
    for (const std::string& rel : find_python_files(tree(), findings))
      if (auto text = mlstack::read_file((fs::path(tree()) / rel).string())) out.push_back(std::move(*text));
    return out;
  }();
  return texts;
}

std::size_t total_bytes() {
  std::size_t n = 0;
  for (const auto& s : sources()) n += s.size();
  return n;
}

void BM_Tokenize(benchmark::State& state) {
  std::size_t tokens = 0;
  for (auto _ : state) {
    for (const auto& s : sources()) {
      Tokenizer t(s);
      while (t.next().kind != TokenKind::EndOfFile) ++tokens;
    }
  }
  benchmark::DoNotOptimize(tokens);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_bytes()));
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

void BM_FindImports(benchmark::State& state) {
  std::size_t imports = 0;
  for (auto _ : state)
    for (const auto& s : sources()) imports += find_imports(s).imports.size();
  benchmark::DoNotOptimize(imports);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_bytes()));
}
BENCHMARK(BM_FindImports)->Unit(benchmark::kMillisecond);

void BM_ScanTree(benchmark::State& state) {
  ScanOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  std::uint64_t bytes = 0;
  for (auto _ : state) bytes = scan_python_project(tree(), options).bytes;
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_ScanTree)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

int scan_once(const char* dir, unsigned threads) {
  auto start = std::chrono::steady_clock::now();
  ScanOptions options;
  options.threads = threads;
  PythonScan scan = scan_python_project(dir, options);
  auto end = std::chrono::steady_clock::now();
  std::size_t imports = 0, statements = 0;
  for (const FileImports& f : scan.imports)
    for (const ImportRecord& r : f.imports)
      if (r.form == ImportForm::Import || r.form == ImportForm::FromImport) ++imports;
  (void)statements;
  std::printf("files %zu bytes %llu imports %zu findings %zu ms %.2f\n", scan.layout.files().size(),
              static_cast<unsigned long long>(scan.bytes), imports, scan.findings.size(),
              std::chrono::duration<double, std::milli>(end - start).count());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--scan-tree") == 0)
    return scan_once(argv[2], argc >= 4 ? static_cast<unsigned>(std::atoi(argv[3])) : 0u);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// SPDX-License-Identifier: MIT
// Speed of the manifest readers and the project scan.
//
//   bench_scan                         Google Benchmark micro-benchmarks: the
//                                      requirements, pyproject and shell readers
//                                      over the real manifests of ../shared/corpus
//                                      held in memory, and one scan of
//                                      $MLSTACK_SCAN_TREE when it is set
//   bench_scan --scan-tree DIR [N]     N full scans of DIR as a process, printing
//                                      files / sources / declarations / median ms,
//                                      for bench/project/compare_scan.sh
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/mapped_file.h"
#include "project/manifest/pyproject.h"
#include "project/manifest/requirements_txt.h"
#include "project/manifest/shell_script.h"
#include "project/scan.h"

namespace {

using namespace mlstack::project;
namespace fs = std::filesystem;

struct Text {
  std::string path;
  std::string text;
};

std::vector<Text> corpus(bool (*pick)(const fs::path&)) {
  std::vector<Text> out;
  fs::path root = fs::path(MLSTACK_SHARED_DIR) / "corpus";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || !pick(entry.path())) continue;
    if (auto text = mlstack::read_file(entry.path().string())) out.push_back({entry.path().filename().string(), *text});
  }
  fs::path fixtures = fs::path(MLSTACK_SOURCE_DIR) / "tests/data/projects";
  for (const auto& entry : fs::recursive_directory_iterator(fixtures)) {
    if (!entry.is_regular_file() || !pick(entry.path())) continue;
    if (auto text = mlstack::read_file(entry.path().string())) out.push_back({entry.path().filename().string(), *text});
  }
  return out;
}

std::size_t total_bytes(const std::vector<Text>& texts) {
  std::size_t bytes = 0;
  for (const auto& t : texts) bytes += t.text.size();
  return bytes;
}

void BM_RequirementsFiles(benchmark::State& state) {
  static const auto texts = corpus([](const fs::path& p) { return p.extension() == ".txt"; });
  for (auto _ : state) {
    for (const auto& t : texts) benchmark::DoNotOptimize(parse_requirements(t.text, t.path));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes(texts)));
  state.counters["files"] = static_cast<double>(texts.size());
}
BENCHMARK(BM_RequirementsFiles);

void BM_PyprojectFiles(benchmark::State& state) {
  static const auto texts = corpus([](const fs::path& p) { return p.filename().string().starts_with("pyproject.toml"); });
  for (auto _ : state) {
    for (const auto& t : texts) benchmark::DoNotOptimize(parse_pyproject(t.text, t.path));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes(texts)));
  state.counters["files"] = static_cast<double>(texts.size());
}
BENCHMARK(BM_PyprojectFiles);

void BM_ShellScripts(benchmark::State& state) {
  static const auto texts = corpus([](const fs::path& p) { return p.extension() == ".sh" || p.extension() == ".md"; });
  for (auto _ : state) {
    for (const auto& t : texts) {
      if (t.path.ends_with(".md")) benchmark::DoNotOptimize(parse_markdown(t.text, t.path));
      else benchmark::DoNotOptimize(parse_shell_script(t.text, t.path));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes(texts)));
}
BENCHMARK(BM_ShellScripts);

void BM_ScanTree(benchmark::State& state) {
  const char* tree = std::getenv("MLSTACK_SCAN_TREE");
  if (tree == nullptr || !fs::is_directory(tree)) {
    state.SkipWithError("set MLSTACK_SCAN_TREE to a tree made by bench/project/make_scan_tree.py");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(scan_project(tree));
}
BENCHMARK(BM_ScanTree)->Unit(benchmark::kMillisecond);

int scan_tree(const char* dir, int runs) {
  std::vector<double> ms;
  std::size_t files = 0, sources = 0, declarations = 0, folders = 0;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto result = scan_project(dir);
    auto stop = std::chrono::steady_clock::now();
    if (!result) {
      std::fprintf(stderr, "%s\n", result.error().c_str());
      return 2;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    files = result->files_seen;
    folders = result->folders_seen;
    sources = result->manifests.size();
    declarations = result->requirements.size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf("files %zu folders %zu sources %zu declarations %zu median_ms %.1f min_ms %.1f\n", files, folders,
              sources, declarations, ms[ms.size() / 2], ms.front());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--scan-tree") == 0) {
    return scan_tree(argv[2], argc >= 4 ? std::atoi(argv[3]) : 5);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// SPDX-License-Identifier: MIT
// How long the built-in knowledge base takes to load (every command that
// consults it pays this once) and how long typical rule queries take.
#include <benchmark/benchmark.h>

#include "kb/constraints.h"
#include "kb/loader.h"

namespace {

using namespace mlstack;

void BM_LoadEmbedded(benchmark::State& state) {
  for (auto _ : state) {
    kb::LoadResult result = kb::load_embedded();
    benchmark::DoNotOptimize(result.kb.row_count());
  }
}
BENCHMARK(BM_LoadEmbedded)->Unit(benchmark::kMillisecond);

void BM_DeriveFlashAttnConstraints(benchmark::State& state) {
  kb::LoadResult loaded = kb::load_embedded();
  pep::Version version = *pep::Version::parse("2.5.8+cu122torch2.3cxx11abiFALSE");
  std::vector<pep::Tag> tags{*pep::Tag::parse("cp310-cp310-linux_x86_64")};
  for (auto _ : state) benchmark::DoNotOptimize(kb::derive_constraints(loaded.kb, "flash-attn", version, tags));
}
BENCHMARK(BM_DeriveFlashAttnConstraints)->Unit(benchmark::kMicrosecond);

void BM_GpuByName(benchmark::State& state) {
  kb::LoadResult loaded = kb::load_embedded();
  for (auto _ : state) benchmark::DoNotOptimize(loaded.kb.gpu_by_name("NVIDIA GeForce RTX 4090"));
}
BENCHMARK(BM_GpuByName)->Unit(benchmark::kMicrosecond);

void BM_KnownRelease(benchmark::State& state) {
  kb::LoadResult loaded = kb::load_embedded();
  pep::Version version = *pep::Version::parse("4.56.2");
  for (auto _ : state) benchmark::DoNotOptimize(loaded.kb.known_release("transformers", version));
}
BENCHMARK(BM_KnownRelease)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

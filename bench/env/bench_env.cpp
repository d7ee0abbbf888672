// SPDX-License-Identifier: MIT
// Micro-benchmarks of reading an environment: the committed fixture venv, and
// a generated site folder of 2,000 wheel-style distributions (written once to
// a temporary folder) read, checked, and both. Tool-versus-tool timings are in
// compare.py beside this file.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "env/environment.h"
#include "env/pip_check.h"

namespace {

using namespace mlstack::env;

const MarkerValues k_markers = {{"python_version", "3.11"}, {"python_full_version", "3.11.2"}, {"sys_platform", "linux"},
                                {"platform_system", "Linux"}, {"platform_machine", "x86_64"}, {"os_name", "posix"},
                                {"implementation_name", "cpython"}, {"platform_python_implementation", "CPython"}};

std::string generated_site() {
  static std::string site = [] {
    std::filesystem::path root = std::filesystem::temp_directory_path() / "mlstack-bench-env-2000";
    std::filesystem::path dir = root / "lib/python3.11/site-packages";
    // gen_pkg_1999's version is 5.9.4 (the formula below); present means complete.
    if (std::filesystem::exists(dir / "gen_pkg_1999-5.9.4.dist-info/WHEEL")) return dir.string();
    std::filesystem::create_directories(dir);
    std::string body(2000, 'x');
    for (int i = 0; i < 2000; ++i) {
      std::string version = std::to_string(1 + i % 5) + "." + std::to_string(i % 10) + "." + std::to_string(i % 7);
      std::filesystem::path info = dir / ("gen_pkg_" + std::to_string(10000 + i).substr(1) + "-" + version + ".dist-info");
      std::filesystem::create_directories(info);
      std::ofstream metadata(info / "METADATA");
      metadata << "Metadata-Version: 2.1\nName: gen-pkg-" << i << "\nVersion: " << version << "\n";
      for (int k = 1; k <= 3 && i - k * 7 >= 0; ++k) metadata << "Requires-Dist: gen-pkg-" << (i - k * 7) << ">=1\n";
      metadata << "Requires-Dist: pytest>=7 ; extra == \"test\"\n\n" << body << "\n";
      std::ofstream(info / "RECORD") << "gen_pkg/__init__.py,sha256=x,0\ngen_pkg/_ext.cpython-311-x86_64-linux-gnu.so,sha256=x,1\n"
                                        "../../../bin/gen,,\n";
      std::ofstream(info / "INSTALLER") << "pip\n";
      std::ofstream(info / "WHEEL") << "Wheel-Version: 1.0\nTag: cp311-cp311-manylinux_2_17_x86_64\n\n";
    }
    return dir.string();
  }();
  return site;
}

void BM_ReadFixtureVenv(benchmark::State& state) {
  RealSystem system;
  std::string site = MLSTACK_SOURCE_DIR "/tests/data/env/venv-basic/lib/python3.11/site-packages";
  for (auto _ : state) benchmark::DoNotOptimize(read_environment(system, {{site}, "", true}));
}
BENCHMARK(BM_ReadFixtureVenv)->Unit(benchmark::kMicrosecond);

void BM_Read2000(benchmark::State& state) {
  RealSystem system;
  std::string site = generated_site();
  for (auto _ : state) benchmark::DoNotOptimize(read_environment(system, {{site}, "", false}));
}
BENCHMARK(BM_Read2000)->Unit(benchmark::kMillisecond);

void BM_Check2000(benchmark::State& state) {
  RealSystem system;
  Environment environment = read_environment(system, {{generated_site()}, "", false});
  for (auto _ : state) benchmark::DoNotOptimize(check_dependencies(environment, k_markers));
}
BENCHMARK(BM_Check2000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

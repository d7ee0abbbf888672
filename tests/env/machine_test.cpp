// SPDX-License-Identifier: MIT
#include "env/machine.h"

#include <gtest/gtest.h>

#include "env/fake_system.h"
#include "env/env_test_support.h"

namespace mlstack::env {
namespace {

using testing::fixture;

const char* k_query = "/usr/bin/nvidia-smi --query-gpu=index,name,memory.total,compute_cap,driver_version --format=csv,noheader";
const char* k_fallback = "/usr/bin/nvidia-smi --query-gpu=index,name,memory.total,pci.bus_id,driver_version --format=csv,noheader";

CommandOutput saved(const std::string& name, int exit_code = 0) {
  FakeSystem reader;
  EXPECT_TRUE(reader.add_file_from("/f", fixture("nvidia/" + name))) << name;
  return {exit_code, *reader.read_file("/f"), {}};
}

FakeSystem gpu_machine() {
  FakeSystem system;
  system.set_env("PATH", "/usr/bin");
  system.add_file("/usr/bin/nvidia-smi", "");
  EXPECT_TRUE(system.add_file_from("/proc/driver/nvidia/version", fixture("nvidia/proc_version_535.txt")));
  system.set_command(k_query, saved("query_gpu_h100x2.csv"));
  system.set_command("/usr/bin/nvidia-smi", saved("banner_535.txt"));
  return system;
}

TEST(ProcDriverVersion, ReadsProprietaryModule) {
  FakeSystem system;
  ASSERT_TRUE(system.add_file_from("/v", fixture("nvidia/proc_version_535.txt")));
  EXPECT_EQ(parse_proc_driver_version(*system.read_file("/v")), "535.104.05");
}

TEST(ProcDriverVersion, ReadsOpenModuleWithArchitectureWords) {
  FakeSystem system;
  ASSERT_TRUE(system.add_file_from("/v", fixture("nvidia/proc_version_open_550.txt")));
  EXPECT_EQ(parse_proc_driver_version(*system.read_file("/v")), "550.54.15");
}

TEST(ProcDriverVersion, RejectsOtherText) {
  EXPECT_EQ(parse_proc_driver_version("GCC version: 12.2.0\n"), std::nullopt);
  EXPECT_EQ(parse_proc_driver_version("NVRM version: NVIDIA UNIX x86_64 Kernel Module\n"), std::nullopt);
  EXPECT_EQ(parse_proc_driver_version(""), std::nullopt);
}

TEST(NvidiaSmiQuery, ParsesEveryGpuRow) {
  std::string driver;
  auto gpus = parse_nvidia_smi_gpus(saved("query_gpu_h100x2.csv").out, &driver);
  ASSERT_EQ(gpus.size(), 2u);
  EXPECT_EQ(gpus[1].index, 1);
  EXPECT_EQ(gpus[0].name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(gpus[0].memory_mib, 81559u);
  EXPECT_EQ(gpus[0].compute_capability, "9.0");
  EXPECT_EQ(driver, "535.104.05");
}

TEST(NvidiaSmiQuery, LeavesComputeCapabilityEmptyInFallbackRows) {
  std::string driver;
  auto gpus = parse_nvidia_smi_gpus(saved("query_gpu_old_driver_fallback.csv").out, &driver);
  ASSERT_EQ(gpus.size(), 1u);
  EXPECT_EQ(gpus[0].name, "Tesla V100-SXM2-16GB");
  EXPECT_EQ(gpus[0].compute_capability, "");
  EXPECT_EQ(driver, "470.57.02");
}

TEST(NvidiaSmiBanner, ReadsHighestCuda) {
  EXPECT_EQ(parse_nvidia_smi_cuda(saved("banner_535.txt").out), "12.2");
  EXPECT_EQ(parse_nvidia_smi_cuda("no banner"), std::nullopt);
}

TEST(Nvcc, ReadsFullVersion) {
  EXPECT_EQ(parse_nvcc_version("nvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 13.0, V13.0.88\n"), "13.0.88");
  EXPECT_EQ(parse_nvcc_version("gcc (Debian 12.2.0-14) 12.2.0"), std::nullopt);
}

TEST(CudaVersion, FormatsDriverInteger) {
  EXPECT_EQ(cuda_version_from_int(12040), "12.4");
  EXPECT_EQ(cuda_version_from_int(13000), "13.0");
  EXPECT_EQ(cuda_version_from_int(11080), "11.8");
}

TEST(HeaderDefine, FindsExactName) {
  std::string_view header = "#define CUDNN_MAJOR_X 1\n#define CUDNN_MAJOR 9\n#  define CUDNN_MINOR\t19\n";
  EXPECT_EQ(header_define(header, "CUDNN_MAJOR"), 9);
  EXPECT_EQ(header_define(header, "CUDNN_MINOR"), 19);
  EXPECT_EQ(header_define(header, "CUDNN_PATCHLEVEL"), std::nullopt);
}

TEST(OsRelease, StripsQuotes) {
  std::string_view text = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";
  EXPECT_EQ(os_release_value(text, "ID"), "debian");
  EXPECT_EQ(os_release_value(text, "VERSION_ID"), "12");
  EXPECT_EQ(os_release_value(text, "PRETTY_NAME"), "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(os_release_value(text, "VERSION"), "");
}

TEST(ProbeMachine, NoDriverIsANormalAnswerAndRunsNothing) {
  FakeSystem system;
  system.set_env("PATH", "/usr/bin");
  Machine machine = probe_machine(system);
  EXPECT_FALSE(machine.driver.has_value());
  EXPECT_TRUE(machine.gpus.empty());
  EXPECT_TRUE(system.commands_run().empty());
  ASSERT_FALSE(machine.findings.empty());
  EXPECT_EQ(machine.findings[0].rule, "env.no-nvidia-driver");
  EXPECT_EQ(machine.findings[0].severity, Severity::Info);
  for (const Finding& finding : machine.findings) EXPECT_NE(finding.severity, Severity::Error);
}

TEST(ProbeMachine, ReadsDriverGpusAndCudaFromLibcuda) {
  FakeSystem system = gpu_machine();
  system.set_cuda_driver_version(12020);
  Machine machine = probe_machine(system);
  ASSERT_TRUE(machine.driver.has_value());
  EXPECT_EQ(machine.driver->version, "535.104.05");
  EXPECT_EQ(machine.driver->source, "/proc/driver/nvidia/version");
  EXPECT_EQ(machine.driver->cuda_version, "12.2");
  EXPECT_EQ(machine.driver->cuda_source, "libcuda.so.1 cuDriverGetVersion");
  ASSERT_EQ(machine.gpus.size(), 2u);
  EXPECT_EQ(machine.gpus[0].compute_capability, "9.0");
  // libcuda answered, so the banner was not needed.
  EXPECT_EQ(system.commands_run().size(), 1u);
}

TEST(ProbeMachine, FallsBackToNvidiaSmiBannerForCuda) {
  FakeSystem system = gpu_machine();
  Machine machine = probe_machine(system);
  ASSERT_TRUE(machine.driver.has_value());
  EXPECT_EQ(machine.driver->cuda_version, "12.2");
  EXPECT_EQ(machine.driver->cuda_source, "nvidia-smi");
}

TEST(ProbeMachine, RetriesWithoutComputeCapOnOldDrivers) {
  FakeSystem system = gpu_machine();
  system.set_command(k_query, saved("query_gpu_old_driver_error.txt", 2));
  system.set_command(k_fallback, saved("query_gpu_old_driver_fallback.csv"));
  Machine machine = probe_machine(system);
  ASSERT_EQ(machine.gpus.size(), 1u);
  EXPECT_EQ(machine.gpus[0].name, "Tesla V100-SXM2-16GB");
  EXPECT_EQ(machine.gpus[0].compute_capability, "");
}

TEST(ProbeMachine, ReadsGpuNamesFromProcWhenNvidiaSmiIsMissing) {
  FakeSystem system;
  system.set_env("PATH", "/usr/bin");
  ASSERT_TRUE(system.add_file_from("/proc/driver/nvidia/version", fixture("nvidia/proc_version_open_550.txt")));
  ASSERT_TRUE(system.add_file_from("/proc/driver/nvidia/gpus/0000:18:00.0/information", fixture("nvidia/gpu_information_h100.txt")));
  Machine machine = probe_machine(system);
  ASSERT_TRUE(machine.driver.has_value());
  EXPECT_EQ(machine.driver->version, "550.54.15");
  EXPECT_EQ(machine.driver->cuda_version, "");
  ASSERT_EQ(machine.gpus.size(), 1u);
  EXPECT_EQ(machine.gpus[0].name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(machine.gpu_source, "/proc/driver/nvidia/gpus");
}

TEST(ProbeMachine, HonoursProcRootAndNvidiaSmiOverrides) {
  FakeSystem system;
  system.set_env("MLSTACK_PROC_ROOT", "/saved/proc");
  system.set_env("MLSTACK_NVIDIA_SMI", "/saved/nvidia-smi");
  ASSERT_TRUE(system.add_file_from("/saved/proc/driver/nvidia/version", fixture("nvidia/proc_version_open_550.txt")));
  system.set_command("/saved/nvidia-smi --query-gpu=index,name,memory.total,compute_cap,driver_version --format=csv,noheader",
                     saved("query_gpu_rtx4090.csv"));
  system.set_cuda_driver_version(12040);
  Machine machine = probe_machine(system);
  ASSERT_EQ(machine.gpus.size(), 1u);
  EXPECT_EQ(machine.gpus[0].compute_capability, "8.9");
  EXPECT_EQ(machine.driver->version, "550.54.15");
}

TEST(ProbeMachine, ReadsToolkitVersionJsonAndLibraryHeaders) {
  FakeSystem system;
  system.add_file("/usr/local/cuda-12.4/version.json", R"({"cuda": {"name": "CUDA SDK", "version": "12.4.1"}})");
  system.add_file("/usr/local/cuda-12.4/include/cuda_runtime_api.h", "#define CUDART_VERSION 12040\n");
  system.add_file("/usr/local/cuda-12.4/include/cudnn_version.h",
                  "#define CUDNN_MAJOR 8\n#define CUDNN_MINOR 9\n#define CUDNN_PATCHLEVEL 7\n");
  system.add_file("/usr/lib/x86_64-linux-gnu/libnccl.so.2.18.3", "");
  system.add_file("/usr/lib/x86_64-linux-gnu/libnccl.so.2", "");
  Machine machine = probe_machine(system);
  ASSERT_EQ(machine.cuda_toolkits.size(), 1u);
  EXPECT_EQ(machine.cuda_toolkits[0].path, "/usr/local/cuda-12.4");
  EXPECT_EQ(machine.cuda_toolkits[0].version, "12.4.1");
  ASSERT_EQ(machine.cuda_libraries.size(), 2u);
  EXPECT_EQ(machine.cuda_libraries[0].name, "cudnn");
  EXPECT_EQ(machine.cuda_libraries[0].version, "8.9.7");
  EXPECT_EQ(machine.cuda_libraries[1].name, "nccl");
  EXPECT_EQ(machine.cuda_libraries[1].version, "2.18.3");
}

TEST(ProbeMachine, RunsNvccOnlyWhenNoFileNamesTheVersion) {
  FakeSystem system;
  system.add_file("/opt/cuda/bin/nvcc", "");
  system.set_command("/opt/cuda/bin/nvcc --version",
                     {0, "nvcc: NVIDIA (R) Cuda compiler driver\nCuda compilation tools, release 12.4, V12.4.131\n", ""});
  FakeSystem quiet = system;
  Machine machine = probe_machine(system);
  ASSERT_EQ(machine.cuda_toolkits.size(), 1u);
  EXPECT_EQ(machine.cuda_toolkits[0].version, "12.4.131");
  EXPECT_EQ(machine.cuda_toolkits[0].source, "/opt/cuda/bin/nvcc --version");
  Machine files_only = probe_machine(quiet, {false});
  EXPECT_EQ(files_only.cuda_toolkits[0].version, "");
  EXPECT_TRUE(quiet.commands_run().empty());
}

TEST(ProbeMachine, ReadsThisMachinesCuda13Toolkit) {
  RealSystem system;
  if (system.file_type("/usr/local/cuda/bin/nvcc") != FileType::File)
    GTEST_SKIP() << "no /usr/local/cuda/bin/nvcc on this machine";
  Machine machine = probe_machine(system);
  auto toolkit = std::find_if(machine.cuda_toolkits.begin(), machine.cuda_toolkits.end(),
                              [](const CudaToolkit& t) { return t.path == "/usr/local/cuda-13.0"; });
  ASSERT_NE(toolkit, machine.cuda_toolkits.end());
  EXPECT_EQ(toolkit->version, "13.0") << toolkit->source;  // CUDART_VERSION 13000
  EXPECT_NE(std::find(toolkit->aliases.begin(), toolkit->aliases.end(), "/usr/local/cuda"), toolkit->aliases.end());
  bool cudnn = false;
  for (const Component& library : machine.cuda_libraries)
    if (library.name == "cudnn" && library.path.starts_with("/usr/local/cuda-13.0/")) cudnn = library.version.starts_with("9.");
  EXPECT_TRUE(cudnn);
  EXPECT_FALSE(machine.libc_version.empty());
}

}  // namespace
}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
#include "env/platform.h"

#include <gtest/gtest.h>

namespace mlstack::env {
namespace {

TEST(Platform, CarriesWhatWasRead) {
  Machine machine;
  machine.os.arch = "x86_64";
  machine.os.kernel = "6.1.0-18-amd64";
  machine.libc_version = "2.36";
  machine.driver = DriverInfo{"535.104.05", "/proc/driver/nvidia/version", "12.2", "nvidia-smi"};
  machine.gpus = {{0, "NVIDIA H100 80GB HBM3", 81559, "9.0"}, {1, "NVIDIA H100 80GB HBM3", 81559, "9.0"}, {2, "NVIDIA A100-SXM4-80GB", 81920, "8.0"}};
  machine.cuda_toolkits = {{"/usr/local/cuda-12.1", "12.1.105", "version.json", {}}};
  Environment environment;
  environment.python.version = "3.11.7";
  environment.torch = TorchBuild{};
  environment.torch->cxx11_abi = false;
  pep::Platform platform = to_platform(machine, environment);
  EXPECT_EQ(platform.libc_version->str(), "2.36");
  EXPECT_EQ(platform.python_version->str(), "3.11.7");
  // PEP 440 drops the leading zero; the driver's own spelling stays in Machine.
  EXPECT_EQ(platform.driver_version->str(), "535.104.5");
  EXPECT_EQ(platform.driver_cuda->str(), "12.2");
  EXPECT_EQ(platform.cuda_toolkit->str(), "12.1.105");
  EXPECT_EQ(platform.gpu_compute_capabilities, (std::vector<int>{90, 80}));
  EXPECT_EQ(platform.torch_cxx11_abi, false);
}

TEST(Platform, LeavesUnreadValuesUnset) {
  pep::Platform platform = to_platform(Machine{}, Environment{});
  EXPECT_FALSE(platform.driver_version);
  EXPECT_FALSE(platform.python_version);
  EXPECT_FALSE(platform.torch_cxx11_abi);
  EXPECT_TRUE(platform.gpu_compute_capabilities.empty());
}

TEST(MarkerValues, PreferTheInterpretersOwn) {
  Environment environment;
  environment.python.markers = {{"python_version", "3.12"}, {"sys_platform", "linux"}};
  EXPECT_EQ(marker_values(environment, Machine{}), environment.python.markers);
}

TEST(MarkerValues, DerivedFromThePlatformWithoutAnInterpreter) {
  Machine machine;
  machine.os.arch = "x86_64";
  machine.os.kernel = "6.1.0-18-amd64";
  Environment environment;
  environment.python.version = "3.11.2";
  MarkerValues values = marker_values(environment, machine);
  EXPECT_EQ(values["python_version"], "3.11");
  EXPECT_EQ(values["python_full_version"], "3.11.2");
  EXPECT_EQ(values["sys_platform"], "linux");
  EXPECT_EQ(values["platform_machine"], "x86_64");
  EXPECT_EQ(values["platform_release"], "6.1.0-18-amd64");
}

}  // namespace
}  // namespace mlstack::env

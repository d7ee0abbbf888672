// SPDX-License-Identifier: MIT
#include "env/env_json.h"

#include <gtest/gtest.h>

#include "env/env_test_support.h"
#include "env/fake_system.h"

namespace mlstack::env {
namespace {

Machine gpu_machine() {
  Machine m;
  m.os = {"debian", "12", "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "x86_64"};
  m.libc_version = "2.36";
  m.compilers = {{"gcc", "12", "/usr/bin/gcc-12"}};
  m.libstdcxx = {{"libstdc++", "6.0.30", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30"}};
  m.pythons = {{"python", "3.11", "/usr/bin/python3.11"}};
  m.driver = DriverInfo{"535.104.05", "/proc/driver/nvidia/version", "12.2", "libcuda.so.1 cuDriverGetVersion"};
  m.gpus = {{0, "NVIDIA H100 80GB HBM3", 81559, "9.0"}};
  m.gpu_source = "nvidia-smi --query-gpu";
  m.cuda_toolkits = {{"/usr/local/cuda-12.1", "12.1.105", "version.json", {"/usr/local/cuda"}}};
  m.cuda_libraries = {{"cudnn", "8.9.2", "/usr/include/cudnn_version.h"}};
  return m;
}

nlohmann::json envelope(const Machine& machine, const Environment& environment) {
  nlohmann::json doc = {{"schema", "mlstack/1"}, {"command", "env"}, {"env_schema", k_env_schema_version}};
  doc["machine"] = to_json(machine);
  doc["environment"] = to_json(environment);
  doc["problems"] = nlohmann::json::array();
  doc["findings"] = nlohmann::json::array();
  return doc;
}

TEST(EnvJson, RoundTripsMachineAndEnvironment) {
  RealSystem system;
  Environment environment = read_environment(system, {{testing::fixture("venv-basic/lib/python3.11/site-packages")}, "", true});
  Machine machine = gpu_machine();
  nlohmann::json doc = envelope(machine, environment);
  DependencyProblem problem{DependencyProblem::Kind::Conflict, "a", "1", "b<2", "b", "2.1", "", "", "/site/a-1.dist-info", ""};
  doc["problems"].push_back(to_json(problem));
  auto file = parse_env_file(doc.dump(), "env.json");
  ASSERT_TRUE(file) << file.error();
  EXPECT_EQ(to_json(file->machine), to_json(machine));
  EXPECT_EQ(to_json(file->environment), to_json(environment));
  ASSERT_EQ(file->problems.size(), 1u);
  EXPECT_EQ(file->problems[0], problem);
  EXPECT_EQ(file->environment.find("torch")->version, "2.3.0+cu121");
  EXPECT_EQ(file->environment.torch->cxx11_abi, false);
}

TEST(EnvJson, RejectsOtherDocuments) {
  EXPECT_EQ(parse_env_file("[1]", "x.json").error(), "x.json: not a JSON object");
  EXPECT_EQ(parse_env_file(R"({"schema": "mlstack/1", "command": "scan"})", "x.json").error(),
            "x.json: written by another verb than `mlstack env` (\"command\")");
  EXPECT_EQ(parse_env_file(R"({"schema": "other"})", "x.json").error(),
            "x.json: not an mlstack JSON document (\"schema\" is not \"mlstack/1\")");
}

TEST(EnvJson, NamesTheFirstBadField) {
  nlohmann::json doc = envelope(gpu_machine(), Environment{});
  doc["machine"]["gpus"][0]["memory_mib"] = "lots";
  EXPECT_EQ(parse_env_file(doc.dump(), "x.json").error(), "x.json: machine.gpus[0].memory_mib: not a number");
  doc = envelope(gpu_machine(), Environment{});
  doc["environment"]["distributions"] = nlohmann::json::array({{{"name", "a"}, {"version", "1"}}});
  EXPECT_EQ(parse_env_file(doc.dump(), "x.json").error(), "x.json: environment.distributions[0].canonical_name: missing");
}

TEST(EnvJson, LoadsTheSavedGpuMachineFixture) {
  auto file = load_env_file(testing::fixture("saved/h100-torch-cu121.json"));
  ASSERT_TRUE(file) << file.error();
  ASSERT_TRUE(file->machine.driver);
  EXPECT_EQ(file->machine.driver->cuda_version, "12.2");
  ASSERT_EQ(file->machine.gpus.size(), 2u);
  EXPECT_EQ(file->machine.gpus[0].compute_capability, "9.0");
  ASSERT_NE(file->environment.find("torch"), nullptr);
  ASSERT_FALSE(file->findings.empty());
  EXPECT_FALSE(file->findings[0].origins.empty());
}

TEST(EnvJson, MissingFileNamesIt) {
  auto file = load_env_file("/nonexistent/env.json");
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().find("/nonexistent/env.json"), std::string::npos);
}

}  // namespace
}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
// `mlstack plan` end to end on the test index read as file:// (tests/data/index:
// the ML stack from ../shared/index; its plan-deps/ folder: the packages they
// depend on, from the corpus lock files), and the seeds as acceptance cases.
#include <unistd.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

const std::string k_data = MLSTACK_SOURCE_DIR "/tests/data/";
const std::string k_index = "file://" MLSTACK_SOURCE_DIR "/tests/data/index/";

// The package sources every plan test reads: PyPI's subset, the packages it
// depends on, and the PyTorch variant indexes, with no cache.
std::vector<std::string> sources() {
  return {"--index-url",     k_index + "pypi/simple/",      "--extra-index-url", k_index + "plan-deps/simple/",
          "--pytorch-index", k_index + "pytorch/whl",       "--cache-dir",       "none"};
}

RunResult plan(std::vector<std::string> args) {
  std::vector<std::string> all = {"plan"};
  all.insert(all.end(), args.begin(), args.end());
  for (const std::string& s : sources()) all.push_back(s);
  // The plan reads file:// indexes, which offline (the tests' default) forbids.
  return run_mlstack(all, {}, {"MLSTACK_OFFLINE=0"});
}

nlohmann::json json_of(const RunResult& r) { return nlohmann::json::parse(r.out); }

const nlohmann::json* package(const nlohmann::json& doc, const std::string& name) {
  for (const auto& p : doc["packages"])
    if (p["name"] == name) return &p;
  return nullptr;
}

void expect_no_check_errors(const nlohmann::json& doc) {
  for (const auto& f : doc["findings"]) EXPECT_NE(f["severity"], "error") << f.dump();
}

std::string explanation(const nlohmann::json& doc) {
  std::string out;
  for (const auto& line : doc["explanation"]) out += line["text"].get<std::string>() + "\n";
  return out;
}

// --verbose: the plan is the same, and stderr says where the time went and
// how much the solver did.
TEST(PlanCommandTest, VerbosePrintsPhasesAndTheSolversCounts) {
  std::vector<std::string> args = {k_data + "plan/seeds/004-qwen-image", "--target",
                                   "gpu=RTX A6000,cuda=12.8,python=3.11,glibc=2.35", "--format", "json"};
  auto quiet = plan(args);
  args.push_back("--verbose");
  auto verbose = plan(args);
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  ASSERT_EQ(verbose.exit_code, 0) << verbose.err;
  EXPECT_EQ(verbose.out, quiet.out);
  for (const char* phase : {"plan: kb", "plan: target", "plan: requirements", "plan: index session", "plan: solve",
                            "plan: rows and check", "peak RSS"})
    EXPECT_NE(verbose.err.find(phase), std::string::npos) << phase << "\n" << verbose.err;
  EXPECT_NE(verbose.err.find(" decisions, "), std::string::npos) << verbose.err;
  EXPECT_NE(verbose.err.find(" conflicts, "), std::string::npos) << verbose.err;
  EXPECT_NE(verbose.err.find(" incompatibilities"), std::string::npos) << verbose.err;
}

TEST(PlanCommandTest, MalformedTargetIsAUsageErrorListingTheFields) {
  auto r = plan({"torch", "--target", "gpu=A100,drvier=535.104.05,python=3.10"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("accepted fields: gpu, sm, driver, cuda, python, glibc, arch, os, toolkit"), std::string::npos)
      << r.err;
  auto gpu = plan({"torch", "--target", "gpu=A6000x,driver=550.54.15,python=3.10"});
  EXPECT_EQ(gpu.exit_code, 2);
  EXPECT_NE(gpu.err.find("nearest: NVIDIA RTX A6000"), std::string::npos) << gpu.err;
  auto driver = plan({"torch", "--target", "gpu=A100,driver=five-three-five,python=3.10"});
  EXPECT_EQ(driver.exit_code, 2);
  EXPECT_NE(driver.err.find("is not a driver version"), std::string::npos) << driver.err;
}

// Seed 000 (llm-awq) on an RTX A6000 with a 535 driver and Python 3.10: the
// 535 driver runs CUDA 12.2 at most, so torch 2.3.0 comes as PyPI's CUDA 12.1
// build; that build uses the pre-C++11 ABI, so the flash-attn wheel is the
// cxx11abiFALSE one for torch 2.3 (the seed's section 4.3); and transformers
// 4.46.0 keeps huggingface-hub below 1.0 (its section 4.2).
TEST(PlanCommandTest, Seed000OnAnRtxA6000WithDriver535) {
  auto r = plan({k_data + "plan/seeds/000-llm-awq", "--target",
                 "gpu=RTX A6000,driver=535.104.05,python=3.10,glibc=2.35", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  auto doc = json_of(r);
  ASSERT_TRUE(doc["solved"].get<bool>()) << explanation(doc);
  const auto* torch = package(doc, "torch");
  const auto* fa = package(doc, "flash-attn");
  const auto* hub = package(doc, "huggingface-hub");
  ASSERT_NE(torch, nullptr);
  ASSERT_NE(fa, nullptr);
  ASSERT_NE(hub, nullptr);
  EXPECT_EQ((*torch)["version"], "2.3.0");
  EXPECT_EQ((*fa)["version"], "2.7.4.post1+cu12torch2.3cxx11abifalse");
  EXPECT_EQ(doc["virtual_packages"]["__torch-cxx11abi"], "0");
  std::string hub_version = (*hub)["version"];
  EXPECT_TRUE(hub_version.starts_with("0.")) << hub_version;
  expect_no_check_errors(doc);
}

// Seed 001, Phase 1A: on an H100 with a 550 driver and Python 3.10, a plan
// with a prebuilt flash-attn wheel that fits torch 2.3's ABI and CUDA 12.
TEST(PlanCommandTest, Seed001Phase1AOnAnH100PlansAPrebuiltFlashAttn) {
  auto r = plan({k_data + "plan/seeds/001-phase1a", "--target", "gpu=H100,driver=550.54.15,python=3.10,glibc=2.35",
                 "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  auto doc = json_of(r);
  ASSERT_TRUE(doc["solved"].get<bool>()) << explanation(doc);
  const auto* torch = package(doc, "torch");
  const auto* fa = package(doc, "flash-attn");
  ASSERT_NE(torch, nullptr);
  ASSERT_NE(fa, nullptr);
  EXPECT_EQ((*torch)["version"], "2.3.1");
  EXPECT_EQ((*fa)["version"], "2.5.8+cu122torch2.3cxx11abifalse");
  EXPECT_EQ((*fa)["file"]["kind"], "wheel");
  EXPECT_EQ(doc["virtual_packages"]["__torch-cxx11abi"], "0");
  expect_no_check_errors(doc);
}


// Seed 001's "golden" script on the same H100: torch 2.8.0+cu128 needs a
// driver for CUDA 12.8, and the 550 driver runs CUDA 12.4 at most. The
// explanation says so with the machine's facts, and a nearer plan exists.
TEST(PlanCommandTest, Seed001GoldenIsExplainedWithTheDriversCuda) {
  auto r = plan({k_data + "projects/golden-setup", "--stack", "golden_dynamic_setup_auto.sh", "--target",
                 "gpu=H100,driver=550.54.15,python=3.10,glibc=2.35", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = json_of(r);
  ASSERT_FALSE(doc["solved"].get<bool>());
  std::string text = explanation(doc);
  EXPECT_NE(text.find("torch==2.8.0+cu128 depends on __cuda>=12.8"), std::string::npos) << text;
  EXPECT_NE(text.find("the target's driver 550.54.15 supports CUDA 12.4 at most"), std::string::npos) << text;
  ASSERT_FALSE(doc["nearest"].empty());
}

// Seed 004 on an RTX A6000 with CUDA 12.8: the newest torch a flash-attn
// wheel exists for, in its CUDA 12.8 build, and that wheel.
TEST(PlanCommandTest, Seed004OnAnRtxA6000PicksTorchAndFlashAttnTogether) {
  auto r = plan({k_data + "plan/seeds/004-qwen-image", "--target", "gpu=RTX A6000,cuda=12.8,python=3.11,glibc=2.35",
                 "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  auto doc = json_of(r);
  const auto* torch = package(doc, "torch");
  const auto* fa = package(doc, "flash-attn");
  ASSERT_NE(torch, nullptr);
  ASSERT_NE(fa, nullptr);
  std::string torch_version = (*torch)["version"];
  std::string fa_version = (*fa)["version"];
  EXPECT_NE(torch_version.find("+cu128"), std::string::npos) << torch_version;
  // flash-attn's label names torch's minor, CUDA 12 and torch's ABI (C++11 from torch 2.7 on).
  std::string minor = torch_version.substr(0, torch_version.find('.', 2));
  EXPECT_NE(fa_version.find("torch" + minor + "cxx11abitrue"), std::string::npos) << fa_version << " / " << torch_version;
  EXPECT_NE(fa_version.find("+cu12"), std::string::npos) << fa_version;
  expect_no_check_errors(doc);
}

// The same on a T4 (sm_75): FlashAttention-2 needs sm_80; the explanation
// says it with the GPU's compute capability, and the plan without it exists.
TEST(PlanCommandTest, Seed004OnAT4ExplainsFlashAttention2AndPlansWithoutIt) {
  auto r = plan({k_data + "plan/seeds/004-qwen-image", "--target", "gpu=T4,cuda=12.8,python=3.11,glibc=2.35", "--format",
                 "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = json_of(r);
  std::string text = explanation(doc);
  EXPECT_NE(text.find("depends on __sm>=8.0"), std::string::npos) << text;
  EXPECT_NE(text.find("NVIDIA T4 has compute capability 7.5 (sm_75)"), std::string::npos) << text;
  bool without = false;
  for (const auto& n : doc["nearest"]) without = without || n["change"] == "without flash-attn>=2.5.8";
  EXPECT_TRUE(without) << doc["nearest"].dump();
}

// Seed 002's Poetry project with its dev and triton groups on a CPU-only
// target: the project sends torch to its PyTorch cu128 source (read from
// --pytorch-index, the mirror of download.pytorch.org), and a CUDA build
// runs on the CPU, so the plan keeps the project's choice.
const std::vector<std::string> k_seed002_cpu = {k_data + "plan/seeds/002-poetry", "--group", "dev", "--group", "triton",
                                                "--target", "python=3.12,glibc=2.35"};

TEST(PlanCommandTest, Seed002PoetryGroupsOnACpuOnlyTarget) {
  auto args = k_seed002_cpu;
  args.insert(args.end(), {"--format", "json"});
  auto r = plan(args);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  auto doc = json_of(r);
  const auto* torch = package(doc, "torch");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ((*torch)["version"], "2.9.1+cu128");
  const auto* pytest = package(doc, "pytest");  // the dev group
  ASSERT_NE(pytest, nullptr);
  EXPECT_EQ((*pytest)["version"].get<std::string>().substr(0, 2), "8.");
  EXPECT_NE(package(doc, "triton"), nullptr);          // the triton group, Linux entry
  EXPECT_EQ(package(doc, "triton-windows"), nullptr);  // its win32 entry
  EXPECT_EQ(package(doc, "flash-attn"), nullptr);      // an optional group not asked for
  expect_no_check_errors(doc);
}

// The same with its flashattn group on an A100 whose driver runs CUDA 12.8:
// flash-attn 2.8.3's prebuilt wheels stop at torch 2.8 and the project pins
// torch 2.9.1, so the explanation says which releases meet which torch.
TEST(PlanCommandTest, Seed002FlashattnGroupOnAnA100ExplainsTheTorchPin) {
  auto r = plan({k_data + "plan/seeds/002-poetry", "--group", "flashattn", "--target",
                 "gpu=A100,driver=570.124.06,python=3.11,glibc=2.35", "--no-nearest", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = json_of(r);
  ASSERT_FALSE(doc["solved"].get<bool>());
  std::string text = explanation(doc);
  EXPECT_NE(text.find("flash-attn==2.8.3 cannot be installed: only an sdist"), std::string::npos) << text;
  EXPECT_NE(text.find("depends on torch==2.8.*"), std::string::npos) << text;
  EXPECT_NE(text.find("you require torch==2.9.1"), std::string::npos) << text;
  auto without = plan({k_data + "plan/seeds/002-poetry", "--target", "gpu=A100,driver=570.124.06,python=3.11,glibc=2.35",
                       "--format", "json"});
  ASSERT_EQ(without.exit_code, 0) << without.err << without.out;
  auto plan_doc = json_of(without);
  const auto* torch = package(plan_doc, "torch");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ((*torch)["version"], "2.9.1+cu128");
  expect_no_check_errors(plan_doc);
}

// The pylock format read back by pypa/packaging's own PEP 751 module
// (../shared/validators, a test oracle, never copied into the repository):
// it must accept the file, and find in it exactly the plan's pins.
TEST(PlanCommandTest, PylockOfSeed002IsAcceptedByPackagingsPylockModule) {
  const std::string validators = MLSTACK_SHARED_DIR "/validators";
  if (!std::filesystem::exists(validators + "/packaging/pylock.py"))
    GTEST_SKIP() << "needs ../shared/validators (pypa/packaging's pylock module); not present";
  auto args = k_seed002_cpu;
  args.insert(args.end(), {"--format", "json"});
  auto json = plan(args);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto doc = json_of(json);
  std::string expected;
  for (const auto& p : doc["packages"])
    expected += p["name"].get<std::string>() + " " + p["version"].get<std::string>() + "\n";

  std::string file = ::testing::TempDir() + "mlstack-plan-pylock-" + std::to_string(::getpid()) + ".toml";
  args = k_seed002_cpu;
  args.insert(args.end(), {"--format", "pylock", "-o", file});
  auto lock = plan(args);
  ASSERT_EQ(lock.exit_code, 0) << lock.err;
  // Pins as packaging reads them, one "name version" line each, in file order.
  std::string command = "python3 -c 'import sys, tomllib; sys.path.insert(0, sys.argv[1])\n"
                        "from packaging.pylock import Pylock\n"
                        "lock = Pylock.from_dict(tomllib.load(open(sys.argv[2], \"rb\")))\n"
                        "[print(p.name, p.version) for p in lock.packages]' " +
                        validators + " " + file + " 2>&1";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  int status = pclose(pipe);
  std::filesystem::remove(file);
  ASSERT_EQ(status, 0) << out;
  EXPECT_EQ(out, expected);
}

// A plan with a file the index gives no sha256 for (flash-attn from the kb's
// release matrix) has no pylock: PEP 751 needs a hash per file; say which.
TEST(PlanCommandTest, PylockNeedsAHashForEveryFile) {
  auto r = plan({k_data + "plan/seeds/001-phase1a", "--target", "gpu=H100,driver=550.54.15,python=3.10,glibc=2.35",
                 "--format", "pylock"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the index gives none for: flash-attn"), std::string::npos) << r.err;
}
}  // namespace
}  // namespace mlstack::testing

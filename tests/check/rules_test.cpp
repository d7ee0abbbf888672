// SPDX-License-Identifier: MIT
// Each rule: a stack that triggers it and one that must not, on the built-in kb.
#include <gtest/gtest.h>

#include <algorithm>

#include "check/check.h"
#include "check/stack_builder.h"

namespace mlstack::check {
namespace {

using testing::builtin_kb;
using testing::make_stack;

std::vector<Finding> constraints_of(const Stack& stack) {
  std::vector<Finding> out;
  check_kb_constraints(builtin_kb(), stack, out);
  return out;
}

std::vector<Finding> with_rule(const std::vector<Finding>& findings, std::string_view rule) {
  std::vector<Finding> out;
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(out), [&](const Finding& f) { return f.rule == rule; });
  return out;
}

pep::Version v(const char* text) { return *pep::Version::parse(text); }

bool cites_fact(const Finding& f) {
  return std::any_of(f.origins.begin(), f.origins.end(),
                     [](const Origin& o) { return o.kind == Origin::Kind::Fact && !o.source.empty(); });
}

TEST(TorchCompanionTest, MismatchedTorchvisionIsReportedOnceWithItsFact) {
  Stack stack = make_stack({"torch==2.3.0", "torchvision==0.18.1"});
  auto found = with_rule(constraints_of(stack), "torch.companion-mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("0.18"), std::string::npos) << found[0].message;
  EXPECT_TRUE(cites_fact(found[0]));
  EXPECT_FALSE(found[0].fix.empty());
}

TEST(TorchCompanionTest, MatchingReleaseIsClean) {
  Stack stack = make_stack({"torch==2.3.0", "torchvision==0.18.0", "torchaudio==2.3.0"});
  EXPECT_TRUE(with_rule(constraints_of(stack), "torch.companion-mismatch").empty());
}

TEST(CudaDriverTest, TorchCu121OnDriverForCuda118) {
  Stack stack = make_stack({"torch==2.3.0+cu121"});
  stack.platform.driver_cuda = v("11.8");
  stack.machine_origin = Origin::machine("nvidia-smi");
  auto found = with_rule(constraints_of(stack), "cuda.driver-too-old");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("__cuda>=12.1"), std::string::npos) << found[0].message;
  EXPECT_NE(found[0].message.find("11.8"), std::string::npos) << found[0].message;
  EXPECT_TRUE(cites_fact(found[0]));
}

TEST(CudaDriverTest, NewEnoughDriverAndUnknownDriverAreClean) {
  Stack stack = make_stack({"torch==2.3.0+cu121"});
  EXPECT_TRUE(with_rule(constraints_of(stack), "cuda.driver-too-old").empty()) << "unknown driver is no finding";
  stack.platform.driver_cuda = v("12.4");
  EXPECT_TRUE(with_rule(constraints_of(stack), "cuda.driver-too-old").empty());
}

TEST(TorchArchTest, GpuOfAMajorTheArchListSkipsHasNoKernel) {
  Stack stack = make_stack({"torch==2.8.0+cu128"});
  stack.platform.gpu_compute_capabilities = {110};
  auto found = with_rule(constraints_of(stack), "torch.arch-missing");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].detail.find("except 11.x"), std::string::npos) << found[0].detail;
  stack.platform.gpu_compute_capabilities = {89, 120};
  EXPECT_TRUE(with_rule(constraints_of(stack), "torch.arch-missing").empty());
}

TEST(TorchToolkitTest, NvccOfAnotherMajorIsAWarningCitingCppExtension) {
  Stack stack = make_stack({"torch==2.3.0+cu121"});
  stack.platform.cuda_toolkit = v("13.0.88");
  stack.machine_origin = Origin::machine("/usr/local/cuda/version.json");
  auto found = with_rule(constraints_of(stack), "torch.toolkit-mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_NE(found[0].message.find("__cuda-toolkit<13,>=12"), std::string::npos) << found[0].message;
  EXPECT_NE(found[0].message.find("13.0.88"), std::string::npos) << found[0].message;
  ASSERT_TRUE(cites_fact(found[0]));
  bool cites_cpp_extension = std::any_of(found[0].origins.begin(), found[0].origins.end(), [](const Origin& o) {
    return o.source.find("torch/utils/cpp_extension.py") != std::string::npos;
  });
  EXPECT_TRUE(cites_cpp_extension);
}

TEST(TorchToolkitTest, SameMajorUnknownToolkitAndCpuBuildAreClean) {
  Stack stack = make_stack({"torch==2.3.0+cu121"});
  EXPECT_TRUE(with_rule(constraints_of(stack), "torch.toolkit-mismatch").empty()) << "no nvcc is no finding";
  stack.platform.cuda_toolkit = v("12.4.131");
  EXPECT_TRUE(with_rule(constraints_of(stack), "torch.toolkit-mismatch").empty()) << "a minor difference only warns";
  Stack cpu = make_stack({"torch==2.3.0+cpu"});
  cpu.platform.cuda_toolkit = v("13.0");
  EXPECT_TRUE(with_rule(constraints_of(cpu), "torch.toolkit-mismatch").empty());
}

TEST(TorchToolkitTest, ProjectThatBuildsCudaExtensionsMakesItAnError) {
  Stack stack = make_stack({"torch==2.3.0+cu121"});
  stack.platform.cuda_toolkit = v("13.0");
  CheckInput input;
  input.kb = &builtin_kb();
  input.environment = stack;
  input.cuda_extension_builds.push_back(Origin::file("setup.py", 12, 5, "awq_inference_engine"));
  auto found = with_rule(run_checks(input).findings, "torch.toolkit-mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Error);
  EXPECT_TRUE(std::any_of(found[0].origins.begin(), found[0].origins.end(),
                          [](const Origin& o) { return o.path == "setup.py" && o.line == 12; }));
}

TEST(TorchToolkitTest, NothingCompiledMakesItANote) {
  Stack stack = make_stack({"torch==2.3.0+cu121"});
  stack.platform.cuda_toolkit = v("13.0");
  CheckInput input;
  input.kb = &builtin_kb();
  input.environment = stack;
  auto found = with_rule(run_checks(input).findings, "torch.toolkit-mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Info);
}

TEST(FlashAttnTest, WrongCxx11AbiPredictsUndefinedSymbol) {
  Stack stack = make_stack({"torch==2.3.0+cu121", "flash-attn==2.6.3+cu123torch2.3cxx11abiTRUE"});
  stack.platform.torch_cxx11_abi = false;
  stack.platform.python_version = v("3.10.14");
  auto found = with_rule(constraints_of(stack), "ext.cxx11-abi");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("__torch-cxx11abi"), std::string::npos) << found[0].message;
  EXPECT_NE(found[0].fix.find("cxx11abiFALSE"), std::string::npos) << found[0].fix;
}

TEST(FlashAttnTest, WrongTorchMinor) {
  Stack stack = make_stack({"torch==2.4.0+cu121", "flash-attn==2.6.3+cu123torch2.3cxx11abiFALSE"});
  stack.platform.torch_cxx11_abi = false;
  auto found = with_rule(constraints_of(stack), "ext.torch-mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("torch==2.3"), std::string::npos) << found[0].message;
}

TEST(FlashAttnTest, MatchingWheelIsClean) {
  Stack stack = make_stack({"torch==2.3.0+cu121", "flash-attn==2.6.3+cu123torch2.3cxx11abiFALSE"});
  stack.platform.torch_cxx11_abi = false;
  stack.platform.python_version = v("3.10.14");
  stack.platform.gpu_compute_capabilities = {80};
  auto found = constraints_of(stack);
  EXPECT_TRUE(with_rule(found, "ext.cxx11-abi").empty());
  EXPECT_TRUE(with_rule(found, "ext.torch-mismatch").empty());
  EXPECT_TRUE(with_rule(found, "gpu.unsupported").empty());
}

TEST(GpuTest, FlashAttention2OnTuring) {
  Stack stack = make_stack({"torch==2.3.0+cu121", "flash-attn==2.6.3+cu123torch2.3cxx11abiFALSE"});
  stack.platform.gpu_compute_capabilities = {75};
  auto found = with_rule(constraints_of(stack), "gpu.unsupported");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("__sm>=8"), std::string::npos) << found[0].message;
  EXPECT_NE(found[0].message.find("7.5"), std::string::npos) << found[0].message;
}

TEST(CouplingTest, Transformers4WithHub1) {
  Stack stack = make_stack({"transformers==4.46.0", "huggingface-hub==1.0.1"});
  auto found = with_rule(constraints_of(stack), "coupling.violated");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("huggingface-hub<1.0"), std::string::npos) << found[0].message;
  EXPECT_EQ(found[0].fix, "pip install \"huggingface-hub<1.0\"");
}

TEST(CouplingTest, Transformers4WithHub0IsClean) {
  Stack stack = make_stack({"transformers==4.46.0", "huggingface-hub==0.36.2"});
  EXPECT_TRUE(with_rule(constraints_of(stack), "coupling.violated").empty());
}

TEST(ReleaseFactsTest, NonexistentTorchPatchRelease) {
  Stack stack = make_stack({"torch==2.3.2"}, Stack::Kind::Script);
  std::vector<Finding> out;
  check_release_facts(builtin_kb(), stack, out);
  auto found = with_rule(out, "release.unknown-version");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].fix.find("2.3.1"), std::string::npos) << found[0].fix;
}

TEST(ReleaseFactsTest, ExistingReleasesAndNewerThanKbAreNotCalledMissing) {
  Stack stack = make_stack({"torch==2.8.0", "torch==99.0", "flash-attn==2.6.3"}, Stack::Kind::Script);
  std::vector<Finding> out;
  check_release_facts(builtin_kb(), stack, out);
  EXPECT_TRUE(with_rule(out, "release.unknown-version").empty()) << (out.empty() ? "" : out[0].message);
}

TEST(ReleaseFactsTest, PrereleasePin) {
  Stack stack = make_stack({"numpy==2.0.0rc1"}, Stack::Kind::Manifest);
  std::vector<Finding> out;
  check_release_facts(builtin_kb(), stack, out);
  auto pins = with_rule(out, "release.prerelease-pin");
  ASSERT_EQ(pins.size(), 1u);
  EXPECT_EQ(pins[0].severity, Severity::Warning);
  EXPECT_EQ(pins[0].fix, "pin numpy==2.0.0");
}

TEST(ReleaseFactsTest, PrereleaseWithoutAKnownFinalReleaseIsANote) {
  // opentelemetry's instrumentation packages publish only 0.xxbN releases.
  Stack stack = make_stack({"opentelemetry-instrumentation==0.54b0"}, Stack::Kind::Manifest);
  std::vector<Finding> out;
  check_release_facts(builtin_kb(), stack, out);
  auto pins = with_rule(out, "release.prerelease-pin");
  ASSERT_EQ(pins.size(), 1u);
  EXPECT_EQ(pins[0].severity, Severity::Info);
  EXPECT_TRUE(pins[0].fix.empty());
}

TEST(ReleaseFactsTest, InstalledEnvironmentIsNotJudgedAsPins) {
  Stack stack = make_stack({"numpy==2.0.0rc1"}, Stack::Kind::Environment);
  std::vector<Finding> out;
  check_release_facts(builtin_kb(), stack, out);
  EXPECT_TRUE(out.empty());
}

TEST(DeclaredTest, MissingAndMismatchedAgainstEnvironment) {
  Stack env = make_stack({"torch==2.4.1", "numpy==1.26.4"});
  std::vector<DeclaredRequirement> declared;
  for (const char* text : {"torch==2.3.0", "numpy<2", "tqdm", "pywin32; sys_platform == 'win32'"}) {
    declared.push_back({*pep::Requirement::parse(text), Origin::file("pyproject.toml", 7), "", false});
  }
  declared.push_back({*pep::Requirement::parse("gradio==3.35.2"), Origin::file("pyproject.toml", 20), "serve", true});
  std::vector<Finding> out;
  check_declared_against_installed(declared, env, out);
  auto missing = with_rule(out, "project.missing");
  auto mismatch = with_rule(out, "project.version-mismatch");
  ASSERT_EQ(missing.size(), 1u) << "optional extras and false markers are not missing";
  EXPECT_NE(missing[0].message.find("tqdm"), std::string::npos);
  ASSERT_EQ(mismatch.size(), 1u);
  EXPECT_EQ(mismatch[0].message, "torch 2.4.1 is installed, but pyproject.toml declares torch==2.3.0");
  EXPECT_EQ(mismatch[0].fix, "pip install \"torch==2.3.0\"");
}

TEST(DeclaredTest, AFileNotInstalledInTheEnvironmentIsOneFinding) {
  // The interpreter on PATH is not the project's: one finding per file and
  // rule, not one per package; a file with one gap keeps its own finding.
  Stack env = make_stack({"numpy==1.26.4", "torch==2.4.1"});
  env.label = "environment /usr/lib/python3/dist-packages";
  std::vector<DeclaredRequirement> declared;
  auto declare = [&](const char* file, std::initializer_list<const char*> texts) {
    for (const char* text : texts) declared.push_back({*pep::Requirement::parse(text), Origin::file(file, 1), "", false});
  };
  declare("requirements.txt", {"transformers==4.27.1", "gradio", "cpm_kernels"});
  declare("eval/requirements.txt", {"numpy<2", "tqdm"});
  declare("gpt/requirements.txt", {"numpy==2.2.6", "torch==2.7.0", "accelerate==1.9.0", "einops==0.8.1"});
  std::vector<Finding> out;
  check_declared_against_installed(declared, env, out);
  auto in = [&](std::string_view rule, std::string_view path) {
    std::vector<Finding> found;
    for (const Finding& f : with_rule(out, rule))
      if (f.origins.front().path == path) found.push_back(f);
    return found;
  };
  auto whole = in("project.missing", "requirements.txt");
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0].message,
            "none of the 3 requirements requirements.txt declares is installed in environment /usr/lib/python3/dist-packages");
  EXPECT_EQ(whole[0].fix, "pip install -r requirements.txt");
  EXPECT_NE(whole[0].detail.find("transformers==4.27.1"), std::string::npos);
  auto single = in("project.missing", "eval/requirements.txt");
  ASSERT_EQ(single.size(), 1u);
  EXPECT_EQ(single[0].message, "tqdm is declared in eval/requirements.txt but not installed");
  auto partly = in("project.missing", "gpt/requirements.txt");
  ASSERT_EQ(partly.size(), 1u);
  EXPECT_EQ(partly[0].message.substr(0, 46), "2 of the 4 requirements gpt/requirements.txt d");
  auto versions = in("project.version-mismatch", "gpt/requirements.txt");
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_NE(versions[0].detail.find("numpy 1.26.4 (declared numpy==2.2.6)"), std::string::npos) << versions[0].detail;
  EXPECT_NE(versions[0].detail.find("torch 2.4.1 (declared torch==2.7.0)"), std::string::npos) << versions[0].detail;
}

TEST(RunChecksTest, SortsErrorsFirstAndDeduplicates) {
  CheckInput input;
  input.kb = &builtin_kb();
  Stack pins = make_stack({"torch==2.3.0", "torchvision==0.18.1", "numpy==2.0.0rc1"}, Stack::Kind::Script);
  input.declared_stacks = {pins, pins};
  CheckResult result = run_checks(input);
  ASSERT_GE(result.findings.size(), 2u);
  EXPECT_EQ(result.findings.front().severity, Severity::Error);
  EXPECT_EQ(result.findings.back().severity, Severity::Warning);
  EXPECT_EQ(with_rule(result.findings, "torch.companion-mismatch").size(), 1u);
}

}  // namespace
}  // namespace mlstack::check

namespace mlstack::check {
namespace {

TEST(ReleaseFactsTest, CompanionReleasesListedWithTorchExist) {
  Stack stack = testing::make_stack({"torchvision==0.18.1", "torchaudio==2.3.1"}, Stack::Kind::Script);
  std::vector<Finding> out;
  check_release_facts(testing::builtin_kb(), stack, out);
  EXPECT_TRUE(out.empty()) << out[0].message;
}

}  // namespace
}  // namespace mlstack::check

namespace mlstack::check {
namespace {

DeclaredRequirement declare(const char* text) {
  return DeclaredRequirement{*pep::Requirement::parse(text), Origin::file("requirements.txt", 1), "", false};
}

StackPackage* package_named(Stack& stack, std::string_view name) {
  for (StackPackage& p : stack.packages)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(ProjectExtraTest, RequestedPackageNothingDeclaredNeedsIsReported) {
  Stack env = make_stack({"torch==2.3.0", "numpy==1.26.4", "einops==0.8.0", "pip==24.0", "tinyquant==0.1.0"});
  package_named(env, "torch")->requires_dist = {"numpy", "sympy ; extra == \"never\""};
  for (const char* name : {"torch", "numpy", "einops", "pip", "tinyquant"}) package_named(env, name)->requested = true;
  std::vector<Finding> out;
  check_extra_installed({declare("torch>=2")}, {"tinyquant"}, env, out);
  ASSERT_EQ(out.size(), 1u) << "numpy is required by torch; pip is tooling; tinyquant is the project";
  EXPECT_EQ(out[0].rule, "project.extra");
  EXPECT_EQ(out[0].severity, Severity::Info);
  EXPECT_NE(out[0].message.find("einops 0.8.0"), std::string::npos) << out[0].message;
}

TEST(ProjectExtraTest, ExtrasAndMarkersAreFollowedAndUnrequestedPackagesIgnored) {
  Stack env = make_stack({"transformers==4.46.0", "accelerate==1.0.0", "torch==2.3.0", "pywin32==306"});
  env.platform.os = "linux";
  env.platform.python_version = v("3.11.7");
  package_named(env, "transformers")->requires_dist = {"accelerate>=0.26 ; extra == \"torch\"",
                                                       "pywin32 ; sys_platform == \"win32\""};
  package_named(env, "accelerate")->requires_dist = {"torch>=2"};
  for (StackPackage& p : env.packages) p.requested = true;
  std::vector<Finding> out;
  check_extra_installed({declare("transformers[torch]==4.46.0")}, {}, env, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].message.find("pywin32"), std::string::npos) << "its marker is false on linux";

  out.clear();
  package_named(env, "pywin32")->requested = false;  // pulled in as a dependency once
  check_extra_installed({declare("transformers[torch]==4.46.0")}, {}, env, out);
  EXPECT_TRUE(out.empty());
  check_extra_installed({}, {}, env, out);
  EXPECT_TRUE(out.empty()) << "nothing declared: nothing to compare with";
}

}  // namespace
}  // namespace mlstack::check

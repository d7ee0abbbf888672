// SPDX-License-Identifier: MIT
// Rules over declared ranges (every allowed version, a fresh install), and
// marker cases (issue "check on real projects"): each measured case is a test.
#include <gtest/gtest.h>

#include <algorithm>

#include "check/check.h"
#include "check/marker_cases.h"
#include "check/stack_builder.h"

namespace mlstack::check {
namespace {

using testing::builtin_kb;
using testing::make_stack;

std::vector<Finding> findings_of(const Stack& stack, const std::vector<Anchor>& anchors = {}) {
  std::vector<Finding> out;
  check_kb_constraints(builtin_kb(), stack, out, anchors);
  return out;
}

std::vector<Finding> with_rule(const std::vector<Finding>& all, std::string_view rule) {
  std::vector<Finding> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out), [&](const Finding& f) { return f.rule == rule; });
  return out;
}

Stack manifest(std::initializer_list<const char*> packages) {
  Stack stack = make_stack(packages, Stack::Kind::Manifest);
  stack.label = "requirements.txt";
  return stack;
}

TEST(FreshInstallTest, UnpinnedNumpyBesideOldTorchWarnsWithTheBound) {
  auto found = with_rule(findings_of(manifest({"torch==2.1.2", "numpy"})), "coupling.violated");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_NE(found[0].message.find("torch 2.1.2 needs numpy<2, but a fresh install of requirements.txt gets numpy 2."),
            std::string::npos)
      << found[0].message;
  EXPECT_EQ(found[0].fix, "add the bound: declare numpy<2 in requirements.txt instead of numpy");
  // The fact behind it and the release a fresh install gets, both cited.
  EXPECT_TRUE(std::any_of(found[0].origins.begin(), found[0].origins.end(),
                          [](const Origin& o) { return o.context == "coupling:torch-lt-2.3-numpy-lt-2"; }));
}

TEST(FreshInstallTest, BoundedOrExcludedNumpy) {
  EXPECT_TRUE(with_rule(findings_of(manifest({"torch==2.1.2", "numpy<2"})), "coupling.violated").empty());
  // A range that allows only numpy 2 is no warning but an error: nothing can work.
  auto found = with_rule(findings_of(manifest({"torch==2.1.2", "numpy>=2"})), "coupling.violated");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Error);
  // torch 2.3 and later run with NumPy 2: nothing to say.
  EXPECT_TRUE(with_rule(findings_of(manifest({"torch==2.3.0", "numpy"})), "coupling.violated").empty());
}

TEST(FreshInstallTest, ATorchRangeWhoseNewestReleaseRunsWithNumpyTwoIsNoFinding) {
  // A fresh install of torch>=2.0 gets a torch that runs with NumPy 2.
  EXPECT_TRUE(with_rule(findings_of(manifest({"torch>=2.0", "numpy"})), "coupling.violated").empty());
  // Every torch <2.3 needs numpy<2: the fresh numpy breaks it.
  auto found = with_rule(findings_of(manifest({"torch>=2.0,<2.3", "numpy"})), "coupling.violated");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
}

TEST(FreshInstallTest, WhatInstallersEnforceIsNoWarning) {
  // torchvision's Requires-Dist pins torch: pip picks the torchvision that fits.
  EXPECT_TRUE(findings_of(manifest({"torchvision>=0.18", "torch==2.3.0"})).empty());
  // transformers 4.46.0 states tokenizers>=0.20,<0.21: pip picks one.
  EXPECT_TRUE(findings_of(manifest({"transformers==4.46.0", "tokenizers>=0.12.1"})).empty());
  // ... but a range that excludes every fitting version cannot install.
  auto found = with_rule(findings_of(manifest({"transformers==4.46.0", "tokenizers<0.13"})), "coupling.violated");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Error);
}

TEST(WildcardPinTest, TorchAndTorchvisionWildcardsFromDifferentReleasesAreAnError) {
  auto found = with_rule(findings_of(manifest({"torch==2.8.0.*", "torchvision==0.22.*"})), "torch.companion-mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Error);
  EXPECT_EQ(found[0].message,
            "every torchvision release that torchvision==0.22.* allows (0.22.0, 0.22.1) needs torch==2.7.0 or "
            "torch==2.7.1, but requirements.txt allows only torch==2.8.0.* (no version satisfies both)");
  // A wildcard that holds the matching release is fine.
  EXPECT_TRUE(findings_of(manifest({"torch==2.7.*", "torchvision==0.22.*"})).empty());
  // Exact torchvision against a torch wildcard.
  EXPECT_EQ(with_rule(findings_of(manifest({"torch==2.8.0.*", "torchvision==0.22.1"})), "torch.companion-mismatch").size(), 1u);
}

TEST(DriverTest, TargetDriverKeepsItsTextAndGivesTheHighestCuda) {
  auto target = parse_target("driver=535.183.01");
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->driver_version_text, "535.183.01");
  EXPECT_EQ(target->driver_version->str(), "535.183.1");
}

Stack on_driver(std::initializer_list<const char*> packages, const char* driver, std::vector<int> gpus = {}) {
  Stack stack = manifest(packages);
  stack.platform.driver_version = *pep::Version::parse(driver);
  stack.platform.driver_version_text = driver;
  stack.platform.gpu_compute_capabilities = std::move(gpus);
  stack.platform.driver_cuda = builtin_kb().highest_cuda_for_driver(*stack.platform.driver_version)->version;
  stack.has_machine = true;
  return stack;
}

TEST(MinorVersionCompatTest, NewerMinorOfTheSameMajorIsAWarningWithItsLimits) {
  auto all = findings_of(on_driver({"torch==2.8.0"}, "535.183.01"));
  EXPECT_TRUE(with_rule(all, "cuda.driver-too-old").empty());
  auto found = with_rule(all, "cuda.minor-version-compat");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Warning);
  EXPECT_NE(found[0].message.find("the driver (535.183.01) supports CUDA up to 12.2"), std::string::npos) << found[0].message;
  EXPECT_NE(found[0].detail.find("PTX"), std::string::npos);
  EXPECT_TRUE(std::any_of(found[0].origins.begin(), found[0].origins.end(),
                          [](const Origin& o) { return o.context == "cuda.family:12"; }))
      << found[0].origins.back().to_string();
}

TEST(MinorVersionCompatTest, AnOlderMajorOrPtxJitCannotWork) {
  // A cu128 build on a CUDA 11.4 driver: no compatibility across majors.
  auto found = with_rule(findings_of(on_driver({"torch==2.8.0"}, "470.82.01")), "cuda.driver-too-old");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Error);
  // torch 2.7.0+cu128 ships SASS up to sm_120 plus PTX: a GPU of a newer major
  // (sm_130 here) runs only by JIT-compiling CUDA 12.8 PTX, which a 535 driver cannot.
  found = with_rule(findings_of(on_driver({"torch==2.7.0+cu128"}, "535.183.01", {130})), "cuda.driver-too-old");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].detail.find("JIT"), std::string::npos) << found[0].detail;
  // The same build on a GPU it has SASS for is the warning.
  EXPECT_EQ(with_rule(findings_of(on_driver({"torch==2.7.0+cu128"}, "535.183.01", {90})), "cuda.minor-version-compat").size(),
            1u);
}

TEST(MinorVersionCompatTest, TheFixNamesTheTorchBuildThatRunsOnTheDriver) {
  // torch 2.12.1's PyPI wheel is cu130 (a major gap from a 535 driver's 12.2);
  // its cu126 build runs there through minor version compatibility.
  auto found = with_rule(findings_of(on_driver({"torch==2.12.1"}, "535.183.01")), "cuda.driver-too-old");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::Error);
  EXPECT_NE(found[0].detail.find("PyPI wheel"), std::string::npos) << found[0].detail;
  EXPECT_NE(found[0].fix.find("pip install torch==2.12.1 --index-url https://download.pytorch.org/whl/cu126"),
            std::string::npos)
      << found[0].fix;
  EXPECT_NE(found[0].fix.find("minor version compatibility"), std::string::npos) << found[0].fix;
  // torch 2.4.0 (PyPI: cu121) on a CUDA 11.4 driver: its cu118 build.
  found = with_rule(findings_of(on_driver({"torch==2.4.0"}, "470.82.01")), "cuda.driver-too-old");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].fix.find("whl/cu118"), std::string::npos) << found[0].fix;
  // A range whose every release's PyPI wheel is cu130 (axolotl's torch>=2.11.0,<=2.12.1) says so.
  found = with_rule(findings_of(on_driver({"torch>=2.11.0,<=2.12.1"}, "535.183.01")), "cuda.driver-too-old");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("in the build pip installs by default (its PyPI wheel)"), std::string::npos)
      << found[0].message;
  EXPECT_NE(found[0].fix.find("whl/cu126"), std::string::npos) << found[0].fix;
  // torch 2.8.0 has no CUDA 11 build: the driver is the fix.
  found = with_rule(findings_of(on_driver({"torch==2.8.0"}, "470.82.01")), "cuda.driver-too-old");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].fix.find("--index-url"), std::string::npos) << found[0].fix;
}

TEST(MarkerCasesTest, MutuallyExclusiveMarkersAreSeparateCases) {
  MarkerScope scope;
  auto cases = marker_cases({"python_version >= \"3.10\"", "python_version < \"3.10\""}, scope);
  ASSERT_EQ(cases.size(), 2u);
  for (const auto& c : cases) EXPECT_NE(c.applies[0], c.applies[1]);
  EXPECT_EQ(cases[0].condition, "Python 3.6 to 3.9");
  EXPECT_EQ(cases[1].condition, "Python 3.10 to 3.14");
  // With the interpreter known there is one case.
  scope.platform.python_version = *pep::Version::parse("3.10");
  scope.python_known = true;
  cases = marker_cases({"python_version >= \"3.10\"", "python_version < \"3.10\""}, scope);
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_TRUE(cases[0].applies[0]);
  EXPECT_FALSE(cases[0].applies[1]);
  // No markers: one case, no condition.
  cases = marker_cases({"", ""}, MarkerScope{});
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_TRUE(cases[0].condition.empty());
}

TEST(MarkerCasesTest, PlatformMarkersAndRequiresPython) {
  MarkerScope scope;
  scope.requires_python = *pep::SpecifierSet::parse(">=3.9");
  auto cases = marker_cases({"sys_platform == \"linux\"", ""}, scope);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].condition, "Linux x86_64, Linux aarch64");
  EXPECT_EQ(cases[1].condition, "Windows x86_64, macOS arm64, macOS x86_64");
}

TEST(FixPlanTest, TorchvisionFollowsTheProjectsTorch) {
  Stack env = make_stack({"torch==2.3.0", "torchvision==0.19.0"}, Stack::Kind::Environment);
  std::vector<Anchor> anchors{{"torch", *pep::SpecifierSet::parse("==2.3.0"), "torch==2.3.0", Origin::file("pyproject.toml", 12, 5)}};
  auto found = with_rule(findings_of(env, anchors), "torch.companion-mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].fix, "pip install \"torchvision==0.18.0\"");
}

TEST(FixPlanTest, AFixThatContradictsTheProjectIsWithheldWithTheReason) {
  Stack env = make_stack({"torch==2.3.0", "torchvision==0.19.0"}, Stack::Kind::Environment);
  std::vector<Anchor> anchors{
      {"torch", *pep::SpecifierSet::parse("==2.3.0"), "torch==2.3.0", Origin::file("pyproject.toml", 12, 5)},
      {"torchvision", *pep::SpecifierSet::parse("==0.19.0"), "torchvision==0.19.0", Origin::file("pyproject.toml", 13, 5)}};
  auto found = with_rule(findings_of(env, anchors), "torch.companion-mismatch");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].fix.empty()) << found[0].fix;
  EXPECT_NE(found[0].detail.find("No fix is given"), std::string::npos) << found[0].detail;
  EXPECT_NE(found[0].detail.find("pyproject.toml:13:5 declares torchvision==0.19.0"), std::string::npos) << found[0].detail;
  EXPECT_NE(found[0].detail.find("pyproject.toml:12:5 declares torch==2.3.0"), std::string::npos) << found[0].detail;
}

TEST(FixPlanTest, ATorchUpgradeThatBreaksAnotherPinOfTheStackIsNotProposed) {
  // The project pins torchvision 0.19.0 (torch 2.4.0) but torchaudio 2.3.0 needs torch 2.3.0.
  Stack stack = manifest({"torch==2.3.0", "torchvision==0.19.0", "torchaudio==2.3.0"});
  auto found = with_rule(findings_of(stack), "torch.companion-mismatch");
  ASSERT_FALSE(found.empty());
  for (const auto& f : found) EXPECT_EQ(f.fix.find("torch==2.4.0"), std::string::npos) << f.fix;
}

}  // namespace
}  // namespace mlstack::check

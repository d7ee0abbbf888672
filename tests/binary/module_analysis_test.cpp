// SPDX-License-Identifier: MIT
#include "binary/module_analysis.h"

#include <gtest/gtest.h>

#include "binary/fixtures.h"

namespace mlstack::binary {
namespace {

using testing::fixture;

TEST(AnalyzeModule, GathersLinkageAbiAndFatbinsOfOneModule) {
  Linker linker(LoadContext{});
  auto report = analyze_module(fixture("libkernels.so"), linker);
  ASSERT_TRUE(report) << to_string(report.error());
  EXPECT_EQ(report->machine, ElfMachine::X86_64);
  EXPECT_EQ(report->fatbins.entries.size(), 5u);
  EXPECT_NE(std::find(report->needed.begin(), report->needed.end(), "libcudart.so.13"), report->needed.end());
  EXPECT_GT(report->undefined_symbols, 0u);
  EXPECT_GT(report->defined_symbols, 0u);
}

TEST(AnalyzeModule, ComparesToolchainNeedsWithTheMachinesLibraries) {
  Linker linker(LoadContext{});
  auto report = analyze_module(fixture("libabi_cxx11.so"), linker);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->cxx_abi.abi, CxxAbi::Cxx11);
  auto glibcxx = std::find_if(report->toolchain.begin(), report->toolchain.end(),
                              [](const auto& n) { return n.prefix == "GLIBCXX"; });
  if (glibcxx == report->toolchain.end()) GTEST_SKIP() << "fixture links no GLIBCXX_ version";
  EXPECT_EQ(glibcxx->file, "libstdc++.so.6");
  EXPECT_FALSE(glibcxx->provider.empty());
  EXPECT_TRUE(glibcxx->satisfied);  // built on this machine
  EXPECT_FALSE(glibcxx->newest_provided.empty());
}

TEST(AnalyzeModule, ReportsTheGlibcFutureNeedAsUnsatisfied) {
  Linker linker(LoadContext{});
  auto report = analyze_module(fixture("libglibcfuture.so"), linker);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->toolchain.size(), 1u);
  EXPECT_EQ(report->toolchain[0].newest_needed, "GLIBC_2.99");
  EXPECT_FALSE(report->toolchain[0].satisfied);
}

TEST(AnalyzeModule, FailsOnAnUnreadableModule) {
  Linker linker(LoadContext{});
  auto report = analyze_module(fixture("truncated.so"), linker);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("section header table"), std::string::npos);
}

TEST(AnalyzeModule, CanSkipLinkingAndFatbins) {
  Linker linker(LoadContext{});
  auto report = analyze_module(fixture("libkernels.so"), linker, AnalyzeOptions{false, false});
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->linkage.objects.empty());
  EXPECT_TRUE(report->fatbins.entries.empty());
}

}  // namespace
}  // namespace mlstack::binary

// SPDX-License-Identifier: MIT
#include "binary/gpu_support.h"

#include <gtest/gtest.h>

#include "binary/fixtures.h"

namespace mlstack::binary {
namespace {

FatbinEntry entry(FatbinKind kind, unsigned arch, ArchVariant variant = ArchVariant::Plain, std::uint32_t fatbin = 0,
                  unsigned isa_major = 9, unsigned isa_minor = 0) {
  FatbinEntry e;
  e.kind = kind;
  e.arch = arch;
  e.variant = variant;
  e.fatbin_index = fatbin;
  e.version_major = isa_major;
  e.version_minor = isa_minor;
  return e;
}

ComputeCapability cc(const char* text) { return *parse_compute_capability(text); }

TEST(ComputeCapability, ParsesDottedArchAndSmForms) {
  EXPECT_EQ(cc("8.6"), (ComputeCapability{8, 6}));
  EXPECT_EQ(cc("86"), (ComputeCapability{8, 6}));
  EXPECT_EQ(cc("sm_100"), (ComputeCapability{10, 0}));
  EXPECT_EQ(cc("compute_120"), (ComputeCapability{12, 0}));
  EXPECT_FALSE(parse_compute_capability("8.x"));
  EXPECT_FALSE(parse_compute_capability("8"));
  EXPECT_EQ(to_string(cc("12.1")), "12.1");
}

TEST(GpuSupport, PlainSassRunsOnLaterMinorsOfTheSameMajorOnly) {
  auto sm80 = entry(FatbinKind::Sass, 80);
  EXPECT_TRUE(sass_runs_on(sm80, cc("8.0")));
  EXPECT_TRUE(sass_runs_on(sm80, cc("8.6")));
  EXPECT_TRUE(sass_runs_on(sm80, cc("8.9")));
  EXPECT_FALSE(sass_runs_on(sm80, cc("9.0")));
  EXPECT_FALSE(sass_runs_on(sm80, cc("7.5")));
  EXPECT_FALSE(sass_runs_on(entry(FatbinKind::Sass, 86), cc("8.0")));
}

TEST(GpuSupport, ArchSpecificSassRunsOnExactlyItsArch) {
  auto sm90a = entry(FatbinKind::Sass, 90, ArchVariant::ArchSpecific);
  EXPECT_TRUE(sass_runs_on(sm90a, cc("9.0")));
  auto sm100a = entry(FatbinKind::Sass, 100, ArchVariant::ArchSpecific);
  EXPECT_FALSE(sass_runs_on(sm100a, cc("10.3")));
}

TEST(GpuSupport, FamilySpecificSassRunsAcrossTheFamily) {
  auto sm100f = entry(FatbinKind::Sass, 100, ArchVariant::FamilySpecific);
  EXPECT_TRUE(sass_runs_on(sm100f, cc("10.3")));
  EXPECT_FALSE(sass_runs_on(sm100f, cc("12.0")));
}

TEST(GpuSupport, PlainPtxJitsForEveryLaterArch) {
  auto ptx90 = entry(FatbinKind::Ptx, 90);
  EXPECT_TRUE(ptx_jits_for(ptx90, cc("9.0")));
  EXPECT_TRUE(ptx_jits_for(ptx90, cc("12.0")));
  EXPECT_FALSE(ptx_jits_for(ptx90, cc("8.9")));
  EXPECT_FALSE(ptx_jits_for(entry(FatbinKind::Ptx, 90, ArchVariant::ArchSpecific), cc("10.0")));
  EXPECT_FALSE(sass_runs_on(ptx90, cc("9.0")));
}

TEST(GpuSupport, EvaluatesTheFixtureLikeNvccDocumentsIt) {
  // libkernels.so: sm_80 + sm_90 SASS and compute_90 PTX.
  auto elf = ElfFile::open(testing::fixture("libkernels.so"));
  ASSERT_TRUE(elf);
  auto listing = list_fatbins(*elf);
  EXPECT_EQ(evaluate(listing, cc("8.0")).support, KernelSupport::Native);
  EXPECT_EQ(evaluate(listing, cc("8.6")).support, KernelSupport::Native);
  EXPECT_EQ(evaluate(listing, cc("9.0")).support, KernelSupport::Native);
  auto blackwell = evaluate(listing, cc("10.0"));
  // The device-link fatbin carries SASS only: without PTX it has nothing for 10.0.
  EXPECT_EQ(blackwell.support, KernelSupport::Partial);
  EXPECT_EQ(blackwell.jit_fatbins, 1u);
  EXPECT_EQ(blackwell.missing_fatbins, 1u);
  EXPECT_EQ(blackwell.ptx_isa, "9.0");
  EXPECT_EQ(evaluate(listing, cc("7.5")).support, KernelSupport::None);
}

TEST(GpuSupport, PtxFixtureRunsOnNewerGpusOnlyThroughJit) {
  // libkernels_ptx.so: one fatbin, sm_80 SASS and compute_80 PTX (nvcc -c, host link).
  auto elf = ElfFile::open(testing::fixture("libkernels_ptx.so"));
  ASSERT_TRUE(elf);
  auto listing = list_fatbins(*elf);
  EXPECT_EQ(listing.fatbins, 1u);
  EXPECT_EQ(evaluate(listing, cc("8.6")).support, KernelSupport::Native);
  for (const char* later : {"9.0", "10.0", "12.0"}) {
    auto verdict = evaluate(listing, cc(later));
    EXPECT_EQ(verdict.support, KernelSupport::PtxJit) << later;
    EXPECT_EQ(verdict.ptx_isa, "9.0") << later;  // nvcc 13.0's PTX ISA
  }
  EXPECT_EQ(evaluate(listing, cc("7.5")).support, KernelSupport::None);
}

TEST(GpuSupport, NeedsEveryFatbinCoveredForNative) {
  FatbinListing listing;
  listing.entries = {entry(FatbinKind::Sass, 80, ArchVariant::Plain, 0), entry(FatbinKind::Ptx, 80, ArchVariant::Plain, 0),
                     entry(FatbinKind::Sass, 90, ArchVariant::Plain, 1), entry(FatbinKind::Ptx, 90, ArchVariant::Plain, 1, 8, 4)};
  listing.fatbins = 2;
  auto hopper = evaluate(listing, cc("9.0"));
  EXPECT_EQ(hopper.support, KernelSupport::PtxJit);
  EXPECT_EQ(hopper.native_fatbins, 1u);
  EXPECT_EQ(hopper.jit_fatbins, 1u);
  EXPECT_EQ(hopper.ptx_isa, "9.0");
  EXPECT_EQ(evaluate(listing, cc("8.0")).support, KernelSupport::Partial);
  EXPECT_EQ(evaluate(listing, cc("7.0")).support, KernelSupport::None);
}

TEST(GpuSupport, GroupsCandidatesByVerdict) {
  FatbinListing listing;
  listing.entries = {entry(FatbinKind::Sass, 80), entry(FatbinKind::Sass, 90), entry(FatbinKind::Ptx, 90)};
  listing.fatbins = 1;
  auto groups = coverage(listing, {cc("7.5"), cc("8.0"), cc("8.6"), cc("9.0"), cc("10.0"), cc("12.0")});
  EXPECT_EQ(groups.native, (std::vector<ComputeCapability>{cc("8.0"), cc("8.6"), cc("9.0")}));
  EXPECT_EQ(groups.ptx_jit, (std::vector<ComputeCapability>{cc("10.0"), cc("12.0")}));
  EXPECT_TRUE(groups.partial.empty());
  EXPECT_EQ(groups.none, (std::vector<ComputeCapability>{cc("7.5")}));
}

TEST(GpuSupport, AFileWithoutFatbinsNeedsNoKernel) {
  EXPECT_EQ(evaluate(FatbinListing{}, cc("8.0")).support, KernelSupport::Native);
  EXPECT_EQ(evaluate_library(FatbinListing{}, cc("8.0")).support, KernelSupport::Native);
}

// A library with one kernel set per arch, as cuBLAS ships them: fatbin 0 for
// sm_80, fatbin 1 for sm_90a only, fatbin 2 with sm_100 SASS and compute_100 PTX.
FatbinListing per_arch_sets() {
  FatbinListing listing;
  listing.entries = {entry(FatbinKind::Sass, 80, ArchVariant::Plain, 0),
                     entry(FatbinKind::Sass, 90, ArchVariant::ArchSpecific, 1),
                     entry(FatbinKind::Sass, 100, ArchVariant::Plain, 2),
                     entry(FatbinKind::Ptx, 100, ArchVariant::Plain, 2, 8, 8)};
  listing.fatbins = 3;
  return listing;
}

TEST(GpuSupport, ALibraryIsJudgedOverAllItsFatbins) {
  const FatbinListing listing = per_arch_sets();
  // Each fatbin on its own (an extension module): every GPU misses some.
  EXPECT_EQ(evaluate(listing, cc("8.6")).support, KernelSupport::Partial);
  EXPECT_EQ(evaluate(listing, cc("9.0")).support, KernelSupport::Partial);
  // Together (a library that picks its set by arch): SASS somewhere is native.
  auto ampere = evaluate_library(listing, cc("8.6"));
  EXPECT_EQ(ampere.support, KernelSupport::Native);
  EXPECT_EQ(ampere.native_fatbins, 1u);
  EXPECT_EQ(ampere.missing_fatbins, 2u);
  EXPECT_EQ(evaluate_library(listing, cc("9.0")).support, KernelSupport::Native);  // sm_90a
  EXPECT_EQ(evaluate_library(listing, cc("10.3")).support, KernelSupport::Native);
  // No SASS anywhere, PTX in one fatbin: JIT, with that PTX's ISA.
  auto future = evaluate_library(listing, cc("12.0"));
  EXPECT_EQ(future.support, KernelSupport::PtxJit);
  EXPECT_EQ(future.ptx_isa, "8.8");
  EXPECT_EQ(evaluate_library(listing, cc("9.2")).support, KernelSupport::None);  // sm_90a is 9.0 only
  EXPECT_EQ(evaluate_library(listing, cc("7.5")).support, KernelSupport::None);
  // Never partial.
  for (const char* gpu : {"5.0", "6.1", "7.0", "7.5", "8.0", "8.9", "9.0", "10.0", "11.0", "12.1"})
    EXPECT_NE(evaluate_library(listing, cc(gpu)).support, KernelSupport::Partial) << gpu;
}

TEST(GpuSupport, CubinsWithoutCodeCoverNothing) {
  FatbinListing listing = per_arch_sets();
  listing.entries[0].no_code = true;  // the sm_80 "set" is a device-link stub
  EXPECT_EQ(evaluate_library(listing, cc("8.6")).support, KernelSupport::None);
  auto blackwell = evaluate(listing, cc("10.0"));  // fatbin 0 no longer counts
  EXPECT_EQ(blackwell.native_fatbins + blackwell.jit_fatbins + blackwell.missing_fatbins, 2u);
  EXPECT_EQ(blackwell.support, KernelSupport::Partial);  // sm_90a of fatbin 1 is not for 10.0
  EXPECT_EQ(distinct_targets(listing), (std::vector<std::string>{"sm_90a", "sm_100", "compute_100"}));
  for (auto& e : listing.entries) e.no_code = true;
  EXPECT_FALSE(has_gpu_code(listing));
  EXPECT_EQ(evaluate_library(listing, cc("8.6")).support, KernelSupport::Native);  // no GPU code: nothing to miss
}

}  // namespace
}  // namespace mlstack::binary

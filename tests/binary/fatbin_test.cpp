// SPDX-License-Identifier: MIT
#include "binary/fatbin.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>

#include "binary/fixtures.h"
#include "binary/gpu_support.h"
#include "core/mapped_file.h"

namespace mlstack::binary {
namespace {

using testing::fixture;

FatbinListing listing_of(const std::string& path) {
  auto elf = ElfFile::open(path);
  EXPECT_TRUE(elf) << path << ": " << (elf ? "" : to_string(elf.error()));
  if (!elf) return {};
  return list_fatbins(*elf);
}

TEST(Fatbin, ListsExactlyTheGencodeTargetsOfTheCommittedFixture) {
  // build.sh: -gencode sm_80, sm_90 and compute_90 (PTX), --compress-mode=none.
  auto listing = listing_of(fixture("libkernels.so"));
  EXPECT_TRUE(listing.errors.empty());
  // nvcc -shared links device code once more: a second fatbin with the SASS.
  EXPECT_EQ(listing.fatbins, 2u);
  EXPECT_EQ(listing.sections, std::vector<std::string>{".nv_fatbin"});
  EXPECT_EQ(distinct_targets(listing), (std::vector<std::string>{"sm_80", "sm_90", "compute_90"}));
  EXPECT_EQ(listing.entries.size(), 5u);
  for (const auto& entry : listing.entries) {
    EXPECT_EQ(entry.compression, Compression::None) << entry.target();
    EXPECT_EQ(entry.uncompressed_size, entry.stored_size);
  }
  auto ptx_entry = std::find_if(listing.entries.begin(), listing.entries.end(),
                                [](const auto& e) { return e.kind == FatbinKind::Ptx; });
  ASSERT_NE(ptx_entry, listing.entries.end());
  const auto& ptx = *ptx_entry;
  EXPECT_EQ(ptx.target(), "compute_90");
  EXPECT_EQ(ptx.kind, FatbinKind::Ptx);
  EXPECT_EQ(ptx.version_major, 9u);  // PTX ISA 9.0, CUDA 13.0's
  EXPECT_EQ(ptx.version_minor, 0u);
}

TEST(Fatbin, RejectsAFatbinClaimingMoreBytesThanItsSection) {
  auto listing = listing_of(fixture("fatbin_absurd_size.so"));
  ASSERT_EQ(listing.errors.size(), 1u);
  EXPECT_NE(listing.errors[0].message.find("fatbin claims 0x4000000000000000 bytes of entries"), std::string::npos)
      << listing.errors[0].message;
  EXPECT_TRUE(listing.entries.empty());
}

TEST(Fatbin, RejectsAnEntryWithAnAbsurdPayload) {
  auto listing = listing_of(fixture("fatbin_absurd_entry.so"));
  ASSERT_EQ(listing.errors.size(), 1u);
  EXPECT_NE(listing.errors[0].message.find("fatbin entry claims 0xffffffffffff payload bytes"), std::string::npos)
      << listing.errors[0].message;
}

TEST(Fatbin, RejectsAnEntryHeaderOfSizeZeroInsteadOfLooping) {
  auto listing = listing_of(fixture("fatbin_zero_header.so"));
  ASSERT_EQ(listing.errors.size(), 1u);
  EXPECT_NE(listing.errors[0].message.find("fatbin entry header size 0 is impossible"), std::string::npos);
}

TEST(Fatbin, RejectsRawBytesWithoutMagic) {
  const std::vector<std::uint8_t> bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  auto listing = list_fatbins(bytes);
  ASSERT_EQ(listing.errors.size(), 1u);
  EXPECT_EQ(listing.errors[0].message, "no fatbin header (magic 0x04030201, expected 0xba55ed50)");
}

TEST(Fatbin, AcceptsTrailingZeroPadding) {
  const std::vector<std::uint8_t> bytes(24, 0);
  auto listing = list_fatbins(bytes);
  EXPECT_TRUE(listing.errors.empty());
  EXPECT_EQ(listing.fatbins, 0u);
}

TEST(Fatbin, MarksTheDeviceLinkStubAsCodeless) {
  // libkernels.so's first fatbin comes from nvcc -shared's device link: its
  // cubins hold no executable section (readelf -S shows no AX section in them).
  auto elf = ElfFile::open(fixture("libkernels.so"));
  ASSERT_TRUE(elf);
  auto listing = list_fatbins(*elf);
  EXPECT_EQ(mark_codeless_cubins(*elf, listing), 2u);
  for (const auto& entry : listing.entries) {
    EXPECT_EQ(entry.no_code, entry.fatbin_index == 0) << entry.target() << " of fatbin " << entry.fatbin_index;
  }
  EXPECT_TRUE(has_gpu_code(listing));
  // Without the stub, every fatbin left runs on sm_100 through the PTX.
  EXPECT_EQ(evaluate(listing, {10, 0}).support, KernelSupport::PtxJit);
  // A compressed cubin is never opened, nor one larger than the bound: both count as code.
  auto unopened = list_fatbins(*elf);
  for (auto& entry : unopened.entries) entry.compression = Compression::Zstd;
  EXPECT_EQ(mark_codeless_cubins(*elf, unopened), 0u);
  auto large = list_fatbins(*elf);
  EXPECT_EQ(mark_codeless_cubins(*elf, large, 1000), 0u);  // the stubs are 1464 and 1544 bytes
}

TEST(Fatbin, FindsFatbinsALibraryKeepsAsData) {
  // build.sh: .nv_fatbin holds a kernel-less stub, .rodata two decoys and then
  // libkernels_ptx.so's fatbin (sm_80 + compute_80).
  auto elf = ElfFile::open(fixture("libembedded_fatbin.so"));
  ASSERT_TRUE(elf) << to_string(elf.error());
  auto listing = list_fatbins(*elf);
  EXPECT_EQ(listing.fatbins, 1u);
  EXPECT_EQ(mark_codeless_cubins(*elf, listing), 2u);
  EXPECT_FALSE(has_gpu_code(listing));
  add_embedded_fatbins(*elf, listing);
  EXPECT_TRUE(listing.errors.empty());  // the decoys are skipped, not errors
  EXPECT_TRUE(listing.embedded_searched);
  EXPECT_FALSE(listing.embedded_stopped);
  EXPECT_EQ(listing.fatbins, 2u);
  EXPECT_EQ(listing.sections, (std::vector<std::string>{".nv_fatbin", ".rodata"}));
  EXPECT_EQ(distinct_targets(listing), (std::vector<std::string>{"sm_80", "compute_80"}));
  for (const auto& entry : listing.entries) {
    if (!entry.no_code) {
      EXPECT_EQ(entry.fatbin_index, 1u) << entry.target();
    }
  }
  EXPECT_EQ(evaluate_library(listing, {8, 6}).support, KernelSupport::Native);
  EXPECT_EQ(evaluate_library(listing, {9, 0}).support, KernelSupport::PtxJit);
  EXPECT_EQ(evaluate_library(listing, {7, 5}).support, KernelSupport::None);
  add_embedded_fatbins(*elf, listing);  // once per listing
  EXPECT_EQ(listing.fatbins, 2u);
}

TEST(Fatbin, EmbeddedSearchStopsWhenTheCallerHasEnough) {
  auto elf = ElfFile::open(fixture("libembedded_fatbin.so"));
  ASSERT_TRUE(elf);
  auto listing = list_fatbins(*elf);
  std::size_t asked = 0;
  add_embedded_fatbins(*elf, listing, [&](std::span<const FatbinEntry> entries) {
    ++asked;
    return !entries.empty();
  });
  EXPECT_EQ(asked, 1u);
  EXPECT_TRUE(listing.embedded_stopped);
  EXPECT_EQ(listing.fatbins, 2u);
}

TEST(Fatbin, EmbeddedSearchOfALibraryWithoutAnyAddsNothing) {
  AccessMeter meter;
  auto elf = ElfFile::open(fixture("libkernels.so"), &meter);
  ASSERT_TRUE(elf);
  auto listing = list_fatbins(*elf);
  const auto before = listing.entries.size();
  add_embedded_fatbins(*elf, listing);
  EXPECT_EQ(listing.entries.size(), before);
  EXPECT_EQ(listing.sections, std::vector<std::string>{".nv_fatbin"});
  EXPECT_LT(meter.bytes(), elf->file_size());  // the fatbin section's payloads are never scanned
}

TEST(FatbinOnCudaToolkit, CufftKeepsItsKernelsInLdata) {
  const std::string cufft = std::string(testing::k_cuda_lib_dir) + "/libcufft.so.12";
  if (!testing::exists(cufft)) GTEST_SKIP() << cufft << " not present (CUDA 13's cuFFT)";
  auto elf = ElfFile::open(cufft);
  ASSERT_TRUE(elf);
  auto listing = list_fatbins(*elf);
  // .nv_fatbin alone: one stub fatbin that says the library has no sm_80 code.
  EXPECT_EQ(listing.fatbins, 1u);
  EXPECT_EQ(evaluate_library(listing, {8, 0}).support, KernelSupport::None);
  add_embedded_fatbins(*elf, listing, [](std::span<const FatbinEntry> entries) {
    return std::any_of(entries.begin(), entries.end(), [](const FatbinEntry& e) { return sass_runs_on(e, {8, 0}); });
  });
  EXPECT_TRUE(listing.errors.empty());
  EXPECT_GT(listing.fatbins, 1u);
  EXPECT_EQ(listing.sections, (std::vector<std::string>{".nv_fatbin", ".ldata"}));
  EXPECT_TRUE(listing.embedded_stopped);
  EXPECT_EQ(evaluate_library(listing, {8, 0}).support, KernelSupport::Native);
}

// Builds with nvcc in the test itself, so the fixture cannot drift from what
// the installed toolkit writes.
class NvccFatbin : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::exists(testing::k_nvcc)) GTEST_SKIP() << "nvcc not found at " << testing::k_nvcc;
    m_dir = std::filesystem::temp_directory_path() / ("mlstack-fatbin-" + std::to_string(::getpid()));
    std::filesystem::create_directories(m_dir);
  }
  void TearDown() override {
    std::error_code ec;
    if (!m_dir.empty()) std::filesystem::remove_all(m_dir, ec);
  }
  // Compiles tests/data/binary/src/kernels.cu to a fatbin with the given flags.
  std::string build(const std::string& name, const std::string& flags) {
    const std::string out = (m_dir / name).string();
    const std::string command = std::string(testing::k_nvcc) + " -fatbin " + flags + " -o " + out + " " +
                                fixture("src/kernels.cu") + " > " + out + ".log 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return out;
  }
  FatbinListing read(const std::string& path) {
    auto mapped = MappedFile::open(path);
    EXPECT_TRUE(mapped);
    return mapped ? list_fatbins(mapped->bytes()) : FatbinListing{};
  }
  std::filesystem::path m_dir;
};

TEST_F(NvccFatbin, ReportsSm80Sm90AndPtx) {
  auto listing = read(build("plain.fatbin",
                            "-gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 "
                            "-gencode arch=compute_90,code=compute_90"));
  EXPECT_TRUE(listing.errors.empty());
  // nvcc orders entries its own way (sm_80, compute_90, sm_90); compare the set.
  EXPECT_EQ(distinct_targets(listing), (std::vector<std::string>{"sm_80", "sm_90", "compute_90"}));
  EXPECT_EQ(listing.entries.size(), 3u);
}

TEST_F(NvccFatbin, ReportsArchAndFamilySpecificVariants) {
  auto listing = read(build("variants.fatbin",
                            "-gencode arch=compute_90a,code=sm_90a -gencode arch=compute_100f,code=sm_100f "
                            "-gencode arch=compute_120a,code=compute_120a"));
  EXPECT_TRUE(listing.errors.empty());
  EXPECT_EQ(distinct_targets(listing), (std::vector<std::string>{"sm_90a", "sm_100f", "compute_120a"}));
}

TEST_F(NvccFatbin, ReportsCompressionWithoutDecompressing) {
  auto size = read(build("size.fatbin", "--compress-mode=size -gencode arch=compute_90,code=[sm_90,compute_90]"));
  auto speed = read(build("speed.fatbin", "--compress-mode=speed -gencode arch=compute_90,code=[sm_90,compute_90]"));
  ASSERT_EQ(size.entries.size(), 2u);
  ASSERT_EQ(speed.entries.size(), 2u);
  EXPECT_EQ(size.entries[0].compression, Compression::Zstd);
  EXPECT_LT(size.entries[0].stored_size, size.entries[0].uncompressed_size);
  EXPECT_EQ(speed.entries[1].compression, Compression::Lz);  // PTX is compressed even in speed mode
}

TEST_F(NvccFatbin, ReadsRelocatableDeviceCodeFromNvRelfatbin) {
  const std::string object = (m_dir / "rdc.o").string();
  const std::string command = std::string(testing::k_nvcc) + " -c -rdc=true -gencode arch=compute_80,code=sm_80 " +
                              "-gencode arch=compute_90,code=compute_90 -o " + object + " " +
                              fixture("src/kernels.cu") + " > " + object + ".log 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  auto elf = ElfFile::open(object);
  ASSERT_TRUE(elf) << to_string(elf.error());
  EXPECT_EQ(elf->type(), ElfType::Relocatable);
  auto listing = list_fatbins(*elf);
  EXPECT_TRUE(listing.errors.empty());
  EXPECT_EQ(listing.sections, std::vector<std::string>{"__nv_relfatbin"});
  EXPECT_EQ(distinct_targets(listing), (std::vector<std::string>{"sm_80", "compute_90"}));
}

TEST(FatbinOnCudaToolkit, EveryLibraryInLib64Parses) {
  if (!testing::exists(testing::k_cuda_lib_dir)) GTEST_SKIP() << testing::k_cuda_lib_dir << " not present";
  std::size_t libraries = 0, with_fatbins = 0, entries = 0;
  for (const auto& item : std::filesystem::directory_iterator(testing::k_cuda_lib_dir)) {
    if (!item.is_regular_file() || item.is_symlink()) continue;
    const auto name = item.path().filename().string();
    if (name.find(".so") == std::string::npos) continue;
    auto elf = ElfFile::open(item.path().string());
    ASSERT_TRUE(elf) << name << ": " << to_string(elf.error());
    auto symbols = elf->dynamic_symbols();
    ASSERT_TRUE(symbols) << name << ": " << to_string(symbols.error());
    auto listing = list_fatbins(*elf);
    EXPECT_TRUE(listing.errors.empty()) << name << ": " << listing.errors[0].message;
    ++libraries;
    if (listing.fatbins) ++with_fatbins;
    entries += listing.entries.size();
  }
  EXPECT_GT(libraries, 20u);
  EXPECT_GT(with_fatbins, 10u);
  std::printf("parsed %zu libraries, %zu with fatbins, %zu entries\n", libraries, with_fatbins, entries);
}

}  // namespace
}  // namespace mlstack::binary

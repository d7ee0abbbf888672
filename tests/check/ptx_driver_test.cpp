// SPDX-License-Identifier: MIT
// From the PTX ISA a fatbin records to the driver that can JIT it, and the
// binary.ptx-driver-too-old finding when the machine's driver is older.
#include "check/ptx_driver.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "check/binaries.h"
#include "check/stack_builder.h"
#include "env/system.h"

namespace mlstack::check {
namespace {

using testing::builtin_kb;

pep::Version v(const char* text) { return *pep::Version::parse(text); }

binary::FatbinEntry entry(binary::FatbinKind kind, unsigned arch, unsigned isa_major = 9, unsigned isa_minor = 0) {
  binary::FatbinEntry e;
  e.kind = kind;
  e.arch = arch;
  e.version_major = isa_major;
  e.version_minor = isa_minor;
  return e;
}

// What nvcc 13.0 writes for -gencode sm_80, sm_90 and compute_90 (libkernels.so).
binary::FatbinListing sm80_sm90_ptx90(unsigned isa_major = 9, unsigned isa_minor = 0) {
  binary::FatbinListing listing;
  listing.fatbins = 1;
  listing.entries = {entry(binary::FatbinKind::Sass, 80), entry(binary::FatbinKind::Sass, 90),
                     entry(binary::FatbinKind::Ptx, 90, isa_major, isa_minor)};
  return listing;
}

DriverCuda reported(const char* cuda) { return DriverCuda{v(cuda), std::nullopt}; }

bool cites(const std::vector<Origin>& origins, const std::string& fact) {
  for (const auto& origin : origins)
    if (origin.kind == Origin::Kind::Fact && origin.context == fact) return true;
  return false;
}

TEST(PtxDriverTest, NeedOfAKnownIsaIsItsCudaAndThatCudasDriver) {
  PtxDriverNeed need = ptx_driver_need("8.7", builtin_kb());
  ASSERT_TRUE(need.cuda);
  EXPECT_EQ(*need.cuda, v("12.8"));
  EXPECT_EQ(need.driver_linux, "570.26");  // CUDA 12.8 GA, cuda.toml
  EXPECT_EQ(*need.driver_cuda, v("12.8"));
  EXPECT_TRUE(cites(need.sources, "ptx:8.7"));
  EXPECT_TRUE(cites(need.sources, "cuda:12.8"));
  EXPECT_EQ(describe(need), "PTX ISA 8.7 needs a driver for CUDA 12.8 or newer (Linux driver >= 570.26)");
}

TEST(PtxDriverTest, Isa86NeedsCuda127WhichHasNoToolkitRow) {
  PtxDriverNeed need = ptx_driver_need("8.6", builtin_kb());
  ASSERT_TRUE(need.cuda);
  EXPECT_EQ(*need.cuda, v("12.7"));
  // No CUDA 12.7 toolkit: 12.8 GA's driver is enough, and says it is not the minimum.
  EXPECT_EQ(*need.driver_cuda, v("12.8"));
  EXPECT_NE(describe(need).find("is enough"), std::string::npos) << describe(need);
}

TEST(PtxDriverTest, UnknownIsaIsUnknownNotGuessed) {
  PtxDriverNeed need = ptx_driver_need("9.9", builtin_kb());
  EXPECT_FALSE(need.cuda);
  EXPECT_TRUE(need.driver_linux.empty());
  EXPECT_TRUE(need.sources.empty());
  EXPECT_NE(describe(need).find("not in the knowledge base"), std::string::npos);
  EXPECT_EQ(judge(need, reported("12.0")), DriverVerdict::Unknown);
}

TEST(PtxDriverTest, JudgesTheDriversCuda) {
  PtxDriverNeed isa90 = ptx_driver_need("9.0", builtin_kb());
  EXPECT_EQ(judge(isa90, reported("12.4")), DriverVerdict::TooOld);
  EXPECT_EQ(judge(isa90, reported("13.0")), DriverVerdict::Enough);
  EXPECT_EQ(judge(isa90, reported("13.2")), DriverVerdict::Enough);
  EXPECT_EQ(judge(isa90, DriverCuda{}), DriverVerdict::Unknown);
  // A driver that reports CUDA 12.6 cannot load ISA 8.6 (CUDA 12.7).
  EXPECT_EQ(judge(ptx_driver_need("8.6", builtin_kb()), reported("12.6")), DriverVerdict::TooOld);
}

TEST(PtxDriverTest, DriverCudaFromTheDriverVersionThroughTheKb) {
  pep::Platform platform;
  platform.driver_version = v("550.54.15");
  DriverCuda machine = driver_cuda(platform, builtin_kb());
  ASSERT_TRUE(machine.cuda);
  EXPECT_EQ(*machine.cuda, v("12.4"));
  ASSERT_TRUE(machine.source);
  EXPECT_EQ(machine.source->context, "cuda:12.4");
  EXPECT_EQ(judge(ptx_driver_need("9.0", builtin_kb()), machine), DriverVerdict::TooOld);
  // Derived as 12.6, the driver may report 12.7: ISA 8.6 is not provably out of reach.
  platform.driver_version = v("565.57.01");
  EXPECT_EQ(judge(ptx_driver_need("8.6", builtin_kb()), driver_cuda(platform, builtin_kb())), DriverVerdict::Unknown);
  // A reported CUDA wins over the version.
  platform.driver_cuda = v("13.0");
  EXPECT_FALSE(driver_cuda(platform, builtin_kb()).source);
}

TEST(PtxDriverTest, OnlyPtxJitGpusGetANeed) {
  auto gpus = gpu_kernels(sm80_sm90_ptx90(), {{8, 6}, {9, 0}, {10, 0}}, reported("12.4"), builtin_kb());
  ASSERT_EQ(gpus.size(), 3u);
  EXPECT_EQ(gpus[0].support, binary::KernelSupport::Native);  // sm_80 SASS runs on 8.6
  EXPECT_FALSE(gpus[0].ptx);
  EXPECT_EQ(gpus[1].support, binary::KernelSupport::Native);
  EXPECT_EQ(gpus[2].support, binary::KernelSupport::PtxJit);  // 10.0: only compute_90
  ASSERT_TRUE(gpus[2].ptx);
  EXPECT_EQ(gpus[2].ptx->isa, "9.0");
  EXPECT_EQ(gpus[2].driver, DriverVerdict::TooOld);
  EXPECT_TRUE(gpu_kernels(binary::FatbinListing{}, {{10, 0}}, reported("12.4"), builtin_kb()).empty());
}

TEST(PtxDriverTest, FindingNamesTheNeedTheDriverAndTheFix) {
  DriverCuda machine = reported("12.4");
  auto gpus = gpu_kernels(sm80_sm90_ptx90(), {{10, 0}}, machine, builtin_kb());
  auto owner = Origin::dist("fastops", "/site/fastops-1.0.dist-info");
  auto findings = ptx_driver_findings("/site/fastops.so", gpus, machine, Origin::machine("nvidia-smi"), owner, "fastops");
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.rule, "binary.ptx-driver-too-old");
  EXPECT_EQ(f.severity, Severity::Error);
  EXPECT_NE(f.message.find("compute capability 10.0 only through PTX JIT"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("ISA 9.0) needs a driver for CUDA 13.0"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("supports CUDA 12.4"), std::string::npos) << f.message;
  EXPECT_TRUE(cites(f.origins, "ptx:9.0"));
  EXPECT_TRUE(cites(f.origins, "cuda:13.0"));
  EXPECT_EQ(f.fix, "upgrade the NVIDIA driver to 580.65.06 or newer (CUDA 13.0), or install a build of fastops with "
                   "SASS for sm_100");
  // A driver for CUDA 13.0 loads it: no finding.
  auto enough = gpu_kernels(sm80_sm90_ptx90(), {{10, 0}}, reported("13.0"), builtin_kb());
  EXPECT_TRUE(ptx_driver_findings("/site/fastops.so", enough, reported("13.0"), Origin::machine("nvidia-smi"), owner,
                                  "fastops")
                  .empty());
  // An ISA the kb does not list is never judged.
  auto unknown = gpu_kernels(sm80_sm90_ptx90(9, 9), {{10, 0}}, machine, builtin_kb());
  ASSERT_TRUE(unknown[0].ptx);
  EXPECT_FALSE(unknown[0].ptx->cuda);
  EXPECT_TRUE(ptx_driver_findings("/site/fastops.so", unknown, machine, Origin::machine("nvidia-smi"), owner, "fastops")
                  .empty());
}

// A site folder holding one module with GPU code, owned by a distribution.
class SiteWithKernels : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/mlstack-ptx-XXXXXX";
    m_site = mkdtemp(dir_template);
  }
  void TearDown() override { std::filesystem::remove_all(m_site); }

  void install(const std::string& library) {
    std::filesystem::copy_file(library, m_site + "/" + k_module);
    std::filesystem::create_directory(m_site + "/fastops-1.0.dist-info");
    std::ofstream(m_site + "/fastops-1.0.dist-info/METADATA") << "Metadata-Version: 2.1\nName: fastops\nVersion: 1.0\n";
    std::ofstream(m_site + "/fastops-1.0.dist-info/RECORD") << k_module << ",,\nfastops-1.0.dist-info/METADATA,,\n";
  }

  BinaryScan scan(const char* driver_cuda, int sm) {
    env::Environment environment;
    environment.site_dirs = {m_site};
    env::RealSystem system;
    env::scan_site_dirs(system, environment);  // the owners, from RECORD
    pep::Platform platform;
    platform.gpu_compute_capabilities = {sm};
    platform.driver_cuda = v(driver_cuda);
    return scan_binaries(environment, platform, builtin_kb(), Origin::machine("test machine"));
  }

  static std::size_t count(const BinaryScan& scan, std::string_view rule) {
    std::size_t n = 0;
    for (const auto& f : scan.findings) n += f.rule == rule;
    return n;
  }

  static constexpr const char* k_module = "fastops.cpython-311-x86_64-linux-gnu.so";
  std::string m_site;
};

// tests/data/binary/libkernels_ptx.so: one fatbin with sm_80 SASS and compute_80
// PTX of ISA 9.0 (nvcc 13.0): native on 8.x, PTX JIT only from 9.0 on.
TEST_F(SiteWithKernels, PtxOnlyCoverageNeedsANewerDriverThanTheMachineHas) {
  install(MLSTACK_SOURCE_DIR "/tests/data/binary/libkernels_ptx.so");
  BinaryScan result = scan("12.8", 100);
  ASSERT_EQ(result.modules.size(), 1u);
  ASSERT_EQ(result.modules[0].gpus.size(), 1u);
  const GpuKernels& gpu = result.modules[0].gpus[0];
  EXPECT_EQ(gpu.support, binary::KernelSupport::PtxJit);
  EXPECT_EQ(gpu.driver, DriverVerdict::TooOld);
  ASSERT_EQ(count(result, "binary.ptx-driver-too-old"), 1u);
  for (const auto& f : result.findings) {
    if (f.rule == "binary.ptx-driver-too-old") {
      bool owner = false;
      for (const auto& o : f.origins) owner |= o.kind == Origin::Kind::Dist && o.context == "fastops";
      EXPECT_TRUE(owner) << f.message;
    }
    // The ptx-jit warning says which driver the PTX needs.
    if (f.rule == "binary.no-kernel-for-gpu") {
      EXPECT_NE(f.message.find("needs a driver for CUDA 13.0 or newer (Linux driver >= 580.65.06)"), std::string::npos)
          << f.message;
      EXPECT_TRUE(cites(f.origins, "ptx:9.0"));
    }
  }
}

TEST_F(SiteWithKernels, PtxOnlyCoverageWithAnEnoughDriverIsNoError) {
  install(MLSTACK_SOURCE_DIR "/tests/data/binary/libkernels_ptx.so");
  BinaryScan result = scan("13.0", 100);
  EXPECT_EQ(count(result, "binary.ptx-driver-too-old"), 0u);
  ASSERT_EQ(result.modules.size(), 1u);
  EXPECT_EQ(result.modules[0].gpus[0].driver, DriverVerdict::Enough);
  // Native SASS needs no JIT, whatever the driver.
  EXPECT_EQ(count(scan("11.0", 86), "binary.ptx-driver-too-old"), 0u);
}

// Whatever PTX ISA the installed nvcc writes must be in the kb: a new toolkit
// whose ISA ptx.toml lacks would otherwise leave every PTX-only module unjudged.
TEST_F(SiteWithKernels, KbKnowsThePtxIsaOfTheInstalledNvcc) {
  const char* nvcc = "/usr/local/cuda/bin/nvcc";
  if (!std::filesystem::exists(nvcc)) GTEST_SKIP() << nvcc << " is absent: no PTX to build";
  std::string library = m_site + "/ptx_only.so";
  std::string command = std::string(nvcc) + " -shared -Xcompiler -fPIC -cudart shared -gencode arch=compute_80,code=compute_80 -o " +
                        library + " " + MLSTACK_SOURCE_DIR "/tests/data/binary/src/kernels.cu";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  install(library);
  std::filesystem::remove(library);
  BinaryScan result = scan("13.0", 86);
  ASSERT_EQ(result.modules.size(), 1u);
  ASSERT_EQ(result.modules[0].gpus.size(), 1u);
  const GpuKernels& gpu = result.modules[0].gpus[0];
  ASSERT_EQ(gpu.support, binary::KernelSupport::PtxJit);  // compute_80 PTX only, on 8.6
  ASSERT_TRUE(gpu.ptx);
  EXPECT_TRUE(gpu.ptx->cuda) << "PTX ISA " << gpu.ptx->isa << " of " << nvcc << " is missing from kb/ptx.toml";
  // A driver one CUDA minor older than that ISA's cannot load it.
  if (gpu.ptx->cuda && gpu.ptx->cuda->release().size() > 1 && gpu.ptx->cuda->release()[1] > 0) {
    auto release = gpu.ptx->cuda->release();
    std::string older = std::to_string(release[0]) + "." + std::to_string(release[1] - 1);
    EXPECT_EQ(count(scan(older.c_str(), 86), "binary.ptx-driver-too-old"), 1u) << older;
  }
}

}  // namespace
}  // namespace mlstack::check

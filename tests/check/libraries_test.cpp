// SPDX-License-Identifier: MIT
// scan_binaries over the shared libraries of a site folder: the committed
// fixtures laid out as a wheel would install them (always runs), and real CUDA
// 13.0 libraries hard-linked from /usr/local/cuda/lib64 into nvidia/<pkg>/lib
// (skips without them).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "check/binaries.h"
#include "check/stack_builder.h"
#include "env/system.h"

namespace mlstack::check {
namespace {

namespace fs = std::filesystem;
using testing::builtin_kb;

// A temporary site folder with distributions whose RECORD lists what they install.
class LibrarySite : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/mlstack-libs-XXXXXX";
    m_site = mkdtemp(dir_template);
  }
  void TearDown() override { fs::remove_all(m_site); }

  void add_file(const std::string& dist, const std::string& relative, const fs::path& from, bool hard_link = false) {
    fs::path path = fs::path(m_site) / relative;
    fs::create_directories(path.parent_path());
    if (hard_link) fs::create_hard_link(from, path);
    else fs::copy_file(from, path);
    m_records[dist].push_back(relative);
  }
  void add_fixture(const std::string& dist, const std::string& relative, const std::string& fixture) {
    add_file(dist, relative, std::string(MLSTACK_SOURCE_DIR) + "/tests/data/binary/" + fixture);
  }
  void write_dists() {
    for (const auto& [dist, files] : m_records) {
      const std::string info = m_site + "/" + dist + "-1.0.dist-info";
      fs::create_directories(info);
      std::ofstream(info + "/METADATA") << "Metadata-Version: 2.1\nName: " << dist << "\nVersion: 1.0\n";
      std::ofstream record(info + "/RECORD");
      for (const auto& file : files) record << file << ",,\n";
      record << dist << "-1.0.dist-info/METADATA,,\n";
    }
  }

  BinaryScan scan(std::vector<int> sms, const char* driver_cuda = "13.0") {
    env::Environment environment;
    environment.site_dirs = {m_site};
    env::RealSystem system;
    env::scan_site_dirs(system, environment);
    pep::Platform platform;
    platform.gpu_compute_capabilities = std::move(sms);
    platform.driver_cuda = *pep::Version::parse(driver_cuda);
    return scan_binaries(environment, platform, builtin_kb(), Origin::machine("test machine"));
  }

  static std::vector<const Finding*> with_rule(const BinaryScan& scan, std::string_view rule) {
    std::vector<const Finding*> out;
    for (const auto& f : scan.findings)
      if (f.rule == rule) out.push_back(&f);
    return out;
  }
  static const NativeModule* library(const BinaryScan& scan, const std::string& name) {
    for (const auto& l : scan.libraries)
      if (fs::path(l.report.path).filename() == name) return &l;
    return nullptr;
  }
  static bool names(const Finding& f, const std::string& file) { return f.message.find(file) != std::string::npos; }
  static bool owned_by(const Finding& f, const std::string& dist) {
    return std::any_of(f.origins.begin(), f.origins.end(),
                       [&](const Origin& o) { return o.kind == Origin::Kind::Dist && o.context == dist; });
  }

  std::string m_site;
  std::map<std::string, std::vector<std::string>> m_records;
};

// tests/data/binary: libkernels.so (sm_80, sm_90, compute_90 in one fatbin and
// a kernel-less device-link stub), libkernels_ptx.so (sm_80 + compute_80),
// libembedded_fatbin.so (a stub in .nv_fatbin, sm_80 + compute_80 as .rodata).
class KernelLibraries : public LibrarySite {
 protected:
  void SetUp() override {
    LibrarySite::SetUp();
    add_fixture("flashy", "flashy/lib/libkernels.so", "libkernels.so");
    add_fixture("flashy", "flashy/lib/libkernels_ptx.so.1", "libkernels_ptx.so");
    add_fixture("flashy", "flashy.libs/libembedded_fatbin.so", "libembedded_fatbin.so");
    write_dists();
  }
};

TEST_F(KernelLibraries, ListsLibrariesWithOwnersAndNoFindingOnACoveredGpu) {
  BinaryScan result = scan({86});
  EXPECT_TRUE(result.modules.empty());
  ASSERT_EQ(result.libraries.size(), 3u);
  for (const auto& l : result.libraries) {
    EXPECT_EQ(l.owner, "flashy") << l.report.path;
    ASSERT_EQ(l.gpus.size(), 1u) << l.report.path;
    EXPECT_EQ(l.gpus[0].support, binary::KernelSupport::Native) << l.report.path;
  }
  EXPECT_TRUE(with_rule(result, "binary.no-kernel-for-gpu").empty());
  // The stub of .nv_fatbin has no code; the kernels were found in .rodata.
  const NativeModule* embedded = library(result, "libembedded_fatbin.so");
  ASSERT_NE(embedded, nullptr);
  EXPECT_EQ(embedded->report.fatbins.sections, (std::vector<std::string>{".nv_fatbin", ".rodata"}));
  // libkernels.so's stub no longer counts as a fatbin.
  const NativeModule* kernels = library(result, "libkernels.so");
  ASSERT_NE(kernels, nullptr);
  EXPECT_EQ(kernels->gpus[0].fatbins, 1u);
  EXPECT_EQ(kernels->gpus[0].fatbins_with_code, 1u);
  EXPECT_FALSE(kernels->report.fatbins.embedded_searched);  // sm_86 had SASS: nothing more was read
}

TEST_F(KernelLibraries, AnOlderGpuThanEveryTargetHasNoKernels) {
  BinaryScan result = scan({61});
  auto none = with_rule(result, "binary.no-kernel-for-gpu");
  ASSERT_EQ(none.size(), 3u);
  for (const Finding* f : none) {
    EXPECT_EQ(f->severity, Severity::Error) << f->message;
    EXPECT_TRUE(owned_by(*f, "flashy")) << f->message;
    EXPECT_NE(f->message.find("has no kernels for compute capability 6.1 (sm_61)"), std::string::npos) << f->message;
    EXPECT_NE(f->fix.find("flashy"), std::string::npos) << f->fix;
  }
  for (const auto& l : result.libraries) EXPECT_EQ(l.gpus[0].support, binary::KernelSupport::None) << l.report.path;
}

TEST_F(KernelLibraries, ANewerGpuRunsThemThroughPtxThatTheDriverMustKnow) {
  // sm_100: no SASS in any library, compute_90 / compute_80 PTX of ISA 9.0,
  // which needs a driver for CUDA 13.0 (kb/ptx.toml).
  BinaryScan old_driver = scan({100}, "12.8");
  auto jit = with_rule(old_driver, "binary.no-kernel-for-gpu");
  ASSERT_EQ(jit.size(), 3u);
  for (const Finding* f : jit) {
    // A library is judged over all its fatbins: ptx-jit (a warning), never partial.
    EXPECT_EQ(f->severity, Severity::Warning) << f->message;
    EXPECT_NE(f->message.find("only through PTX JIT (PTX ISA 9.0)"), std::string::npos) << f->message;
  }
  auto driver = with_rule(old_driver, "binary.ptx-driver-too-old");
  ASSERT_EQ(driver.size(), 3u);
  for (const Finding* f : driver) EXPECT_TRUE(owned_by(*f, "flashy")) << f->message;
  for (const auto& l : old_driver.libraries) {
    ASSERT_TRUE(l.gpus[0].ptx) << l.report.path;
    EXPECT_EQ(l.gpus[0].ptx->isa, "9.0");
    EXPECT_EQ(l.gpus[0].driver, DriverVerdict::TooOld);
  }
  EXPECT_TRUE(with_rule(scan({100}, "13.0"), "binary.ptx-driver-too-old").empty());
}

TEST_F(LibrarySite, BrokenLibrariesAreFindingsWithTheirOwner) {
  add_fixture("broken", "broken/lib/libtruncated.so.1", "truncated.so");
  add_fixture("broken", "broken/lib/libscript.so", "not_elf.so");     // a linker script named .so
  add_fixture("broken", "broken/lib/libbigendian.so", "libbigendian.so");
  add_fixture("broken", "broken/lib/libfatbin.so", "fatbin_absurd_size.so");
  write_dists();
  BinaryScan result = scan({86});
  auto malformed = with_rule(result, "input.elf-malformed");
  for (const char* file : {"libtruncated.so.1", "libscript.so", "libbigendian.so", "libfatbin.so"}) {
    auto it = std::find_if(malformed.begin(), malformed.end(), [&](const Finding* f) { return names(*f, file); });
    ASSERT_NE(it, malformed.end()) << file;
    EXPECT_TRUE(owned_by(**it, "broken")) << (*it)->message;
  }
  // The damaged fatbin is reported; the file itself is still listed.
  EXPECT_NE(library(result, "libfatbin.so"), nullptr);
}

TEST_F(LibrarySite, LibrariesAreCheckedForVersionsButTheirSymbolsAreNotBound) {
  // libnewversion.so needs FIXLIB_2.0; the libversioned.so shipped beside it defines FIXLIB_1.0.
  add_fixture("fixlib", "fixlib/libnewversion.so", "libnewversion.so");
  add_fixture("fixlib", "fixlib/libversioned.so", "libversioned.so");
  // libconsumer.so needs a symbol the shipped libprovider.so lacks: only binding would see it.
  add_fixture("fixlib", "fixlib/libconsumer.so", "libconsumer.so");
  add_fixture("fixlib", "fixlib/libprovider.so", "libprovider.so");
  // libabi_user_old.so needs libabi_cxx11.so, which nothing here ships.
  add_fixture("fixlib", "other/libabi_user_old.so", "libabi_user_old.so");
  write_dists();
  BinaryScan result = scan({});
  EXPECT_EQ(result.libraries.size(), 5u);
  auto versions = with_rule(result, "binary.missing-symbol-version");
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_TRUE(versions[0]->message.starts_with("loading libnewversion.so would fail")) << versions[0]->message;
  EXPECT_NE(versions[0]->message.find("FIXLIB_2.0"), std::string::npos);
  EXPECT_TRUE(owned_by(*versions[0], "fixlib"));
  auto missing = with_rule(result, "binary.missing-library");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0]->message.find("libabi_cxx11.so"), std::string::npos) << missing[0]->message;
  EXPECT_TRUE(with_rule(result, "binary.undefined-symbol").empty());
  // No GPU, no fatbin: no GPU verdicts at all.
  for (const auto& l : result.libraries) EXPECT_TRUE(l.gpus.empty()) << l.report.path;
}

TEST_F(LibrarySite, ACxxAbiDifferentFromTorchsMattersOnlyForLibrariesLinkingTorch) {
  // A torch whose libtorch_cpu uses the cxx11 ABI, and a pre-cxx11 C++ library that
  // does not link libtorch: the two share no C++ type, so no finding.
  add_fixture("torch", "torch/lib/libtorch_cpu.so", "libabi_cxx11.so");
  add_fixture("other", "other.libs/libabi_old.so", "libabi_old.so");
  write_dists();
  BinaryScan result = scan({});
  const NativeModule* old_abi = library(result, "libabi_old.so");
  ASSERT_NE(old_abi, nullptr);
  EXPECT_EQ(old_abi->report.cxx_abi.abi, binary::CxxAbi::PreCxx11);
  EXPECT_TRUE(with_rule(result, "binary.cxx-abi-mismatch").empty());
}

// Real CUDA 13.0 libraries, hard-linked (no copy of hundreds of MB) into the
// folders nvidia's wheels install them in, with the soname links as symlinks.
class CudaLibraries : public LibrarySite {
 protected:
  void SetUp() override {
    LibrarySite::SetUp();
    // The sonames say the release: cuBLAS and the runtime carry the CUDA major (13),
    // cuFFT 12 and cuDNN 9 are those CUDA 13.0 ships.
    const fs::path lib = "/usr/local/cuda/lib64";
    const std::vector<std::pair<std::string, std::string>> files = {
        {"cublas", "libcublas.so.13"},          {"cufft", "libcufft.so.12"},
        {"cufft", "libcufftw.so.12"},           {"cudnn", "libcudnn_cnn.so.9"},
        {"cuda_runtime", "libcudart.so.13"}};
    for (const auto& [package, file] : files) {
      if (!fs::exists(lib / file)) GTEST_SKIP() << lib / file << " is absent: the expectations are for CUDA 13.0's libraries";
      std::error_code ec;
      fs::create_directories(fs::path(m_site) / "nvidia" / package / "lib");
      fs::create_hard_link(lib / file, fs::path(m_site) / "nvidia" / package / "lib" / file, ec);
      if (ec) GTEST_SKIP() << "cannot hard-link " << lib / file << " into " << m_site << ": " << ec.message();
      m_records["nvidia-" + package + "-cu13"].push_back("nvidia/" + package + "/lib/" + file);
    }
    fs::create_symlink("libcublas.so.13", fs::path(m_site) / "nvidia/cublas/lib/libcublas.so");
    m_records["nvidia-cublas-cu13"].push_back("nvidia/cublas/lib/libcublas.so");
    write_dists();
  }
};

TEST_F(CudaLibraries, EveryLibraryOnceWithItsWheel) {
  BinaryScan result = scan({80});
  ASSERT_EQ(result.libraries.size(), 5u);  // the soname symlink is the same file
  EXPECT_EQ(library(result, "libcublas.so.13")->owner, "nvidia-cublas-cu13");
  EXPECT_EQ(library(result, "libcufft.so.12")->owner, "nvidia-cufft-cu13");
  EXPECT_EQ(library(result, "libcudart.so.13")->owner, "nvidia-cuda_runtime-cu13");
  // Ampere is supported by CUDA 13: no GPU finding. cuFFT's .nv_fatbin holds only
  // an sm_75 stub; its sm_80 kernels lie in .ldata.
  EXPECT_TRUE(with_rule(result, "binary.no-kernel-for-gpu").empty());
  const NativeModule* cufft = library(result, "libcufft.so.12");
  ASSERT_EQ(cufft->gpus.size(), 1u);
  EXPECT_EQ(cufft->gpus[0].support, binary::KernelSupport::Native);
  EXPECT_NE(std::find(cufft->report.fatbins.sections.begin(), cufft->report.fatbins.sections.end(), ".ldata"),
            cufft->report.fatbins.sections.end());
  // cuBLAS keeps one kernel set per arch: not every fatbin has sm_80 code, and that is no gap.
  const NativeModule* cublas = library(result, "libcublas.so.13");
  EXPECT_EQ(cublas->gpus[0].support, binary::KernelSupport::Native);
  EXPECT_LT(cublas->gpus[0].fatbins_with_code, cublas->gpus[0].fatbins);
  // No fatbin: no GPU verdict (the CUDA runtime), or only a kernel-less stub (cuFFTW).
  EXPECT_TRUE(library(result, "libcudart.so.13")->gpus.empty());
  EXPECT_TRUE(library(result, "libcufftw.so.12")->gpus.empty());
}

TEST_F(CudaLibraries, PascalIsNotAmongTheArchitecturesTheyShip) {
  BinaryScan result = scan({61});
  auto none = with_rule(result, "binary.no-kernel-for-gpu");
  std::vector<std::string> flagged;
  for (const Finding* f : none) {
    EXPECT_EQ(f->severity, Severity::Error);
    flagged.push_back(fs::path(f->origins.front().path).filename().string());
  }
  std::sort(flagged.begin(), flagged.end());
  EXPECT_EQ(flagged, (std::vector<std::string>{"libcublas.so.13", "libcudnn_cnn.so.9", "libcufft.so.12"}));
  for (const Finding* f : none) {
    if (names(*f, "libcufft.so.12")) {
      EXPECT_TRUE(owned_by(*f, "nvidia-cufft-cu13"));
      EXPECT_NE(f->message.find(".ldata"), std::string::npos) << f->message;  // the targets read there are named
    }
  }
}

TEST_F(CudaLibraries, AnArchNewerThanTheyShipNeedsTheirPtx) {
  // Compute capability 13.0 does not exist yet: cuBLAS 13.0 reaches it only through its compute_120 PTX.
  BinaryScan result = scan({130}, "12.8");
  const NativeModule* cublas = library(result, "libcublas.so.13");
  ASSERT_EQ(cublas->gpus.size(), 1u);
  EXPECT_EQ(cublas->gpus[0].support, binary::KernelSupport::PtxJit);
  ASSERT_TRUE(cublas->gpus[0].ptx);
  EXPECT_EQ(cublas->gpus[0].driver, DriverVerdict::TooOld);
  auto driver = with_rule(result, "binary.ptx-driver-too-old");
  EXPECT_TRUE(std::any_of(driver.begin(), driver.end(), [](const Finding* f) {
    return f->message.starts_with("libcublas.so.13") && owned_by(*f, "nvidia-cublas-cu13");
  }));
}

}  // namespace
}  // namespace mlstack::check

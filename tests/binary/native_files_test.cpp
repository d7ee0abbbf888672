// SPDX-License-Identifier: MIT
#include "binary/native_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "binary/fixtures.h"

namespace mlstack::binary {
namespace {

namespace fs = std::filesystem;

TEST(NativeFiles, SeparatesExtensionModulesFromBundledLibraries) {
  const fs::path site = fs::temp_directory_path() / ("mlstack-site-" + std::to_string(::getpid()));
  for (const char* dir : {"pkg", "nvidia/cublas/lib", "pkg.libs"}) fs::create_directories(site / dir);
  for (const char* file : {"pkg/_core.cpython-311-x86_64-linux-gnu.so", "pkg/_stable.abi3.so", "pkg/plain.so",
                           "nvidia/cublas/lib/libcublas.so.12", "pkg.libs/libgomp-a34b3233.so.1.0.0",
                           "pkg/readme.txt"}) {
    std::ofstream(site / file) << "x";
  }
  auto files = find_native_files(site.string());
  fs::remove_all(site);
  EXPECT_EQ(files.extension_modules,
            (std::vector<std::string>{(site / "pkg/_core.cpython-311-x86_64-linux-gnu.so").string(),
                                      (site / "pkg/_stable.abi3.so").string(), (site / "pkg/plain.so").string()}));
  EXPECT_EQ(files.libraries, (std::vector<std::string>{(site / "nvidia/cublas/lib/libcublas.so.12").string(),
                                                       (site / "pkg.libs/libgomp-a34b3233.so.1.0.0").string()}));
  EXPECT_EQ(files.library_dirs,
            (std::vector<std::string>{(site / "nvidia/cublas/lib").string(), (site / "pkg.libs").string()}));
}

// A temporary site folder, removed at the end of the test.
class SiteFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/mlstack-native-XXXXXX";
    m_root = mkdtemp(dir_template);
    m_site = m_root / "site";
    fs::create_directories(m_site);
  }
  void TearDown() override { fs::remove_all(m_root); }

  fs::path write(const std::string& relative, const std::string& text = "x") {
    fs::path path = m_site / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }
  fs::path copy(const std::string& fixture_name, const std::string& relative) {
    fs::path path = m_site / relative;
    fs::create_directories(path.parent_path());
    fs::copy_file(testing::fixture(fixture_name), path);
    return path;
  }
  std::string at(const std::string& relative) const { return (m_site / relative).string(); }

  fs::path m_root, m_site;
};

TEST_F(SiteFolder, NamesSayLibraryOrModule) {
  EXPECT_TRUE(is_versioned_library_name("libcudnn_ops.so.9"));
  EXPECT_TRUE(is_versioned_library_name("libgomp-a34b3233.so.1.0.0"));
  EXPECT_TRUE(is_versioned_library_name("helper.so.9.1.0"));
  EXPECT_FALSE(is_versioned_library_name("notes.so.txt"));
  EXPECT_FALSE(is_versioned_library_name("libx.so"));
  EXPECT_TRUE(is_tagged_module_name("_C.cpython-311-x86_64-linux-gnu.so"));
  EXPECT_TRUE(is_tagged_module_name("_core.abi3.so"));
  EXPECT_FALSE(is_tagged_module_name("libnvrtc-builtins.alt.so"));
  EXPECT_FALSE(is_shared_object_name("archive.so.bak"));
  EXPECT_FALSE(is_shared_object_name(".so"));
}

TEST_F(SiteFolder, ListsEveryLibraryOnceWhateverNameReachesIt) {
  write("nvidia/cublas/lib/libcublas.so.12");
  write("nvidia/cudnn/lib/libcudnn_ops.so.9");
  write("pkg/helper.so.9.1.0");   // versioned without "lib": a library
  write("pkg/notes.so.txt");      // no shared object
  // Soname links inside the folder, as nvidia wheels' files are reached.
  fs::create_symlink("libcublas.so.12", m_site / "nvidia/cublas/lib/libcublas.so");
  // A hard link of the same file under another name.
  fs::create_hard_link(m_site / "nvidia/cudnn/lib/libcudnn_ops.so.9", m_site / "nvidia/cudnn/lib/libcudnn_ops_copy.so.9");
  // A link to a file outside the folder, and one to a file whose own name says nothing.
  std::ofstream(m_root / "libelsewhere.so") << "x";
  fs::create_symlink(m_root / "libelsewhere.so", m_site / "pkg/libelsewhere.so");
  write("pkg/data/blob.bin");
  fs::create_symlink("data/blob.bin", m_site / "pkg/libalias.so");
  fs::create_symlink("missing.so.1", m_site / "pkg/libdangling.so.1");

  auto files = find_native_files(m_site.string());
  EXPECT_TRUE(files.extension_modules.empty());
  EXPECT_EQ(files.libraries, (std::vector<std::string>{at("nvidia/cublas/lib/libcublas.so.12"),
                                                       at("nvidia/cudnn/lib/libcudnn_ops.so.9"),
                                                       at("pkg/helper.so.9.1.0"), at("pkg/libalias.so")}));
  EXPECT_EQ(files.outside, std::vector<std::string>{at("pkg/libelsewhere.so")});
  EXPECT_EQ(files.library_dirs,
            (std::vector<std::string>{at("nvidia/cublas/lib"), at("nvidia/cudnn/lib"), at("pkg")}));
  EXPECT_FALSE(files.walk_truncated);
}

TEST_F(SiteFolder, RecordRowsReachWhatTheWalkDoesNot) {
  write("torch/lib/libc10.so");
  // A package folder that is a symlink: the walk does not enter it, its RECORD rows do;
  // one pointing outside the site folder is named, never read.
  fs::create_directories(m_root / "outside/lib");
  std::ofstream(m_root / "outside/lib/libfar.so.1") << "x";
  fs::create_directory_symlink(m_root / "outside", m_site / "farpkg");
  write("real/lib/libnear.so.2");
  fs::create_directory_symlink(m_site / "real", m_site / "nearpkg");
  NativeFileOptions options;
  options.record_rows = {"torch/lib/libc10.so", "farpkg/lib/libfar.so.1", "nearpkg/lib/libnear.so.2",
                         "torch/__init__.py", "gone/libgone.so"};
  auto files = find_native_files(m_site.string(), options);
  // libnear is the walk's real/lib/libnear.so.2 already; libfar resolves outside.
  EXPECT_EQ(files.libraries, (std::vector<std::string>{at("real/lib/libnear.so.2"), at("torch/lib/libc10.so")}));
  EXPECT_EQ(files.outside, std::vector<std::string>{at("farpkg/lib/libfar.so.1")});

  // A walk cut short by its bound still lists what RECORD names.
  options.max_entries = 1;
  auto bounded = find_native_files(m_site.string(), options);
  EXPECT_TRUE(bounded.walk_truncated);
  EXPECT_NE(std::find(bounded.libraries.begin(), bounded.libraries.end(), at("torch/lib/libc10.so")),
            bounded.libraries.end());
  NativeFileOptions shallow;
  shallow.max_depth = 1;
  auto shallow_files = find_native_files(m_site.string(), shallow);
  EXPECT_TRUE(shallow_files.walk_truncated);
  EXPECT_TRUE(shallow_files.libraries.empty());  // every library lies two folders down
}

TEST_F(SiteFolder, SymbolsSettleWhatUntaggedNamesLeaveOpen) {
  copy("libpyinit.so", "pkg/libpyinit.so");         // defines PyInit_libpyinit: imported
  copy("libprovider.so", "pkg/helper.so");           // no PyInit_helper: a library
  copy("not_elf.so", "pkg/script.so");               // unreadable: the name decides (a module)
  copy("libprovider.so", "pkg/_fast.cpython-311-x86_64-linux-gnu.so");  // tagged: never read
  auto files = find_native_files(m_site.string());
  EXPECT_EQ(files.libraries, (std::vector<std::string>{at("pkg/libpyinit.so")}));
  Linker linker(LoadContext{});
  settle_untagged(files, linker);
  EXPECT_EQ(files.extension_modules, (std::vector<std::string>{at("pkg/_fast.cpython-311-x86_64-linux-gnu.so"),
                                                               at("pkg/libpyinit.so"), at("pkg/script.so")}));
  EXPECT_EQ(files.libraries, (std::vector<std::string>{at("pkg/helper.so")}));
  EXPECT_EQ(files.library_dirs, (std::vector<std::string>{at("pkg")}));
}

TEST(NativeFiles, ReadsTorchsCxxAbiFromDebiansTorch) {
  const std::string site = "/usr/lib/python3/dist-packages";
  if (!testing::exists(site + "/torch")) GTEST_SKIP() << "python3-torch not installed (apt-get install python3-torch)";
  Linker linker(LoadContext{});
  auto abi = torch_cxx_abi(site, linker);
  ASSERT_TRUE(abi);
  EXPECT_EQ(abi->abi, CxxAbi::Cxx11);  // Debian builds with GCC's default ABI
  EXPECT_NE(abi->library.find("libtorch_cpu.so"), std::string::npos);
}

TEST(NativeFiles, NoTorchNoAbi) {
  Linker linker(LoadContext{});
  EXPECT_FALSE(torch_cxx_abi(testing::fixture(""), linker));
}

}  // namespace
}  // namespace mlstack::binary

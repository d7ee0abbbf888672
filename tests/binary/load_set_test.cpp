// SPDX-License-Identifier: MIT
#include "binary/load_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include <dlfcn.h>
#include <unistd.h>

#include "binary/fixtures.h"

namespace mlstack::binary {
namespace {

using testing::fixture;

const LoadedObject* object_named(const ModuleLinkage& linkage, std::string_view name) {
  for (const auto& object : linkage.objects) {
    if (object.name == name) return &object;
  }
  return nullptr;
}

TEST(ExpandSearchPath, ExpandsOriginLibAndPlatform) {
  auto dirs = expand_search_path("$ORIGIN/../lib:${ORIGIN}:/opt/$LIB:/x/$PLATFORM/:", "/env/site/torch",
                                 ElfMachine::X86_64);
  EXPECT_EQ(dirs, (std::vector<std::string>{"/env/site/torch/../lib", "/env/site/torch", "/opt/lib/x86_64-linux-gnu",
                                            "/x/x86_64", "."}));
  EXPECT_TRUE(expand_search_path("", "/a", ElfMachine::X86_64).empty());
}

TEST(Linker, FindsNeededLibraryThroughRunpathOrigin) {
  Linker linker(LoadContext{});
  auto linkage = linker.link(fixture("libconsumer.so"));
  ASSERT_TRUE(linkage) << to_string(linkage.error());
  const auto* provider = object_named(*linkage, "libprovider.so");
  ASSERT_TRUE(provider);
  EXPECT_EQ(provider->via, FoundVia::Runpath);
  EXPECT_EQ(provider->path, fixture("libprovider.so"));
  EXPECT_TRUE(linkage->missing_libraries.empty());
}

TEST(Linker, PredictsTheKnownUndefinedSymbolAndIgnoresWeakOnes) {
  Linker linker(LoadContext{});
  auto linkage = linker.link(fixture("libconsumer.so"));
  ASSERT_TRUE(linkage);
  ASSERT_EQ(linkage->unresolved_symbols.size(), 1u);
  const auto& missing = linkage->unresolved_symbols[0];
  EXPECT_EQ(missing.name, "missing_function");
  EXPECT_EQ(missing.needed_by, fixture("libconsumer.so"));
  EXPECT_FALSE(linkage->loads());
}

TEST(Linker, PredictsAMissingSymbolVersion) {
  Linker linker(LoadContext{});
  auto linkage = linker.link(fixture("libnewversion.so"));
  ASSERT_TRUE(linkage);
  ASSERT_EQ(linkage->missing_versions.size(), 1u);
  const auto& missing = linkage->missing_versions[0];
  EXPECT_EQ(missing.version, "FIXLIB_2.0");
  EXPECT_EQ(missing.file, "libversioned.so");
  EXPECT_EQ(missing.provided_by, fixture("libversioned.so"));
  EXPECT_EQ(missing.newest, "FIXLIB_1.0");
  // The symbol itself is also unbound at that version.
  ASSERT_EQ(linkage->unresolved_symbols.size(), 1u);
  EXPECT_EQ(linkage->unresolved_symbols[0].version, "FIXLIB_2.0");
}

TEST(Linker, PredictsGlibcTooOldAgainstTheMachinesLibc) {
  Linker linker(LoadContext{});
  auto linkage = linker.link(fixture("libglibcfuture.so"));
  ASSERT_TRUE(linkage);
  const auto* libc = object_named(*linkage, "libc.so.6");
  if (!libc) GTEST_SKIP() << "no libc.so.6 in this machine's loader cache";
  EXPECT_EQ(libc->via, FoundVia::LdCache);
  ASSERT_EQ(linkage->missing_versions.size(), 1u);
  EXPECT_EQ(linkage->missing_versions[0].version, "GLIBC_2.99");
  EXPECT_EQ(linkage->missing_versions[0].newest.rfind("GLIBC_2.", 0), 0u);
}

TEST(Linker, ReportsAMissingLibraryWithTheDirsSearched) {
  LoadContext context;
  context.system_dirs = {"/nonexistent"};
  context.ld_cache_path.clear();
  Linker linker(context);
  auto linkage = linker.link(fixture("libkernels.so"));  // needs libcudart.so.13
  ASSERT_TRUE(linkage);
  auto it = std::find_if(linkage->missing_libraries.begin(), linkage->missing_libraries.end(),
                         [](const auto& m) { return m.name == "libcudart.so.13"; });
  ASSERT_NE(it, linkage->missing_libraries.end());
  EXPECT_EQ(it->needed_by, fixture("libkernels.so"));
  EXPECT_EQ(it->searched, std::vector<std::string>{"/nonexistent"});
}

TEST(Linker, FindsLibrariesInEnvironmentDirsAfterRunpath) {
  LoadContext context;
  context.environment_dirs = {"/usr/local/cuda/lib64"};
  if (!testing::exists("/usr/local/cuda/lib64/libcudart.so.13")) GTEST_SKIP() << "no CUDA 13 runtime";
  Linker linker(context);
  auto linkage = linker.link(fixture("libkernels.so"));
  ASSERT_TRUE(linkage);
  const auto* cudart = object_named(*linkage, "libcudart.so.13");
  ASSERT_TRUE(cudart);
  EXPECT_EQ(cudart->via, FoundVia::EnvironmentDir);
}

TEST(Linker, SkipsCandidatesOfAnotherClass) {
  // A 32-bit libprovider.so on LD_LIBRARY_PATH is passed over, as ld.so does,
  // and the 64-bit one on the RUNPATH is used.
  auto dir = std::filesystem::temp_directory_path() / ("mlstack-skip-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(fixture("lib32bit.so"), dir / "libprovider.so",
                             std::filesystem::copy_options::overwrite_existing);
  LoadContext context;
  context.library_path = {dir.string()};
  Linker linker(context);
  auto linkage = linker.link(fixture("libconsumer.so"));
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(linkage);
  const auto* provider = object_named(*linkage, "libprovider.so");
  ASSERT_TRUE(provider);
  EXPECT_EQ(provider->via, FoundVia::Runpath);
}

TEST(Linker, ResolvesInterpreterSymbolsThroughGlobalObjects) {
  // Python extension modules leave Py* undefined; the interpreter defines them.
  const std::string python = "/usr/bin/python3.11";
  const std::string module = "/usr/lib/python3.11/lib-dynload/_json.cpython-311-x86_64-linux-gnu.so";
  if (!testing::exists(python) || !testing::exists(module)) GTEST_SKIP() << "no Debian python3.11";
  Linker bare(LoadContext{});
  auto without = bare.link(module);
  ASSERT_TRUE(without);
  EXPECT_FALSE(without->unresolved_symbols.empty());
  LoadContext context;
  context.global_objects = {python};
  Linker linker(context);
  auto with = linker.link(module);
  ASSERT_TRUE(with);
  EXPECT_TRUE(with->unresolved_symbols.empty()) << with->unresolved_symbols[0].name;
  EXPECT_GT(with->symbols_checked, 10u);
}

TEST(Linker, FailsOnlyWhenTheModuleItselfIsUnreadable) {
  Linker linker(LoadContext{});
  auto linkage = linker.link(fixture("not_elf.so"));
  ASSERT_FALSE(linkage);
  EXPECT_NE(linkage.error().message.find("not an ELF file"), std::string::npos);
}

TEST(Linker, BindsAVersionedReferenceToAnUnversionedDefinition) {
  Linker linker(LoadContext{});
  auto linkage = linker.link(fixture("libmixedconsumer.so"));
  ASSERT_TRUE(linkage);
  EXPECT_TRUE(linkage->loads());
}

TEST(Linker, PredictionsMatchTheRealLoaderOnTheFixtures) {
  // dlopen(RTLD_NOW | RTLD_LOCAL), as Python imports, on the project's own
  // fixtures (no constructors: built with -nostartfiles or plain C++).
  const std::vector<std::string> names = {"libconsumer.so", "libnewversion.so", "libglibcfuture.so",
                                          "libmixedconsumer.so", "libabi_user_old.so", "libabi_cxx11.so",
                                          "libprovider.so", "libkernels.so"};
  Linker linker(LoadContext{});
  for (const auto& name : names) {
    auto linkage = linker.link(fixture(name));
    ASSERT_TRUE(linkage) << name;
    void* handle = ::dlopen(fixture(name).c_str(), RTLD_NOW | RTLD_LOCAL);
    const std::string why = handle ? "" : ::dlerror();
    if (handle) ::dlclose(handle);
    EXPECT_EQ(linkage->loads(), handle != nullptr) << name << ": " << why;
  }
}

// The set of files `ldd` (the real loader, in trace mode) maps for a module.
std::set<std::string> ldd_paths(const std::string& module) {
  std::set<std::string> paths;
  FILE* pipe = ::popen(("ldd " + module + " 2>/dev/null").c_str(), "r");
  if (!pipe) return paths;
  char line[4096];
  while (std::fgets(line, sizeof line, pipe)) {
    std::string text(line);
    auto arrow = text.find(" => ");
    if (arrow == std::string::npos) continue;
    auto end = text.find(" (", arrow);
    std::string path = text.substr(arrow + 4, end - arrow - 4);
    if (!path.empty() && path.front() == '/') paths.insert(std::filesystem::weakly_canonical(path).string());
  }
  ::pclose(pipe);
  return paths;
}

TEST(Linker, FindsTheSameFilesAsTheRealLoader) {
  const std::vector<std::string> modules = {
      "/usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so",
      "/usr/lib/python3/dist-packages/torch/_C.cpython-311-x86_64-linux-gnu.so",
      "/usr/local/cuda/lib64/libcublas.so.13",
  };
  std::size_t compared = 0;
  Linker linker(LoadContext{});
  for (const auto& module : modules) {
    if (!testing::exists(module) || !testing::exists("/usr/bin/ldd")) continue;
    auto linkage = linker.link(module);
    ASSERT_TRUE(linkage) << module;
    std::set<std::string> ours;
    for (const auto& object : linkage->objects) {
      if (object.path != module) ours.insert(std::filesystem::weakly_canonical(object.path).string());
    }
    auto theirs = ldd_paths(module);
    theirs.erase(std::filesystem::weakly_canonical("/lib64/ld-linux-x86-64.so.2").string());
    ours.erase(std::filesystem::weakly_canonical("/lib64/ld-linux-x86-64.so.2").string());
    EXPECT_EQ(ours, theirs) << module;
    ++compared;
  }
  if (compared == 0) GTEST_SKIP() << "none of the sample modules is installed";
}

}  // namespace
}  // namespace mlstack::binary

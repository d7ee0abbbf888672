// SPDX-License-Identifier: MIT
// pyenv's version selection followed from files (src/env/pyenv.h), case by
// case against what pyenv's own scripts do.
#include "env/pyenv.h"

#include <gtest/gtest.h>

#include "env/fake_system.h"

namespace mlstack::env {
namespace {

const std::string k_root = "/home/u/.pyenv";

// The text pyenv-rehash writes into every shim.
const std::string k_shim =
    "#!/usr/bin/env bash\nset -e\n[ -n \"$PYENV_DEBUG\" ] && set -x\n\nprogram=\"${0##*/}\"\n\n"
    "export PYENV_ROOT=\"/home/u/.pyenv\"\nexec \"/home/u/.pyenv/libexec/pyenv\" exec \"$program\" \"$@\"\n";

bool any_entry(const std::string&) { return true; }

FakeSystem with_versions(std::initializer_list<const char*> versions) {
  FakeSystem system;
  system.set_env("PATH", k_root + "/shims:/usr/bin");
  system.add_file(k_root + "/shims/python3", k_shim);
  for (const char* version : versions) system.add_file(k_root + "/versions/" + version + "/bin/python3", "");
  return system;
}

TEST(PyenvShim, RecognisesTheScriptPyenvWrites) {
  EXPECT_EQ(pyenv_shim_root(k_shim), "/home/u/.pyenv");
  EXPECT_EQ(pyenv_shim_root("#!/bin/sh\nexec /opt/asdf/bin/asdf exec python3 \"$@\"\n"), std::nullopt);
  EXPECT_EQ(pyenv_shim_root("\x7f" "ELF"), std::nullopt);
}

TEST(PyenvShim, GlobalVersionFile) {
  FakeSystem system = with_versions({"3.11.7", "3.12.1"});
  system.add_file(k_root + "/version", "3.11.7\n");
  auto choice = resolve_pyenv_shim(system, k_root, "python3", any_entry);
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(choice->command, k_root + "/versions/3.11.7/bin/python3");
  EXPECT_EQ(choice->origin, k_root + "/version");
  EXPECT_FALSE(choice->system);
}

TEST(PyenvShim, LocalVersionFileAboveTheCurrentFolderWinsAndPrefixesComplete) {
  FakeSystem system = with_versions({"3.10.4", "3.10.13", "3.10.14rc1", "3.11.7"});
  system.add_file(k_root + "/version", "3.11.7\n");
  system.add_file("/work/proj/.python-version", "# pinned for CI\n\n3.10\n");
  system.add_dir("/work/proj/src/pkg");
  system.set_current_dir("/work/proj/src/pkg");
  auto choice = resolve_pyenv_shim(system, k_root, "python3", any_entry);
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(choice->versions, std::vector<std::string>{"3.10.13"});  // numeric order; rc excluded
  EXPECT_EQ(choice->origin, "/work/proj/.python-version");
}

TEST(PyenvShim, PyenvVersionVariableWinsAndSeveralVersionsAreTriedInOrder) {
  FakeSystem system = with_versions({"3.11.7"});
  system.add_dir(k_root + "/versions/3.12.1/bin");  // installed without python3
  system.add_file(k_root + "/version", "3.9.18\n");
  system.set_env("PYENV_VERSION", "python-3.12.1:3.11.7");
  auto choice = resolve_pyenv_shim(system, k_root, "python3", any_entry);
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(choice->origin, "PYENV_VERSION");
  EXPECT_EQ(choice->command, k_root + "/versions/3.11.7/bin/python3");
}

TEST(PyenvShim, SystemIsTheNextPython3OnPathWithoutTheShims) {
  FakeSystem system = with_versions({"3.11.7"});
  system.add_file(k_root + "/version", "system\n");
  system.set_env("PATH", "bin:" + k_root + "/shims:/opt/bin:/usr/bin");
  system.add_file("/work/bin/python3", "#!/bin/sh\n");  // a relative entry: never searched here
  system.add_file("/usr/bin/python3", "");
  auto choice = resolve_pyenv_shim(system, k_root, "python3",
                                   [](const std::string& entry) { return entry.starts_with('/'); });
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_TRUE(choice->system);
  EXPECT_EQ(choice->command, "/usr/bin/python3");
}

TEST(PyenvShim, AnEmptyVersionFileMeansSystem) {
  FakeSystem system = with_versions({"3.11.7"});
  system.add_file(k_root + "/version", "3.11.7\n");
  system.add_file("/work/.python-version", "# nothing\n");
  system.add_file("/usr/bin/python3", "");
  auto choice = resolve_pyenv_shim(system, k_root, "python3", any_entry);
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_TRUE(choice->system);
}

TEST(PyenvShim, AVersionNotInstalledFallsThroughToSystem) {
  FakeSystem system = with_versions({"3.11.7"});
  system.add_file(k_root + "/version", "3.8.18\n");
  system.add_file("/usr/bin/python3", "");
  auto choice = resolve_pyenv_shim(system, k_root, "python3", any_entry);
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(choice->command, "/usr/bin/python3");
}

TEST(PyenvShim, PathTraversalInAVersionFileIsIgnored) {
  FakeSystem system = with_versions({"3.11.7"});
  system.add_file(k_root + "/version", "../../../tmp/evil\n3.11.7\n");
  auto choice = resolve_pyenv_shim(system, k_root, "python3", any_entry);
  ASSERT_TRUE(choice) << choice.error();
  EXPECT_EQ(choice->command, k_root + "/versions/3.11.7/bin/python3");
}

TEST(PyenvShim, AVersionNameHookMakesItUnfollowable) {
  FakeSystem system = with_versions({"3.11.7"});
  system.add_file(k_root + "/version", "3.11.7\n");
  system.add_file(k_root + "/plugins/pyenv-local-magic/etc/pyenv.d/version-name/magic.bash", "PYENV_VERSION=3.12\n");
  auto choice = resolve_pyenv_shim(system, k_root, "python3", any_entry);
  ASSERT_FALSE(choice);
  EXPECT_NE(choice.error().find("magic.bash"), std::string::npos) << choice.error();
}

TEST(PyenvShim, PipRehashAndWhichHooksDoNotMatterForPython3) {
  FakeSystem system = with_versions({"3.11.7"});
  system.add_file(k_root + "/version", "3.11.7\n");
  system.add_file(k_root + "/pyenv.d/exec/pip-rehash.bash", "");
  system.add_file(k_root + "/plugins/pyenv-virtualenv/etc/pyenv.d/which/system-site-packages.bash", "");
  EXPECT_TRUE(resolve_pyenv_shim(system, k_root, "python3", any_entry));
}

TEST(PyenvLatest, CompletesPrefixesLikePyenvLatest) {
  FakeSystem system = with_versions({"3.9.18", "3.10.13", "3.13.0", "3.13.1t", "3.12-dev", "3.12.1"});
  EXPECT_EQ(pyenv_latest(system, k_root, "3"), "3.13.0");     // not the free-threaded build
  EXPECT_EQ(pyenv_latest(system, k_root, "3.12"), "3.12.1");  // not -dev
  EXPECT_EQ(pyenv_latest(system, k_root, "3.13t"), "3.13.1t");
  EXPECT_EQ(pyenv_latest(system, k_root, "3.9.18"), "3.9.18");
  EXPECT_EQ(pyenv_latest(system, k_root, "3.7"), std::nullopt);
  FakeSystem pypy = with_versions({"pypy3.10-7.3.12", "pypy3.10-7.3.9"});
  EXPECT_EQ(pyenv_latest(pypy, k_root, "pypy3.10"), std::nullopt);  // not plain numbers: not followed
}

}  // namespace
}  // namespace mlstack::env

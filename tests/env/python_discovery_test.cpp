// SPDX-License-Identifier: MIT
// Which python3 is meant, and the rule that decides whether mlstack may run
// an interpreter (src/env/python_discovery.h); then the whole of
// read_environment() without flags: static answers run nothing.
#include "env/python_discovery.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "env/environment.h"
#include "env/fake_system.h"

namespace mlstack::env {
namespace {

const std::string k_root = "/home/u/.pyenv";
const std::string k_shim = "#!/usr/bin/env bash\nexport PYENV_ROOT=\"/home/u/.pyenv\"\nexec \"/home/u/.pyenv/libexec/pyenv\" exec \"$program\" \"$@\"\n";

// A pyenv root with 3.11.7 selected globally, its shim first on PATH.
FakeSystem pyenv_machine() {
  FakeSystem system;
  system.set_env("HOME", "/home/u");
  system.set_env("PATH", k_root + "/shims:/usr/bin:/bin");
  system.set_current_dir("/work/repo");
  system.add_dir("/work/repo");
  system.add_file(k_root + "/shims/python3", k_shim);
  system.add_file(k_root + "/version", "3.11.7\n");
  const std::string prefix = k_root + "/versions/3.11.7";
  system.add_file(prefix + "/bin/python3.11", "\x7f" "ELF");
  system.add_symlink(prefix + "/bin/python3", "python3.11");
  system.add_file(prefix + "/lib/python3.11/os.py", "");
  system.add_file(prefix + "/include/python3.11/patchlevel.h", "#define PY_VERSION \"3.11.7\"\n");
  system.add_file(prefix + "/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA", "Name: requests\nVersion: 2.31.0\n");
  return system;
}

TEST(RunRule, NeverInsideTheProjectNorThroughARelativeOrProjectPathEntry) {
  FakeSystem system;
  system.set_env("HOME", "/home/u");
  system.add_dir("/work/repo/bin");
  system.add_file("/work/repo/.venv/bin/python3", "");
  system.add_file("/usr/bin/python3", "");
  system.add_symlink("/usr/local/bin/python3", "/work/repo/.venv/bin/python3");
  const std::string project = "/work/repo";
  EXPECT_TRUE(may_run_interpreter(system, "/usr/bin/python3", "/usr/bin", project).allowed);
  EXPECT_TRUE(may_run_interpreter(system, "/usr/bin/python3", "", project).allowed);
  RunPermission inside = may_run_interpreter(system, "/work/repo/.venv/bin/python3", "", project);
  EXPECT_FALSE(inside.allowed);
  EXPECT_NE(inside.reason.find("inside the analysed project /work/repo"), std::string::npos) << inside.reason;
  // A link from outside to a file inside is inside.
  EXPECT_FALSE(may_run_interpreter(system, "/usr/local/bin/python3", "/usr/local/bin", project).allowed);
  EXPECT_FALSE(may_run_interpreter(system, "/usr/bin/python3", ".", project).allowed);
  EXPECT_FALSE(may_run_interpreter(system, "/usr/bin/python3", "bin", project).allowed);
  EXPECT_FALSE(may_run_interpreter(system, "/usr/bin/python3", "/work/repo/bin", project).allowed);
  EXPECT_FALSE(may_search_path_entry(system, "", project).allowed);
  // The home folder or / is no project: everything would be inside it.
  EXPECT_TRUE(may_run_interpreter(system, "/home/u/.pyenv/versions/3.11.7/bin/python3", "", "/home/u").allowed);
  EXPECT_TRUE(may_run_interpreter(system, "/usr/bin/python3", "", "/").allowed);
}

TEST(FindPythonOnPath, SkipsEntriesTheRuleForbidsAndSaysSo) {
  FakeSystem system;
  system.set_current_dir("/work/repo");
  system.set_env("PATH", ".:/work/repo/tools:/usr/bin");
  system.add_file("/work/repo/python3", "#!/bin/sh\ntouch /tmp/pwned\n");
  system.add_file("/work/repo/tools/python3", "#!/bin/sh\n");
  system.add_file("/usr/bin/python3", "\x7f" "ELF");
  auto hit = find_python_on_path(system, "python3", "/work/repo");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->found, "/usr/bin/python3");
  EXPECT_EQ(hit->interpreter, "/usr/bin/python3");
  ASSERT_EQ(hit->skipped.size(), 2u);
  EXPECT_NE(hit->skipped[0].find("relative"), std::string::npos) << hit->skipped[0];
}

TEST(FindPythonOnPath, FollowsAPyenvShimAndLeavesOtherScriptsUnresolved) {
  FakeSystem system = pyenv_machine();
  auto hit = find_python_on_path(system, "python3", "/work/repo");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->found, k_root + "/shims/python3");
  EXPECT_EQ(hit->interpreter, k_root + "/versions/3.11.7/bin/python3");
  EXPECT_NE(hit->how.find("version 3.11.7 from /home/u/.pyenv/version"), std::string::npos) << hit->how;

  system.add_file("/opt/asdf/shims/python3", "#!/usr/bin/env bash\nexec /opt/asdf/bin/asdf exec \"python3\" \"$@\"\n");
  system.set_env("PATH", "/opt/asdf/shims:/usr/bin");
  hit = find_python_on_path(system, "python3", "/work/repo");
  ASSERT_TRUE(hit);
  EXPECT_TRUE(hit->interpreter.empty());
  EXPECT_NE(hit->unresolved.find("not a pyenv shim"), std::string::npos) << hit->unresolved;
}

TEST(ReadEnvironmentWithoutFlags, APyenvShimIsReadFromFilesAndNothingRuns) {
  FakeSystem system = pyenv_machine();
  Environment e = read_environment(system, {});
  EXPECT_TRUE(system.commands_run().empty());
  EXPECT_EQ(e.found_by, "python3 on PATH");
  EXPECT_EQ(e.python.version, "3.11.7");
  EXPECT_EQ(e.python.source, "patchlevel.h");
  EXPECT_EQ(e.python.executable, k_root + "/versions/3.11.7/bin/python3");
  EXPECT_EQ(e.python.markers["python_full_version"], "3.11.7");
  ASSERT_NE(e.find("requests"), nullptr);
  EXPECT_TRUE(e.findings.empty());
}

TEST(ReadEnvironmentWithoutFlags, PthFoldersFollowTheirSiteFolderInSitePyOrder) {
  FakeSystem system = pyenv_machine();
  const std::string site = k_root + "/versions/3.11.7/lib/python3.11/site-packages";
  system.add_dir("/home/u/.local/lib/python3.11/site-packages");
  system.add_file(site + "/b.pth", "/opt/b\n");
  system.add_file(site + "/a.pth", "import os; os.system('never')\n/opt/a\n");
  system.add_dir("/opt/a");
  system.add_dir("/opt/b");
  system.add_file("/opt/a/nested.pth", "/opt/never\n");  // folders a .pth adds are no site folders
  system.add_dir("/opt/never");
  Environment e = read_environment(system, {});
  const std::vector<std::string> expected = {k_root + "/versions/3.11.7/lib/python3.11",
                                             "/home/u/.local/lib/python3.11/site-packages", site, "/opt/a", "/opt/b"};
  EXPECT_EQ(e.site_dirs, expected);
  EXPECT_TRUE(system.commands_run().empty());
}

TEST(ReadEnvironmentWithoutFlags, AnUnknownShimIsRunWhenTheRuleAllows) {
  FakeSystem system;
  system.set_env("PATH", "/opt/tool/bin");
  system.add_file("/opt/tool/bin/python3", "#!/bin/sh\nexec /opt/real/python \"$@\"\n");
  system.add_dir("/venv/lib/python3.11/site-packages");
  system.set_command(std::string("/opt/tool/bin/python3 -I -c ") + k_python_snippet,
                     {0, R"({"executable": "/venv/bin/python3", "prefix": "/venv", "base_prefix": "/venv", "user_site": "",
                            "path": ["/venv/lib/python3.11/site-packages"], "markers": {"python_full_version": "3.11.4"}})",
                      ""});
  Environment e = read_environment(system, {});
  ASSERT_EQ(system.commands_run().size(), 1u);
  EXPECT_EQ(e.python.source, "interpreter");
  EXPECT_EQ(e.python.version, "3.11.4");
}

TEST(ReadEnvironmentWithoutFlags, AnInterpreterInsideTheProjectIsNeverRun) {
  FakeSystem system;
  system.set_current_dir("/work/repo");
  system.set_env("PATH", "/usr/bin");
  system.add_file("/work/repo/bin/python3", "#!/bin/sh\ntouch /tmp/pwned\n");
  EnvRequest request;
  request.python = "/work/repo/bin/python3";
  Environment e = read_environment(system, request);
  EXPECT_TRUE(system.commands_run().empty());
  ASSERT_EQ(e.findings.size(), 1u);
  EXPECT_EQ(e.findings[0].rule, "input.python-not-runnable");
  EXPECT_NE(e.findings[0].message.find("inside the analysed project"), std::string::npos) << e.findings[0].message;
}

}  // namespace
}  // namespace mlstack::env

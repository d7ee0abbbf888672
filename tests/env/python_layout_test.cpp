// SPDX-License-Identifier: MIT
// Interpreter installations read from their files (src/env/python_layout.h),
// each layout as CPython's getpath and site.py lay it out; and, on this
// machine, the static answer against the interpreter's own.
#include "env/python_layout.h"

#include <gtest/gtest.h>

#include "env/environment.h"
#include "env/fake_system.h"
#include "env/python_discovery.h"

namespace mlstack::env {
namespace {

const std::string k_pyenv = "/home/u/.pyenv/versions/3.11.7";

void add_pyenv_python(FakeSystem& system) {
  system.set_env("HOME", "/home/u");
  system.add_file(k_pyenv + "/bin/python3.11", "\x7f" "ELF");
  system.add_symlink(k_pyenv + "/bin/python3", "python3.11");
  system.add_file(k_pyenv + "/lib/python3.11/os.py", "");
  system.add_file(k_pyenv + "/lib/python3.11/site.py", "# upstream site.py: site-packages\n");
  system.add_file(k_pyenv + "/include/python3.11/patchlevel.h",
                  "#define PY_MAJOR_VERSION 3\n#define PY_VERSION_HEX 0x030B07F0\n#define PY_VERSION              \"3.11.7\"\n");
  system.add_dir(k_pyenv + "/lib/python3.11/site-packages");
}

TEST(PythonLayout, PyenvInstallation) {
  FakeSystem system;
  add_pyenv_python(system);
  system.add_dir("/home/u/.local/lib/python3.11/site-packages");
  auto layout = read_python_layout(system, k_pyenv + "/bin/python3");
  ASSERT_TRUE(layout) << layout.error();
  EXPECT_EQ(layout->real_executable, k_pyenv + "/bin/python3.11");
  EXPECT_EQ(layout->prefix, k_pyenv);
  EXPECT_EQ(layout->base_prefix, k_pyenv);
  EXPECT_EQ(layout->version, "3.11.7");
  EXPECT_EQ(layout->version_source, "patchlevel.h");
  EXPECT_FALSE(layout->venv);
  EXPECT_FALSE(layout->debian);
  EXPECT_EQ(layout->sys_path, (std::vector<std::string>{k_pyenv + "/lib/python311.zip", k_pyenv + "/lib/python3.11",
                                                        k_pyenv + "/lib/python3.11/lib-dynload",
                                                        k_pyenv + "/lib/python3.11/site-packages"}));
  EXPECT_EQ(layout->user_site, "/home/u/.local/lib/python3.11/site-packages");
  EXPECT_TRUE(layout->user_site_visible);
}

TEST(PythonLayout, PyenvFolderNameWhenNoHeaders) {
  FakeSystem system;
  add_pyenv_python(system);
  system.add_file(k_pyenv + "/include/python3.11/patchlevel.h", "/* no define */\n");
  auto layout = read_python_layout(system, k_pyenv + "/bin/python3");
  ASSERT_TRUE(layout) << layout.error();
  EXPECT_EQ(layout->version, "3.11.7");
  EXPECT_EQ(layout->version_source, "pyenv folder name");
}

TEST(PythonLayout, DebianSystemPythonListsDistPackages) {
  FakeSystem system;
  system.set_env("HOME", "/root");
  system.add_file("/usr/bin/python3.11", "\x7f" "ELF");
  system.add_symlink("/usr/bin/python3", "python3.11");
  system.add_file("/usr/lib/python3.11/os.py", "");
  system.add_file("/usr/lib/python3.11/site.py",
                  "            sitepackages.append(os.path.join(prefix, \"lib\",\n \"python3\",\n \"dist-packages\"))\n");
  system.add_dir("/usr/lib/python3/dist-packages");
  system.add_dir("/usr/local/lib/python3.11/dist-packages");
  system.add_file("/var/lib/dpkg/status",
                  "Package: python3.11\nVersion: 3.11.2-6+deb12u6\n\nPackage: python3.11-minimal\nStatus: install ok installed\n"
                  "Version: 3.11.2-6+deb12u6\nDescription: x\n\n");
  auto layout = read_python_layout(system, "/usr/bin/python3");
  ASSERT_TRUE(layout) << layout.error();
  EXPECT_TRUE(layout->debian);
  EXPECT_EQ(layout->version, "3.11.2");
  EXPECT_EQ(layout->version_source, "dpkg status");
  EXPECT_EQ(layout->sys_path,
            (std::vector<std::string>{"/usr/lib/python311.zip", "/usr/lib/python3.11", "/usr/lib/python3.11/lib-dynload",
                                      "/usr/local/lib/python3.11/dist-packages", "/usr/lib/python3/dist-packages"}));
}

TEST(PythonLayout, VenvSeesTheBaseSitePackagesUnlessItsConfigSaysFalse) {
  FakeSystem system;
  add_pyenv_python(system);
  system.add_symlink("/proj/.venv/bin/python3", k_pyenv + "/bin/python3.11");
  system.add_dir("/proj/.venv/lib/python3.11/site-packages");
  system.add_file("/proj/.venv/pyvenv.cfg", "home = " + k_pyenv + "/bin\nversion = 3.11.7\n");  // no include key: true
  auto layout = read_python_layout(system, "/proj/.venv/bin/python3");
  ASSERT_TRUE(layout) << layout.error();
  EXPECT_TRUE(layout->venv);
  EXPECT_TRUE(layout->system_site_packages);
  EXPECT_EQ(layout->prefix, "/proj/.venv");
  EXPECT_EQ(layout->base_prefix, k_pyenv);
  ASSERT_EQ(layout->sys_path.size(), 5u);
  EXPECT_EQ(layout->sys_path[1], k_pyenv + "/lib/python3.11");  // the base's standard library
  EXPECT_EQ(layout->sys_path[3], "/proj/.venv/lib/python3.11/site-packages");
  EXPECT_EQ(layout->sys_path[4], k_pyenv + "/lib/python3.11/site-packages");

  system.add_file("/proj/.venv/pyvenv.cfg", "home = " + k_pyenv + "/bin\nInclude-System-Site-Packages = False\n");
  layout = read_python_layout(system, "/proj/.venv/bin/python3");
  ASSERT_TRUE(layout) << layout.error();
  EXPECT_FALSE(layout->system_site_packages);
  EXPECT_FALSE(layout->user_site_visible);
  EXPECT_EQ(layout->sys_path.back(), "/proj/.venv/lib/python3.11/site-packages");
}

TEST(PythonLayout, CopiedVenvInterpreterIsFoundThroughHome) {
  FakeSystem system;
  add_pyenv_python(system);
  system.add_file("/v/bin/python3", "\x7f" "ELF");  // venv --copies
  system.add_file("/v/pyvenv.cfg", "home = " + k_pyenv + "/bin\ninclude-system-site-packages = false\nversion = 3.11.7\n");
  auto layout = read_python_layout(system, "/v/bin/python3");
  ASSERT_TRUE(layout) << layout.error();
  EXPECT_EQ(layout->base_prefix, k_pyenv);
}

TEST(PythonLayout, CondaReleaseFromCondaMeta) {
  FakeSystem system;
  system.add_file("/opt/conda/bin/python3.10", "");
  system.add_symlink("/opt/conda/bin/python3", "python3.10");
  system.add_file("/opt/conda/lib/python3.10/os.py", "");
  system.add_file("/opt/conda/conda-meta/python-3.10.14-h955ad1f_0.json", "{}");
  auto layout = read_python_layout(system, "/opt/conda/bin/python3");
  ASSERT_TRUE(layout) << layout.error();
  EXPECT_EQ(layout->version, "3.10.14");
  EXPECT_EQ(layout->version_source, "conda-meta");
}

TEST(PythonLayout, RefusesWhatItCannotKnow) {
  FakeSystem system;
  system.add_file("/opt/pypy/bin/pypy3.10", "");
  system.add_symlink("/opt/pypy/bin/python3", "pypy3.10");
  EXPECT_FALSE(read_python_layout(system, "/opt/pypy/bin/python3"));
  system.add_file("/opt/odd/bin/python3.12", "");  // no standard library beside it
  auto no_stdlib = read_python_layout(system, "/opt/odd/bin/python3.12");
  ASSERT_FALSE(no_stdlib);
  EXPECT_NE(no_stdlib.error().find("os.py"), std::string::npos) << no_stdlib.error();
  system.add_file("/opt/odd/lib/python3.12/os.py", "");  // but nothing says which 3.12 release
  auto no_release = read_python_layout(system, "/opt/odd/bin/python3.12");
  ASSERT_FALSE(no_release);
  EXPECT_NE(no_release.error().find("3.12 release"), std::string::npos) << no_release.error();
}

TEST(PythonLayout, PatchlevelAndMarkers) {
  EXPECT_EQ(patchlevel_version("#define PY_VERSION_HEX 0x030D00C1\n#define PY_VERSION \"3.13.0rc1\"\n"), "3.13.0rc1");
  EXPECT_EQ(patchlevel_version("#define PY_VERSION \"3.12.0+\"\n"), "3.12.0");
  EXPECT_EQ(patchlevel_version("#define PY_VERSION_HEX 1\n"), "");
  PythonLayout layout;
  layout.version = "3.13.0rc1";
  auto markers = layout_markers(layout, {"Linux", "6.1.0-18-amd64", "#1 SMP", "x86_64"});
  EXPECT_EQ(markers["python_full_version"], "3.13.0rc1");
  EXPECT_EQ(markers["implementation_version"], "3.13.0c1");
  EXPECT_EQ(markers["python_version"], "3.13");
  EXPECT_EQ(markers["sys_platform"], "linux");
  EXPECT_EQ(markers["platform_release"], "6.1.0-18-amd64");
  EXPECT_EQ(markers["platform_python_implementation"], "CPython");
}

// On this machine: what the files say equals what each interpreter says of
// itself when run (python3 on PATH, through pyenv when it is a shim, and
// Debian's /usr/bin/python3).
TEST(PythonLayout, EqualsTheInterpretersOwnAnswerOnThisMachine) {
  RealSystem system;
  std::vector<std::string> interpreters;
  if (auto hit = find_python_on_path(system, "python3", "/"); hit && hit->unresolved.empty())
    interpreters.push_back(hit->interpreter);
  if (system.is_executable("/usr/bin/python3")) interpreters.push_back("/usr/bin/python3");
  if (interpreters.empty()) GTEST_SKIP() << "no python3 here";
  for (const std::string& exe : interpreters) {
    auto layout = read_python_layout(system, exe);
    if (!layout) {
      ADD_FAILURE() << exe << ": " << layout.error();
      continue;
    }
    auto output = system.run({exe, "-I", "-c", k_python_snippet}, 20000);
    ASSERT_TRUE(output && output->exit_code == 0) << exe;
    auto probe = parse_python_probe(output->out);
    ASSERT_TRUE(probe) << probe.error();
    EXPECT_EQ(layout->sys_path, probe->sys_path) << exe;
    EXPECT_EQ(layout->prefix, probe->prefix) << exe;
    EXPECT_EQ(layout->base_prefix, probe->base_prefix) << exe;
    EXPECT_EQ(layout->user_site, probe->user_site) << exe;
    EXPECT_EQ(layout_markers(*layout, system.uname()), probe->markers) << exe;
  }
}

}  // namespace
}  // namespace mlstack::env

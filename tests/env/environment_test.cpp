// SPDX-License-Identifier: MIT
#include "env/environment.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "env/env_test_support.h"
#include "env/fake_system.h"

namespace mlstack::env {
namespace {

using testing::fixture;

bool has_rule(const std::vector<Finding>& findings, std::string_view rule) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == rule; });
}

TEST(ReadEnvironment, SiteDirInfersPrefixPythonAndPyvenv) {
  RealSystem system;
  Environment environment = read_environment(system, {{fixture("venv-basic/lib/python3.11/site-packages")}, "", true});
  EXPECT_EQ(environment.found_by, "--site");
  EXPECT_EQ(environment.prefix, fixture("venv-basic"));
  ASSERT_TRUE(environment.venv);
  EXPECT_EQ(environment.venv->home, "/usr/bin");
  EXPECT_EQ(environment.python.version, "3.11.2");
  EXPECT_EQ(environment.python.source, "pyvenv.cfg");
}

TEST(ReadEnvironment, EachSiteFolderIsJudgedAgainstItsOwnPrefix) {
  // venv-broken first, then venv-basic: torch's ../../../bin/torchrun in the
  // second folder leaves its own prefix's site-packages, not the first one's.
  RealSystem system;
  Environment e = read_environment(system, {{fixture("venv-broken/lib/python3.11/site-packages"),
                                              fixture("venv-basic/lib/python3.11/site-packages")},
                                             "", true});
  ASSERT_NE(e.find("torch"), nullptr);
  for (const Finding& f : e.findings)
    EXPECT_FALSE(f.rule == "env.record-outside-environment" && f.message.starts_with("torch "))
        << f.message;
  EXPECT_EQ(prefix_of_site_dir("/usr/lib/python3/dist-packages").first, "/usr");
  EXPECT_EQ(prefix_of_site_dir("/opt/v/lib/python3.12/site-packages"), (std::pair<std::string, std::string>{"/opt/v", "3.12"}));
  EXPECT_EQ(prefix_of_site_dir("/srv/plain").first, "/srv/plain");
}

TEST(ReadEnvironment, ReadsEveryKindOfInstall) {
  RealSystem system;
  Environment e = read_environment(system, {{fixture("venv-basic/lib/python3.11/site-packages")}, "", true});
  for (const char* name : {"requests", "idna", "torch", "nvidia-cudnn-cu12", "oldpkg", "devpkg", "mypkg", "gitpkg", "badreq"})
    EXPECT_NE(e.find(name), nullptr) << name;
  EXPECT_EQ(e.find("certifi"), nullptr);
  EXPECT_TRUE(e.find("mypkg")->editable);
  EXPECT_EQ(e.find("mypkg")->editable_location, "/work/mypkg");
  EXPECT_EQ(e.find("devpkg")->kind, MetadataKind::EggLink);
  EXPECT_EQ(e.find("devpkg")->editable_location, fixture("venv-basic/src/devpkg"));
  EXPECT_EQ(e.find("gitpkg")->direct_url->commit_id, "1a2b3c4d5e6f");
  EXPECT_EQ(e.find("charset-normalizer")->installer, "uv");
  // torch's RECORD puts torchrun in ../../../bin: inside the environment, no finding.
  EXPECT_FALSE(has_rule(e.findings, "env.record-outside-environment"));
  ASSERT_TRUE(e.torch);
  EXPECT_EQ(e.torch->cuda, "12.1");
  EXPECT_EQ(e.torch->cxx11_abi, false);
  EXPECT_TRUE(std::is_sorted(e.distributions.begin(), e.distributions.end(),
                             [](const Distribution& a, const Distribution& b) { return a.canonical_name < b.canonical_name; }));
}

TEST(ReadEnvironment, TwoVersionsInOneFolderIsAFinding) {
  RealSystem system;
  Environment e = read_environment(system, {{fixture("venv-basic/lib/python3.11/site-packages")}, "", true});
  auto six = std::count_if(e.distributions.begin(), e.distributions.end(), [](const Distribution& d) { return d.canonical_name == "six"; });
  EXPECT_EQ(six, 2);
  auto shadowed = std::count_if(e.distributions.begin(), e.distributions.end(), [](const Distribution& d) { return d.shadowed; });
  EXPECT_EQ(shadowed, 1);
  auto finding = std::find_if(e.findings.begin(), e.findings.end(), [](const Finding& f) { return f.rule == "env.duplicate-distribution"; });
  ASSERT_NE(finding, e.findings.end());
  EXPECT_EQ(finding->severity, Severity::Warning);
  EXPECT_NE(finding->message.find("six is installed 2 times in"), std::string::npos) << finding->message;
  EXPECT_EQ(finding->origins.size(), 2u);
}

TEST(ReadEnvironment, TwoFoldersOfOneVersionAreOnlyANote) {
  FakeSystem system;
  system.add_file("/site/cryptography-38.0.4.dist-info/METADATA", "Name: cryptography\nVersion: 38.0.4\n");
  system.add_file("/site/cryptography.egg-info/PKG-INFO", "Name: cryptography\nVersion: 38.0.4\n");
  Environment e = read_environment(system, {{"/site"}, "", false});
  ASSERT_EQ(e.findings.size(), 1u);
  EXPECT_EQ(e.findings[0].rule, "env.duplicate-distribution");
  EXPECT_EQ(e.findings[0].severity, Severity::Info);
}

TEST(ReadEnvironment, BrokenDistributionsAreFindingsAndTheRestIsRead) {
  RealSystem system;
  Environment e = read_environment(system, {{fixture("venv-broken/lib/python3.11/site-packages")}, "", true});
  EXPECT_NE(e.find("idna"), nullptr);
  EXPECT_NE(e.find("escaping"), nullptr);
  for (const char* rule : {"input.dist-metadata-missing", "input.dist-metadata-binary", "input.dist-metadata-no-name",
                           "input.dist-metadata-unreadable", "env.record-outside-environment", "env.broken-egg-link"})
    EXPECT_TRUE(has_rule(e.findings, rule)) << rule;
  EXPECT_EQ(e.find("garbage"), nullptr);
}

TEST(ReadEnvironment, MissingSiteDirIsAnInputError) {
  FakeSystem system;
  Environment e = read_environment(system, {{"/nowhere"}, "", true});
  ASSERT_EQ(e.findings.size(), 1u);
  EXPECT_EQ(e.findings[0].rule, "input.site-dir-missing");
  EXPECT_TRUE(is_input_error(e.findings[0]));
}

TEST(ReadEnvironment, MissingInterpreterIsAnInputError) {
  FakeSystem system;
  Environment e = read_environment(system, {{}, "/opt/none/bin/python3", true});
  ASSERT_EQ(e.findings.size(), 1u);
  EXPECT_EQ(e.findings[0].rule, "input.python-not-found");
  EXPECT_TRUE(e.distributions.empty());
}

TEST(ReadEnvironment, FailingInterpreterIsAnInputError) {
  FakeSystem system;
  system.add_file("/venv/bin/python3", "");
  system.set_command(std::string("/venv/bin/python3 -I -c ") + k_python_snippet, {1, "", "Fatal Python error: init_fs_encoding"});
  Environment e = read_environment(system, {{}, "/venv/bin/python3", true});
  ASSERT_EQ(e.findings.size(), 1u);
  EXPECT_EQ(e.findings[0].rule, "input.python-not-runnable");
  EXPECT_EQ(e.findings[0].detail, "Fatal Python error: init_fs_encoding");
}

TEST(ReadEnvironment, InterpreterSysPathOrderDecidesWhichCopyIsVisible) {
  FakeSystem system;
  system.add_file("/venv/bin/python3", "");
  system.add_file("/venv/lib/python3.11/site-packages/six-1.16.0.dist-info/METADATA", "Name: six\nVersion: 1.16.0\n");
  system.add_file("/usr/lib/python3/dist-packages/six-1.15.0.dist-info/METADATA", "Name: six\nVersion: 1.15.0\n");
  system.set_command(std::string("/venv/bin/python3 -I -c ") + k_python_snippet,
                     {0,
                      R"({"executable": "/venv/bin/python3", "prefix": "/venv", "base_prefix": "/usr", "user_site": "/root/.local/lib/python3.11/site-packages",
                          "path": ["/usr/lib/python311.zip", "/venv/lib/python3.11/site-packages", "/usr/lib/python3/dist-packages"],
                          "markers": {"python_full_version": "3.11.2", "implementation_name": "cpython", "sys_platform": "linux"}})",
                      ""});
  Environment e = read_environment(system, {{}, "/venv/bin/python3", true});
  EXPECT_EQ(e.found_by, "--python");
  EXPECT_EQ(e.python.version, "3.11.2");
  EXPECT_EQ(e.prefix, "/venv");
  ASSERT_EQ(e.site_dirs.size(), 2u);  // the zip is not a folder
  ASSERT_NE(e.find("six"), nullptr);
  EXPECT_EQ(e.find("six")->version, "1.16.0");
  auto finding = std::find_if(e.findings.begin(), e.findings.end(), [](const Finding& f) { return f.rule == "env.duplicate-distribution"; });
  ASSERT_NE(finding, e.findings.end());
  EXPECT_NE(finding->message.find("six 1.16.0 hides the others"), std::string::npos) << finding->message;
}

TEST(ReadEnvironment, VirtualEnvIsReadWithoutRunningIt) {
  FakeSystem system;
  system.set_env("VIRTUAL_ENV", "/venv");
  system.add_file("/venv/pyvenv.cfg", "home = /usr/bin\ninclude-system-site-packages = true\nversion = 3.11.2\n");
  system.add_file("/venv/bin/python3", "");
  system.add_file("/venv/lib/python3.11/site-packages/a-1.dist-info/METADATA", "Name: a\nVersion: 1\n");
  system.add_file("/usr/lib/python3.11/site-packages/b-2.dist-info/METADATA", "Name: b\nVersion: 2\n");
  Environment e = read_environment(system, {});
  EXPECT_EQ(e.found_by, "$VIRTUAL_ENV");
  EXPECT_TRUE(system.commands_run().empty());
  EXPECT_EQ(e.python.version, "3.11.2");
  EXPECT_NE(e.find("a"), nullptr);
  EXPECT_NE(e.find("b"), nullptr);  // include-system-site-packages
}

TEST(ReadEnvironment, CondaPrefixTakesPythonVersionFromCondaMeta) {
  FakeSystem system;
  system.set_env("CONDA_PREFIX", "/opt/conda/envs/ml");
  system.add_file("/opt/conda/envs/ml/conda-meta/python-3.10.14-h955ad1f_0.json", "{}");
  system.add_file("/opt/conda/envs/ml/lib/python3.10/site-packages/numpy-1.26.4.dist-info/METADATA", "Name: numpy\nVersion: 1.26.4\n");
  system.add_file("/opt/conda/envs/ml/lib/python3.10/site-packages/numpy-1.26.4.dist-info/INSTALLER", "conda\n");
  Environment e = read_environment(system, {});
  EXPECT_EQ(e.found_by, "$CONDA_PREFIX");
  EXPECT_EQ(e.python.version, "3.10.14");
  EXPECT_EQ(e.python.source, "conda-meta");
  ASSERT_NE(e.find("numpy"), nullptr);
  EXPECT_EQ(e.find("numpy")->installer, "conda");
}

TEST(ReadEnvironment, DotVenvInTheCurrentFolderAndPthFolders) {
  FakeSystem system;
  system.set_current_dir("/work/project");
  system.add_file("/work/project/.venv/pyvenv.cfg", "home = /usr/bin\n");
  system.add_file("/work/project/.venv/lib/python3.12/site-packages/easy-install.pth", "import sys; sys.stdout.write('never run')\n../../../../src\n/missing\n");
  system.add_file("/work/project/src/proj.egg-info/PKG-INFO", "Name: proj\nVersion: 0.1\n");
  Environment e = read_environment(system, {});
  EXPECT_EQ(e.found_by, "./.venv");
  EXPECT_EQ(e.python.version, "3.12");
  ASSERT_EQ(e.site_dirs.size(), 2u);
  EXPECT_EQ(e.site_dirs[1], "/work/project/src");
  EXPECT_NE(e.find("proj"), nullptr);
}

TEST(ReadEnvironment, NothingFoundIsAnInputError) {
  FakeSystem system;
  system.set_env("PATH", "/usr/bin");
  Environment e = read_environment(system, {});
  ASSERT_EQ(e.findings.size(), 1u);
  EXPECT_EQ(e.findings[0].rule, "input.no-environment");
}

TEST(ReadEnvironment, ManyDistributionsAreReadInParallelInListingOrder) {
  FakeSystem system;
  for (int i = 0; i < 600; ++i) {
    std::string name = "pkg" + std::to_string(i);
    if (i % 100 == 7) system.add_file("/site/" + name + "-1.dist-info/INSTALLER", "pip\n");  // no METADATA
    else system.add_file("/site/" + name + "-1.dist-info/METADATA", "Name: " + name + "\nVersion: 1\n");
  }
  Environment e = read_environment(system, {{"/site"}, "", false});
  EXPECT_EQ(e.distributions.size(), 594u);
  ASSERT_EQ(e.findings.size(), 6u);
  // FakeSystem lists in name order, so the findings come in that order too.
  EXPECT_NE(e.findings[0].message.find("pkg107-1.dist-info"), std::string::npos) << e.findings[0].message;
  EXPECT_NE(e.findings[5].message.find("pkg7-1.dist-info"), std::string::npos) << e.findings[5].message;
}

TEST(PyvenvCfg, ReadsKeys) {
  auto config = parse_pyvenv_cfg("home = /usr/bin\ninclude-system-site-packages = true\nversion_info = 3.12.1.final.0\nversion = 3.12.1\n", "/v/pyvenv.cfg");
  ASSERT_TRUE(config);
  EXPECT_TRUE(config->include_system_site_packages);
  EXPECT_EQ(config->version, "3.12.1");
  EXPECT_EQ(config->values.size(), 4u);
  EXPECT_FALSE(parse_pyvenv_cfg("garbage", "/v/pyvenv.cfg"));
}

// --python with this machine's python3: read from its files where they say
// everything (PythonLayout.EqualsTheInterpretersOwnAnswerOnThisMachine holds
// that reading to the interpreter's own answer), else run once.
TEST(PythonFlag, ReadsThisMachinesPython) {
  RealSystem system;
  auto python3 = find_program(system, "python3");
  if (!python3) GTEST_SKIP() << "no python3 on PATH";
  Environment e = read_environment(system, {{}, *python3, true});
  ASSERT_TRUE(e.findings.empty() || !is_input_error(e.findings[0])) << e.findings[0].message << e.findings[0].detail;
  EXPECT_FALSE(e.python.source.empty());
  EXPECT_FALSE(e.python.version.empty());
  EXPECT_EQ(e.python.markers.count("sys_platform"), 1u);
  EXPECT_FALSE(e.site_dirs.empty());
}

}  // namespace
}  // namespace mlstack::env

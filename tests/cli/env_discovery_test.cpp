// SPDX-License-Identifier: MIT
// `mlstack env` without flags, end to end, in a folder whose python3 on PATH
// is a shim script that leaves a marker file when it runs: with a static
// answer available (a pyenv installation its files describe), the marker is
// never written; with none, the shim is run once and --verbose says so; a
// python3 inside the project is never run.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text, bool executable = false) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
  if (executable) fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class EnvDiscovery : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/mlstack-env-discovery-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    root = templ;
    project = root / "project";
    fs::create_directories(project);
    fs::create_directories(root / "home");
  }
  void TearDown() override { fs::remove_all(root); }

  // A pyenv root whose global version is 3.11.7, with one distribution.
  void make_pyenv() {
    const fs::path pyenv = root / "pyenv";
    write(pyenv / "shims/python3",
          "#!/bin/sh\n# a pyenv shim as pyenv-rehash writes it, plus a mark of having run\n"
          "export PYENV_ROOT=\"" + pyenv.string() + "\"\n: > \"" + (root / "marker").string() + "\"\n"
          "exec \"" + pyenv.string() + "/libexec/pyenv\" exec \"$program\" \"$@\"\n",
          true);
    write(pyenv / "version", "3.11.7\n");
    const fs::path prefix = pyenv / "versions/3.11.7";
    write(prefix / "bin/python3.11", "#!/bin/sh\n: > \"" + (root / "marker").string() + "\"\n", true);
    fs::create_symlink("python3.11", prefix / "bin/python3");
    write(prefix / "lib/python3.11/os.py", "");
    write(prefix / "include/python3.11/patchlevel.h", "#define PY_VERSION              \"3.11.7\"\n");
    write(prefix / "lib/python3.11/site-packages/demo_pkg-1.2.3.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.2.3\n");
  }

  std::vector<std::string> env(const std::string& path) const {
    return {"PATH=" + path, "HOME=" + (root / "home").string(), "PYENV_VERSION=", "PYENV_DIR=", "PYENV_HOOK_PATH=",
            "VIRTUAL_ENV=", "CONDA_PREFIX=", "PYTHONUSERBASE="};
  }

  fs::path root, project;
};

TEST_F(EnvDiscovery, APyenvShimWithAStaticAnswerIsNeverRun) {
  make_pyenv();
  auto r = run_mlstack_in(project, {"env", "--no-tools", "--format", "json", "--verbose"}, {},
                          env((root / "pyenv/shims").string() + ":/usr/bin:/bin"));
  EXPECT_FALSE(fs::exists(root / "marker")) << r.err;
  ASSERT_NE(r.exit_code, 2) << r.out << r.err;
  auto json = nlohmann::json::parse(r.out);
  auto environment = json["environment"];
  EXPECT_EQ(environment["found_by"], "python3 on PATH");
  EXPECT_EQ(environment["python"]["version"], "3.11.7");
  EXPECT_EQ(environment["python"]["source"], "patchlevel.h");
  bool demo = false;
  for (const auto& dist : environment["distributions"]) demo |= dist["name"] == "demo-pkg";
  EXPECT_TRUE(demo) << r.out;
  EXPECT_TRUE(contains(r.err, "read from its files, not run")) << r.err;
  EXPECT_TRUE(contains(r.err, "pyenv shim")) << r.err;
  EXPECT_FALSE(contains(r.err, "mlstack: run:")) << r.err;
  EXPECT_TRUE(contains(r.err, "env: environment")) << r.err;  // the phase table
}

TEST_F(EnvDiscovery, AScriptWithNoStaticAnswerIsRunOnceAndVerboseSaysSo) {
  const fs::path site = root / "venv/lib/python3.11/site-packages";
  write(site / "other_pkg-0.1.dist-info/METADATA", "Name: other-pkg\nVersion: 0.1\n");
  write(root / "bin/python3",
        "#!/bin/sh\n: > \"" + (root / "marker").string() + "\"\n"
        "echo '{\"executable\": \"" + (root / "venv/bin/python3").string() + "\", \"prefix\": \"" + (root / "venv").string() +
            "\", \"base_prefix\": \"" + (root / "venv").string() + "\", \"user_site\": \"\", \"path\": [\"" + site.string() +
            "\"], \"markers\": {\"python_full_version\": \"3.11.4\", \"python_version\": \"3.11\", \"sys_platform\": \"linux\"}}'\n",
        true);
  auto r = run_mlstack_in(project, {"env", "--no-tools", "--format", "json", "--verbose"}, {},
                          env((root / "bin").string() + ":/usr/bin:/bin"));
  EXPECT_TRUE(fs::exists(root / "marker")) << r.err;
  EXPECT_TRUE(contains(r.err, "running " + (root / "bin/python3").string())) << r.err;
  EXPECT_TRUE(contains(r.err, "not a pyenv shim")) << r.err;
  EXPECT_TRUE(contains(r.err, "mlstack: run: " + (root / "bin/python3").string() + " -I -c")) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["environment"]["python"]["source"], "interpreter");
  EXPECT_EQ(json["environment"]["distributions"][0]["name"], "other-pkg");
}

TEST_F(EnvDiscovery, APython3InTheProjectIsNeverRunEvenWithDotOnPath) {
  write(project / "python3", "#!/bin/sh\n: > \"" + (root / "marker").string() + "\"\n", true);
  write(project / "bin/python3", "#!/bin/sh\n: > \"" + (root / "marker").string() + "\"\n", true);
  auto r = run_mlstack_in(project, {"env", "--no-tools", "--verbose"}, {}, env(".:bin:" + (project / "bin").string()));
  EXPECT_FALSE(fs::exists(root / "marker")) << r.err;
  EXPECT_TRUE(contains(r.out, "input.no-environment")) << r.out;
  auto p = run_mlstack_in(project, {"env", "--no-tools", "--python", "./python3"}, {}, env("/usr/bin:/bin"));
  EXPECT_FALSE(fs::exists(root / "marker")) << p.err;
  EXPECT_EQ(p.exit_code, 2);
  EXPECT_TRUE(contains(p.out, "inside the analysed project")) << p.out;
}

}  // namespace
}  // namespace mlstack::testing

// SPDX-License-Identifier: MIT
#include "env/pip_check.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

#include <gtest/gtest.h>

#include "env/env_test_support.h"
#include "env/environment.h"
#include "env/fake_system.h"

namespace mlstack::env {
namespace {

using Kind = DependencyProblem::Kind;

const MarkerValues k_linux_311 = {
    {"implementation_name", "cpython"}, {"implementation_version", "3.11.2"}, {"os_name", "posix"},
    {"platform_machine", "x86_64"}, {"platform_release", "6.1.0"}, {"platform_system", "Linux"},
    {"platform_version", "#1 SMP"}, {"python_full_version", "3.11.2"}, {"platform_python_implementation", "CPython"},
    {"python_version", "3.11"}, {"sys_platform", "linux"}};

Environment environment_of(FakeSystem& system) {
  return read_environment(system, {{"/site"}, "", false});
}

void add(FakeSystem& system, const std::string& name, const std::string& version, const std::vector<std::string>& requires_dist) {
  std::string text = "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n";
  for (const std::string& line : requires_dist) text += "Requires-Dist: " + line + "\n";
  system.add_file("/site/" + name + "-" + version + ".dist-info/METADATA", text);
}

TEST(PipCheck, ReportsMissingAndConflictingLikePip) {
  FakeSystem system;
  add(system, "requests", "2.31.0", {"charset-normalizer<4,>=2", "idna<4,>=2.5", "certifi>=2017.4.17", "PySocks>=1.5.6; extra == 'socks'"});
  add(system, "idna", "3.6", {});
  add(system, "charset_normalizer", "4.0.0", {});
  auto problems = check_dependencies(environment_of(system), k_linux_311);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].kind, Kind::Missing);
  EXPECT_EQ(describe(problems[0]), "requests 2.31.0 requires certifi, which is not installed.");
  EXPECT_EQ(problems[1].kind, Kind::Conflict);
  EXPECT_EQ(describe(problems[1]), "requests 2.31.0 has requirement charset-normalizer<4,>=2, but you have charset-normalizer 4.0.0.");
}

TEST(PipCheck, MarkersFilterBothMissingAndConflicting) {
  FakeSystem system;
  add(system, "a", "1", {"pywin32; sys_platform == 'win32'", "b>=2; python_version < '3'", "c; python_version >= '3.11'"});
  add(system, "b", "1", {});
  auto problems = check_dependencies(environment_of(system), k_linux_311);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].dependency, "c");
}

TEST(PipCheck, AdmitsPreReleasesAndLocalLabels) {
  FakeSystem system;
  add(system, "a", "1", {"b>=1.0", "torch==2.3.0"});
  add(system, "b", "2.0rc1", {});
  add(system, "torch", "2.3.0+cu121", {});
  EXPECT_TRUE(check_dependencies(environment_of(system), k_linux_311).empty());
}

TEST(PipCheck, InvalidRequirementDropsTheDistributionFromTheSet) {
  FakeSystem system;
  add(system, "a", "1", {"b", "not valid!!"});
  add(system, "c", "1", {"a"});
  auto problems = check_dependencies(environment_of(system), k_linux_311);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].kind, Kind::InvalidRequirement);
  EXPECT_EQ(problems[0].requirement, "not valid!!");
  EXPECT_FALSE(problems[0].detail.empty());
  // pip leaves `a` out of its package set, so `c`'s requirement on it is missing.
  EXPECT_EQ(describe(problems[1]), "c 1 requires a, which is not installed.");
}

TEST(PipCheck, AddsRequirementsOfRequestedExtras) {
  FakeSystem system;
  add(system, "app", "1", {"requests[socks,Use.Chardet]>=2"});
  add(system, "requests", "2.31.0", {"PySocks>=1.5.6; extra == 'socks'", "chardet<6; extra == 'use-chardet'", "idna; extra == 'other'"});
  add(system, "chardet", "7.0", {});
  auto problems = check_dependencies(environment_of(system), k_linux_311);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].kind, Kind::ExtraMissing);
  EXPECT_EQ(describe(problems[0]), "app 1 requires requests[socks], whose extra needs pysocks, which is not installed.");
  EXPECT_EQ(problems[1].kind, Kind::ExtraConflict);
  EXPECT_EQ(problems[1].installed_version, "7.0");
  EXPECT_EQ(problems[1].extra, "use-chardet");
  Finding finding = to_finding(problems[0]);
  EXPECT_EQ(finding.rule, "env.missing-extra-dependency");
  EXPECT_EQ(finding.fix, "python -m pip install 'PySocks>=1.5.6'");
}

TEST(PipCheck, ShadowedCopiesAreNotInstalled) {
  FakeSystem system;
  system.add_file("/first/b-1.dist-info/METADATA", "Name: b\nVersion: 1\n");
  add(system, "b", "2", {});
  add(system, "a", "1", {"b>=2"});
  Environment environment = read_environment(system, {{"/first", "/site"}, "", false});
  auto problems = check_dependencies(environment, k_linux_311);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].installed_version, "1");
}

TEST(PipCheck, FindingsCarryRuleOriginAndFix) {
  FakeSystem system;
  add(system, "torch", "2.3.0", {"triton==2.3.0 ; platform_system == \"Linux\""});
  auto problems = check_dependencies(environment_of(system), k_linux_311);
  ASSERT_EQ(problems.size(), 1u);
  Finding finding = to_finding(problems[0]);
  EXPECT_EQ(finding.rule, "env.missing-dependency");
  EXPECT_EQ(finding.message, "torch 2.3.0 requires triton, which is not installed");
  EXPECT_EQ(finding.fix, "python -m pip install 'triton==2.3.0'");
  EXPECT_EQ(finding.origins[0].path, "/site/torch-2.3.0.dist-info");
}

// ---- Parity with pip itself on real environments --------------------------

using Key = std::tuple<std::string, std::string, std::string, std::string>;  // kind, dist, dependency, installed

std::string run(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  *status = pclose(pipe);
  return out;
}

// `pip check` lines: "x 1.0 requires y, which is not installed." and
// "x 1.0 has requirement y<2, but you have y 2.1."
std::set<Key> parse_pip_check(const std::string& output) {
  std::set<Key> keys;
  std::size_t pos = 0;
  while (pos < output.size()) {
    std::size_t end = output.find('\n', pos);
    if (end == std::string::npos) end = output.size();
    std::string line = output.substr(pos, end - pos);
    pos = end + 1;
    std::size_t space = line.find(' ');
    if (space == std::string::npos) continue;
    std::string dist = line.substr(0, space);
    if (std::size_t at = line.find(" requires "); at != std::string::npos && line.ends_with(", which is not installed.")) {
      std::size_t from = at + 10;
      keys.insert({"missing", dist, line.substr(from, line.size() - 25 - from), ""});
    } else if (std::size_t have = line.find(", but you have "); have != std::string::npos) {
      std::string rest = line.substr(have + 15, line.size() - have - 16);
      std::size_t sep = rest.rfind(' ');
      keys.insert({"conflict", dist, rest.substr(0, sep), rest.substr(sep + 1)});
    }
  }
  return keys;
}

std::set<Key> keys_of(const std::vector<DependencyProblem>& problems) {
  std::set<Key> keys;
  for (const DependencyProblem& p : problems) {
    if (p.kind == Kind::Missing) keys.insert({"missing", p.dist, p.dependency, ""});
    if (p.kind == Kind::Conflict) keys.insert({"conflict", p.dist, p.dependency, p.installed_version});
  }
  return keys;
}

void expect_parity_with_pip(const std::string& python) {
  RealSystem system;
  if (system.file_type(python) != FileType::File) GTEST_SKIP() << python << " is not installed";
  int status = 0;
  run(python + " -m pip --version >/dev/null 2>&1", &status);
  if (status != 0) GTEST_SKIP() << python << " has no pip";
  Environment environment = read_environment(system, {{}, python, false});
  ASSERT_FALSE(environment.distributions.empty());
  auto problems = check_dependencies(environment, environment.python.markers);
  // From a neutral folder: `python -m` puts the current folder on sys.path.
  std::string output = run("cd / && " + python + " -m pip check 2>/dev/null", &status);
  EXPECT_EQ(keys_of(problems), parse_pip_check(output)) << "pip check said:\n" << output;
}

TEST(PipCheckParity, DefaultPython3) {
  RealSystem system;
  auto python3 = find_program(system, "python3");
  if (!python3) GTEST_SKIP() << "no python3 on PATH";
  expect_parity_with_pip(*python3);
}

TEST(PipCheckParity, DebianSystemPythonWithTorch) {
  RealSystem system;
  if (system.file_type("/usr/lib/python3/dist-packages/torch/version.py") != FileType::File)
    GTEST_SKIP() << "Debian's python3-torch is not installed (apt-get install -y python3-torch python3-torchvision)";
  expect_parity_with_pip("/usr/bin/python3");
}

TEST(PipCheckParity, FixtureEnvironmentMatchesPipsOwnCheck) {
  RealSystem system;
  int status = 0;
  run("python3 -c 'import pip._internal.operations.check' >/dev/null 2>&1", &status);
  if (status != 0) GTEST_SKIP() << "python3 has no pip to compare with";
  std::string site = testing::fixture("venv-basic/lib/python3.11/site-packages");
  // pip's own check over a given folder (tests/data/env/pip_check_reference.py).
  std::string output = run("cd / && python3 " + testing::fixture("pip_check_reference.py") + " " + site + " 2>/dev/null", &status);
  Environment environment = read_environment(system, {{site}, "", false});
  auto problems = check_dependencies(environment, k_linux_311);
  EXPECT_EQ(keys_of(problems), parse_pip_check(output)) << output;
  // What pip skips and mlstack adds: badreq's unparsable line and requests[socks]'s PySocks.
  EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [](const DependencyProblem& p) { return p.kind == Kind::InvalidRequirement && p.dist == "badreq"; }));
  EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [](const DependencyProblem& p) { return p.kind == Kind::ExtraMissing && p.dependency == "pysocks"; }));
}

}  // namespace
}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
#include "env/installed_packages.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "env/fake_system.h"

namespace mlstack::env {
namespace {

const std::string k_site = MLSTACK_SOURCE_DIR "/tests/data/projects/transitive/site-packages";

std::vector<std::string> edges_of(const project::python::InstalledDistribution& d) {
  std::vector<std::string> out;
  for (const auto& r : d.requires_dist) out.push_back(r.name + (r.extra.empty() ? "" : " [" + r.extra + "]"));
  return out;
}

using V = std::vector<std::string>;

TEST(InstalledPackages, FixtureSiteGraphAndImportNames) {
  RealSystem system;
  ScanEnvironment env = read_scan_environment(system, EnvRequest{{k_site}, "", true});
  EXPECT_TRUE(env.findings.empty());
  const auto& packages = env.packages;
  EXPECT_EQ(packages.description(), k_site + " (--site)");
  const auto* torch = packages.find("torch");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ(torch->version, "2.3.0");
  EXPECT_EQ(torch->import_names_source, "RECORD");
  EXPECT_EQ(torch->import_names, (V{"functorch", "torch", "torchgen"}));
  // colorama is for Windows only: its marker is false here and the edge is dropped;
  // the extras' requirements are edges of their extra.
  EXPECT_EQ(edges_of(*torch), (V{"filelock", "sympy", "numpy", "opt-einsum [opt-einsum]", "tensorboard [board]"}));
  EXPECT_EQ(packages.providers("yaml").distributions.at(0)->name, "PyYAML");
  EXPECT_EQ(packages.providers("google.protobuf.message").import_name, "google.protobuf");
  EXPECT_TRUE(packages.providers("google.cloud").distributions.empty());
}

TEST(InstalledPackages, MarkersAndExtrasAreEvaluatedForTheEnvironment) {
  Environment environment;
  environment.found_by = "--site";
  environment.site_dirs = {"/site"};
  Distribution d;
  d.name = "Demo_Pkg";
  d.canonical_name = "demo-pkg";
  d.version = "1.0";
  d.requires_dist = {"a>=1", "b; python_version < \"3.0\"", "c[x,y]; extra == \"GPU\"", "d; extra == 'gpu' and sys_platform == 'win32'",
                     "not a requirement !!", "e; extra == \"undeclared\""};
  d.provides_extra = {"gpu"};
  d.top_level = {"demo_pkg"};
  environment.distributions.push_back(d);
  Distribution hidden = d;
  hidden.version = "0.9";
  hidden.shadowed = true;
  environment.distributions.push_back(hidden);
  MarkerValues markers = {{"python_version", "3.11"}, {"sys_platform", "linux"}, {"platform_machine", "x86_64"},
                          {"python_full_version", "3.11.2"}, {"os_name", "posix"}, {"platform_system", "Linux"},
                          {"platform_python_implementation", "CPython"}, {"implementation_name", "cpython"},
                          {"implementation_version", "3.11.2"}, {"platform_release", ""}, {"platform_version", ""}};
  auto packages = installed_packages(environment, markers);
  ASSERT_EQ(packages.distributions().size(), 1u);  // the shadowed copy is not what imports load
  const auto& demo = packages.distributions()[0];
  EXPECT_EQ(demo.version, "1.0");
  EXPECT_EQ(demo.import_names_source, "top_level.txt");  // no RECORD
  // An extra that Provides-Extra does not list (older metadata) still counts when a marker names it.
  EXPECT_EQ(edges_of(demo), (V{"a", "c [gpu]", "e [undeclared]"}));
  EXPECT_EQ(demo.requires_dist[1].extras, (V{"x", "y"}));
  EXPECT_EQ(packages.description(), "/site (--site)");
}

TEST(InstalledPackages, MissingSiteFolderIsAnInputFinding) {
  RealSystem system;
  ScanEnvironment env = read_scan_environment(system, EnvRequest{{"/nonexistent/site-packages"}, "", true});
  ASSERT_FALSE(env.findings.empty());
  EXPECT_TRUE(env.findings[0].rule.starts_with("input.")) << env.findings[0].rule;
  EXPECT_TRUE(env.packages.empty());
}

TEST(InstalledPackages, BadSavedEnvironmentIsAnInputFinding) {
  ScanEnvironment env = load_scan_environment(MLSTACK_SOURCE_DIR "/tests/data/projects/transitive/pyproject.toml");
  ASSERT_EQ(env.findings.size(), 1u);
  EXPECT_EQ(env.findings[0].rule, "input.env-file");
}

// Debian's python3 packages: a real environment with real Requires-Dist
// lines (its torch egg-info lists none, but astunparse requires six and
// httplib2 pyparsing).
TEST(InstalledPackages, DebianDistPackages) {
  const std::string site = "/usr/lib/python3/dist-packages";
  RealSystem system;
  if (system.file_type(site + "/astunparse-1.6.3.dist-info/METADATA") != FileType::File)
    GTEST_SKIP() << "no Debian python3-astunparse in " << site << " (apt-get install python3-astunparse python3-torch)";
  ScanEnvironment env = read_scan_environment(system, EnvRequest{{site}, "", true});
  const auto& packages = env.packages;
  const auto* astunparse = packages.find("astunparse");
  ASSERT_NE(astunparse, nullptr);
  V edges = edges_of(*astunparse);
  EXPECT_NE(std::find(edges.begin(), edges.end(), "six"), edges.end()) << ::testing::PrintToString(edges);
  auto six = packages.providers("six");
  ASSERT_FALSE(six.distributions.empty());
  EXPECT_EQ(six.distributions[0]->canonical_name, "six");
  if (const auto* torch = packages.find("torch")) {
    // An egg-info without RECORD: top_level.txt names torch, functorch and torchgen.
    EXPECT_EQ(torch->import_names_source, "top_level.txt");
    EXPECT_EQ(packages.providers("torch.nn").distributions.at(0)->canonical_name, "torch");
  }
}

}  // namespace
}  // namespace mlstack::env

// SPDX-License-Identifier: MIT
#include "env/distribution.h"

#include <gtest/gtest.h>

#include "env/env_test_support.h"
#include "env/fake_system.h"

namespace mlstack::env {
namespace {

const std::string k_site = "/venv/lib/python3.11/site-packages";

std::optional<Distribution> read(const System& system, const std::string& name, FileType type,
                                 std::vector<Finding>& findings) {
  return read_distribution(system, k_site, {name, type}, "/venv", findings);
}

TEST(DistReader, ReadsEveryDistInfoFile) {
  RealSystem system;
  std::string site = testing::fixture("venv-basic/lib/python3.11/site-packages");
  std::vector<Finding> findings;
  auto dist = read_distribution(system, site, {"requests-2.31.0.dist-info", FileType::Directory},
                                testing::fixture("venv-basic"), findings);
  ASSERT_TRUE(dist);
  EXPECT_TRUE(findings.empty());
  EXPECT_EQ(dist->name, "requests");
  EXPECT_EQ(dist->version, "2.31.0");
  EXPECT_EQ(dist->requires_python, ">=3.7");
  ASSERT_EQ(dist->requires_dist.size(), 6u);  // the body's look-alike line is not a header
  EXPECT_EQ(dist->requires_dist[4], "PySocks (!=1.5.7,>=1.5.6) ; extra == 'socks'");
  EXPECT_EQ(dist->provides_extra, (std::vector<std::string>{"socks", "use_chardet_on_py3"}));
  EXPECT_EQ(dist->installer, "pip");
  EXPECT_TRUE(dist->requested);
  EXPECT_EQ(dist->wheel_tags, (std::vector<std::string>{"py3-none-any"}));
  EXPECT_EQ(dist->wheel_generator, "bdist_wheel (0.40.0)");
  EXPECT_EQ(dist->top_level, (std::vector<std::string>{"requests"}));
  EXPECT_EQ(dist->record_files, 6u);
  EXPECT_FALSE(dist->editable);
}

TEST(DistReader, CanonicalisesTheNameFromMetadataNotTheFolder) {
  FakeSystem system;
  system.add_file(k_site + "/Foo_Bar-1.0.dist-info/METADATA", "Name: Foo.Bar\nVersion: 1.0\n");
  std::vector<Finding> findings;
  auto dist = read(system, "Foo_Bar-1.0.dist-info", FileType::Directory, findings);
  ASSERT_TRUE(dist);
  EXPECT_EQ(dist->name, "Foo.Bar");
  EXPECT_EQ(dist->canonical_name, "foo-bar");
}

TEST(DistReader, MissingMetadataIsAFindingNamingTheFolder) {
  FakeSystem system;
  system.add_file(k_site + "/nometa-1.0.dist-info/INSTALLER", "pip\n");
  std::vector<Finding> findings;
  EXPECT_FALSE(read(system, "nometa-1.0.dist-info", FileType::Directory, findings));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "input.dist-metadata-missing");
  EXPECT_EQ(findings[0].message, k_site + "/nometa-1.0.dist-info has no METADATA file; pip and importlib skip it");
  EXPECT_EQ(findings[0].origins[0].path, k_site + "/nometa-1.0.dist-info/METADATA");
}

TEST(DistReader, BinaryGarbageIsAFinding) {
  FakeSystem system;
  system.add_file(k_site + "/g-1.dist-info/METADATA", std::string("Name: g\nVersion: 1\0\xff", 20));
  std::vector<Finding> findings;
  EXPECT_FALSE(read(system, "g-1.dist-info", FileType::Directory, findings));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "input.dist-metadata-binary");
}

TEST(DistReader, NamelessMetadataIsAFindingWithItsBadLine) {
  FakeSystem system;
  system.add_file(k_site + "/x-1.dist-info/METADATA", "Metadata-Version: 2.1\nthis is no header\nVersion: 1\n");
  std::vector<Finding> findings;
  EXPECT_FALSE(read(system, "x-1.dist-info", FileType::Directory, findings));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "input.dist-metadata-no-name");
  EXPECT_EQ(findings[0].origins[0].line, 2u);
}

TEST(DistReader, MissingVersionKeepsTheDistribution) {
  FakeSystem system;
  system.add_file(k_site + "/x.dist-info/METADATA", "Name: x\n");
  std::vector<Finding> findings;
  auto dist = read(system, "x.dist-info", FileType::Directory, findings);
  ASSERT_TRUE(dist);
  EXPECT_EQ(dist->version, "");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "input.dist-metadata-no-version");
}

TEST(DistReader, RecordLeavingTheEnvironmentIsAWarning) {
  FakeSystem system;
  system.add_file(k_site + "/e-1.dist-info/METADATA", "Name: e\nVersion: 1\n");
  system.add_file(k_site + "/e-1.dist-info/RECORD", "e.py,,\n../../../bin/e,,\n../../../../etc/passwd,,\n");
  std::vector<Finding> findings;
  auto dist = read(system, "e-1.dist-info", FileType::Directory, findings);
  ASSERT_TRUE(dist);
  EXPECT_EQ(dist->record_files, 3u);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "env.record-outside-environment");
  EXPECT_EQ(findings[0].severity, Severity::Warning);
  EXPECT_EQ(findings[0].message, "e 1 lists 1 file(s) outside the environment /venv: ../../../../etc/passwd");
  EXPECT_EQ(findings[0].origins[0].line, 3u);
}

TEST(DistReader, EditableFromDirectUrl) {
  FakeSystem system;
  system.add_file(k_site + "/p-1.dist-info/METADATA", "Name: p\nVersion: 1\n");
  system.add_file(k_site + "/p-1.dist-info/direct_url.json", R"({"url": "file:///work/p", "dir_info": {"editable": true}})");
  std::vector<Finding> findings;
  auto dist = read(system, "p-1.dist-info", FileType::Directory, findings);
  ASSERT_TRUE(dist);
  EXPECT_TRUE(dist->editable);
  EXPECT_EQ(dist->editable_location, "/work/p");
}

TEST(DistReader, BadDirectUrlIsAFinding) {
  FakeSystem system;
  system.add_file(k_site + "/p-1.dist-info/METADATA", "Name: p\nVersion: 1\n");
  system.add_file(k_site + "/p-1.dist-info/direct_url.json", "{}");
  std::vector<Finding> findings;
  ASSERT_TRUE(read(system, "p-1.dist-info", FileType::Directory, findings));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "input.direct-url-json");
}

TEST(DistReader, EggInfoFolderUsesRequiresTxtOnlyWithoutRequiresDist) {
  FakeSystem system;
  system.add_file(k_site + "/old-1.0.egg-info/PKG-INFO", "Name: old\nVersion: 1.0\n");
  system.add_file(k_site + "/old-1.0.egg-info/requires.txt", "idna\n[test]\npytest\n");
  system.add_file(k_site + "/new-1.0.egg-info/PKG-INFO", "Name: new\nVersion: 1.0\nRequires-Dist: six\n");
  system.add_file(k_site + "/new-1.0.egg-info/requires.txt", "idna\n");
  std::vector<Finding> findings;
  auto old = read(system, "old-1.0.egg-info", FileType::Directory, findings);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->kind, MetadataKind::EggInfo);
  EXPECT_EQ(old->requires_dist, (std::vector<std::string>{"idna", "pytest ; extra == \"test\""}));
  EXPECT_EQ(old->provides_extra, (std::vector<std::string>{"test"}));
  auto fresh = read(system, "new-1.0.egg-info", FileType::Directory, findings);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->requires_dist, (std::vector<std::string>{"six"}));
}

TEST(DistReader, EggInfoFileIsPkgInfoItself) {
  FakeSystem system;
  system.add_file(k_site + "/legacy-0.1.egg-info", "Metadata-Version: 1.0\nName: legacy\nVersion: 0.1\n");
  std::vector<Finding> findings;
  auto dist = read(system, "legacy-0.1.egg-info", FileType::File, findings);
  ASSERT_TRUE(dist);
  EXPECT_EQ(dist->version, "0.1");
}

TEST(DistReader, EggLinkPointsAtTheProjectsEggInfo) {
  FakeSystem system;
  system.add_file(k_site + "/dev.egg-link", "/work/dev\n.\n");
  system.add_file("/work/dev/dev.egg-info/PKG-INFO", "Name: dev\nVersion: 0.3.dev0\n");
  std::vector<Finding> findings;
  auto dist = read(system, "dev.egg-link", FileType::File, findings);
  ASSERT_TRUE(dist);
  EXPECT_EQ(dist->kind, MetadataKind::EggLink);
  EXPECT_TRUE(dist->editable);
  EXPECT_EQ(dist->editable_location, "/work/dev");
  EXPECT_EQ(dist->metadata_dir, "/work/dev/dev.egg-info");
}

TEST(DistReader, DanglingEggLinkIsAWarning) {
  FakeSystem system;
  system.add_file(k_site + "/gone.egg-link", "/work/gone\n.\n");
  std::vector<Finding> findings;
  EXPECT_FALSE(read(system, "gone.egg-link", FileType::File, findings));
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "env.broken-egg-link");
}

}  // namespace
}  // namespace mlstack::env

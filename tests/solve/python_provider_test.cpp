// SPDX-License-Identifier: MIT
// PythonProvider: which versions are candidates on a target, extras as
// packages, markers, requires-python, pre-releases, yanked files, local
// builds, preferences and facts on virtual packages.
#include "solve/python_provider.h"

#include <gtest/gtest.h>

#include "pep/wheel_filename.h"
#include "solve/solve_fixture.h"

namespace mlstack::solve {
namespace {

using testing::resolve;
using testing::Resolution;

pep::Version v(const char* text) { return pep::Version::parse(text).value(); }

DistFile wheel(const std::string& filename) {
  DistFile file;
  file.filename = filename;
  auto parsed = pep::WheelFilename::parse(filename);
  file.tags = parsed.value().tags;
  return file;
}

DistFile sdist(const std::string& filename) {
  DistFile file;
  file.filename = filename;
  file.is_wheel = false;
  return file;
}

void add(MemorySource& source, const char* name, const char* version, std::vector<DistFile> files,
         std::vector<std::string> requires_dist = {}) {
  Release release;
  release.version = v(version);
  release.files = std::move(files);
  Metadata metadata;
  for (const auto& text : requires_dist) metadata.requires_dist.push_back(pep::Requirement::parse(text).value());
  source.add(name, std::move(release), std::move(metadata));
}

TEST(PythonProviderTest, EqualPinMatchesLocalBuildsAndPrefersTheNewestLabel) {
  MemorySource source;
  add(source, "torch", "2.3.0", {wheel("torch-2.3.0-cp312-cp312-manylinux1_x86_64.whl")});
  for (const char* label : {"2.3.1+cpu", "2.3.1+cu118", "2.3.1+cu121"})
    add(source, "torch", label,
        {wheel(std::string("torch-") + label + "-cp312-cp312-linux_x86_64.whl")});
  Resolution run = resolve(source, {"torch==2.3.1"});
  ASSERT_TRUE(run.ok) << run.explanation;
  EXPECT_EQ(run.pins["torch"], "2.3.1+cu121");
}

TEST(PythonProviderTest, OnlyVersionsWithAnInstallableWheelAreCandidates) {
  MemorySource source;
  add(source, "a", "1.0", {wheel("a-1.0-py3-none-any.whl")});
  add(source, "a", "2.0", {wheel("a-2.0-cp311-cp311-manylinux_2_17_x86_64.whl")});
  add(source, "a", "3.0", {wheel("a-3.0-cp312-cp312-manylinux_2_39_x86_64.whl")});
  Resolution run = resolve(source, {"a"});
  ASSERT_TRUE(run.ok) << run.explanation;
  EXPECT_EQ(run.pins["a"], "1.0");
  EXPECT_EQ(run.picks[0].file.filename, "a-1.0-py3-none-any.whl");
  Resolution newer = resolve(source, {"a>=2"});
  ASSERT_FALSE(newer.ok);
  EXPECT_NE(newer.explanation.find("no version of a>=2 can be installed"), std::string::npos) << newer.explanation;
  EXPECT_NE(newer.explanation.find("cp311"), std::string::npos) << newer.explanation;
  EXPECT_NE(newer.explanation.find("manylinux_2_39"), std::string::npos) << newer.explanation;
}

TEST(PythonProviderTest, PicksTheWheelWithTheMostPreferredTag) {
  MemorySource source;
  add(source, "a", "1.0",
      {wheel("a-1.0-py3-none-any.whl"), wheel("a-1.0-cp312-cp312-manylinux_2_17_x86_64.whl"),
       wheel("a-1.0-cp312-cp312-win_amd64.whl")});
  Resolution run = resolve(source, {"a"});
  ASSERT_TRUE(run.ok) << run.explanation;
  EXPECT_EQ(run.picks[0].file.filename, "a-1.0-cp312-cp312-manylinux_2_17_x86_64.whl");
}

TEST(PythonProviderTest, SdistsOnlyWhenBuildsAreAllowed) {
  MemorySource source;
  add(source, "a", "1.0", {wheel("a-1.0-py3-none-any.whl")});
  add(source, "a", "2.0", {sdist("a-2.0.tar.gz")});
  Resolution prebuilt = resolve(source, {"a"});
  ASSERT_TRUE(prebuilt.ok);
  EXPECT_EQ(prebuilt.pins["a"], "1.0");
  Resolution pinned = resolve(source, {"a==2.0"});
  ASSERT_FALSE(pinned.ok);
  EXPECT_NE(pinned.explanation.find("--allow-build a"), std::string::npos) << pinned.explanation;
  Policy policy;
  policy.build = {"a"};
  Resolution built = resolve(source, {"a"}, policy);
  ASSERT_TRUE(built.ok);
  EXPECT_EQ(built.pins["a"], "2.0");
  EXPECT_FALSE(built.picks[0].file.is_wheel);
}

TEST(PythonProviderTest, PreReleasesOnlyWhenNamedOrNecessaryOrAllowed) {
  MemorySource source;
  source.add_simple("a", "1.0", {});
  source.add_simple("a", "2.0b2", {});
  source.add_simple("only", "1.0a1", {});
  EXPECT_EQ(resolve(source, {"a"}).pins["a"], "1.0");
  Resolution named = resolve(source, {"a>=2.0b1"});
  ASSERT_TRUE(named.ok);
  EXPECT_EQ(named.pins["a"], "2.0b2");
  EXPECT_NE(named.picks[0].prerelease_reason.find("names a pre-release"), std::string::npos);
  Resolution necessary = resolve(source, {"only"});
  ASSERT_TRUE(necessary.ok);
  EXPECT_EQ(necessary.picks[0].prerelease_reason, "only has no final release, only pre-releases");
  Policy allow;
  allow.prereleases = PrereleaseMode::Allow;
  EXPECT_EQ(resolve(source, {"a"}, allow).pins["a"], "2.0b2");
  // Named by a dependency only: not enough (uv's if-necessary-or-explicit).
  source.add_simple("b", "1.0", {"a>=2.0b1"});
  Resolution transitive = resolve(source, {"b"});
  ASSERT_FALSE(transitive.ok);
  EXPECT_NE(transitive.explanation.find("pre-release"), std::string::npos) << transitive.explanation;
}

TEST(PythonProviderTest, YankedOnlyWhenPinnedExactly) {
  MemorySource source;
  source.add_simple("a", "1.0", {});
  add(source, "a", "2.0", {[] {
        DistFile f = wheel("a-2.0-py3-none-any.whl");
        f.yanked = true;
        f.yanked_reason = "broken build";
        return f;
      }()});
  EXPECT_EQ(resolve(source, {"a"}).pins["a"], "1.0");
  Resolution pinned = resolve(source, {"a==2.0"});
  ASSERT_TRUE(pinned.ok) << pinned.explanation;
  EXPECT_EQ(pinned.pins["a"], "2.0");
  EXPECT_NE(pinned.picks[0].yanked_reason.find("broken build"), std::string::npos);
  Resolution ranged = resolve(source, {"a>1.0"});
  ASSERT_FALSE(ranged.ok);
  EXPECT_NE(ranged.explanation.find("yanked: broken build"), std::string::npos) << ranged.explanation;
}

TEST(PythonProviderTest, RequiresPythonIsADependencyOnTheTargetsPython) {
  MemorySource source;
  source.add_simple("a", "1.0", {}, ">=3.8");
  source.add_simple("a", "2.0", {}, ">=3.13");
  EXPECT_EQ(resolve(source, {"a"}).pins["a"], "1.0");
  Resolution run = resolve(source, {"a>=2"});
  ASSERT_FALSE(run.ok);
  EXPECT_NE(run.explanation.find("the target's Python is 3.12.3, so __python>=3.13 does not hold"), std::string::npos)
      << run.explanation;
}

TEST(PythonProviderTest, ExtrasAreTheirOwnPackagesAndMarkersAreEvaluated) {
  MemorySource source;
  source.add_simple("a", "1.0", {"b; extra == 'x'", "c; sys_platform == 'win32'", "d; python_version >= '3.8'"});
  source.add_simple("b", "1.0", {});
  source.add_simple("c", "1.0", {});
  source.add_simple("d", "1.0", {});
  Resolution plain = resolve(source, {"a"});
  ASSERT_TRUE(plain.ok);
  EXPECT_EQ(plain.pins, (std::map<std::string, std::string>{{"a", "1.0"}, {"d", "1.0"}}));
  Resolution extra = resolve(source, {"a[x]"});
  ASSERT_TRUE(extra.ok);
  EXPECT_EQ(extra.pins, (std::map<std::string, std::string>{{"a", "1.0"}, {"b", "1.0"}, {"d", "1.0"}}));
  for (const Pick& pick : extra.picks)
    if (pick.name == "a") {
      EXPECT_EQ(pick.extras, std::vector<std::string>{"x"});
    }
  Resolution missing = resolve(source, {"a[nope]"});
  ASSERT_TRUE(missing.ok);
  ASSERT_EQ(missing.notes.size(), 1u);
  EXPECT_EQ(missing.notes[0], "a 1.0 has no extra named nope; it was ignored");
}

TEST(PythonProviderTest, ExtraFollowsTheBaseVersion) {
  // a[x] and a constrained elsewhere: one version for both, found without
  // trying every release of a[x].
  MemorySource source;
  for (int i = 0; i < 20; ++i) source.add_simple("a", "1." + std::to_string(i), {"b; extra == 'x'"});
  source.add_simple("b", "1.0", {});
  source.add_simple("c", "1.0", {"a<1.5"});
  Resolution run = resolve(source, {"c", "a[x]"});
  ASSERT_TRUE(run.ok) << run.explanation;
  EXPECT_EQ(run.pins["a"], "1.4");
  EXPECT_LT(run.stats.conflicts, 5u);
}

TEST(PythonProviderTest, PreferencesAreTriedFirst) {
  MemorySource source;
  source.add_simple("a", "1.0", {});
  source.add_simple("a", "2.0", {});
  Policy policy;
  policy.preferences["a"] = v("1.0");
  Resolution run = resolve(source, {"a"}, policy);
  ASSERT_TRUE(run.ok);
  EXPECT_EQ(run.pins["a"], "1.0");
  EXPECT_TRUE(run.picks[0].preferred);
  // Outside the range a preference is ignored.
  EXPECT_EQ(resolve(source, {"a>=2"}, policy).pins["a"], "2.0");
}

TEST(PythonProviderTest, ReadsMetadataOnlyForVersionsItTries) {
  MemorySource source;
  for (int i = 0; i < 50; ++i) source.add_simple("a", "1." + std::to_string(i), {});
  Resolution run = resolve(source, {"a"});
  ASSERT_TRUE(run.ok);
  EXPECT_EQ(source.metadata_reads(), 1u);
}

TEST(PythonProviderTest, UnreadableSourceIsNamedInTheExplanation) {
  MemorySource source;
  source.fail("a", "https://example.invalid/simple/a/: HTTP 500 after 3 tries");
  Resolution run = resolve(source, {"a"});
  ASSERT_FALSE(run.ok);
  EXPECT_NE(run.explanation.find("a could not be read: https://example.invalid/simple/a/: HTTP 500"), std::string::npos)
      << run.explanation;
}

// Facts in the spirit of the knowledge base: a +cuXYZ build needs a
// driver for CUDA X.YZ, and the +cpu build is tried last on a GPU machine.
class CudaFacts : public TargetFacts {
 public:
  const std::vector<FactRequirement>& requirements(std::string_view, const pep::Version& version,
                                                   const DistFile&) override {
    std::vector<FactRequirement>& out = m_made[version.str()];  // kept: the provider holds on to it
    std::string local = version.local();
    if (!local.starts_with("cu") || !out.empty()) return out;
    std::string cuda = local.substr(2, 2) + "." + local.substr(4);
    out = {{pep::Requirement{"__cuda", {}, pep::SpecifierSet::parse(">=" + cuda).value(), {}, {}},
            "built with CUDA " + cuda, "test"}};
    return out;
  }
  std::string reject(std::string_view, const pep::Version&, const DistFile&) override { return ""; }
  int variant_rank(std::string_view, const pep::Version& version) override {
    return version.local() == "cpu" ? 1 : 0;
  }

 private:
  std::map<std::string, std::vector<FactRequirement>> m_made;
};

TEST(PythonProviderTest, VirtualPackagesCarryTheMachinesFacts) {
  MemorySource source;
  for (const char* label : {"2.5.1+cpu", "2.5.1+cu118", "2.5.1+cu121", "2.5.1+cu124"})
    add(source, "torch", label, {wheel(std::string("torch-") + label + "-cp312-cp312-linux_x86_64.whl")});
  Target target = target_for(testing::linux_py312());
  target.virtuals["__cuda"] = {{v("12.2")}, "the driver 535.104.05 supports CUDA 12.2 at most"};
  CudaFacts facts;
  Resolution run = resolve(source, {"torch"}, {}, target, &facts);
  ASSERT_TRUE(run.ok) << run.explanation;
  EXPECT_EQ(run.pins["torch"], "2.5.1+cu121");
  ASSERT_EQ(run.picks[0].facts.size(), 1u);
  EXPECT_EQ(run.picks[0].facts[0].reason, "built with CUDA 12.1");
  Resolution pinned = resolve(source, {"torch==2.5.1+cu124"}, {}, target, &facts);
  ASSERT_FALSE(pinned.ok);
  EXPECT_NE(pinned.explanation.find("the driver 535.104.05 supports CUDA 12.2 at most, so __cuda>=12.4 does not hold"),
            std::string::npos)
      << pinned.explanation;
  EXPECT_NE(pinned.explanation.find("built with CUDA 12.4"), std::string::npos) << pinned.explanation;
}

}  // namespace
}  // namespace mlstack::solve

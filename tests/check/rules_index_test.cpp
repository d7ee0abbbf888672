// SPDX-License-Identifier: MIT
// Pins against an index (MemoryIndex: no network), one rule per test.
#include "check/rules_index.h"

#include <gtest/gtest.h>

#include "check/stack_builder.h"
#include "index/memory_index.h"

namespace mlstack::check {
namespace {

using testing::builtin_kb;
using testing::make_stack;

index::DistFile file(std::string filename, std::string sha = {}, std::optional<std::string> yanked = std::nullopt,
                     std::string upload = {}) {
  index::DistFile f;
  f.filename = std::move(filename);
  f.url = "https://files.example/" + f.filename;
  if (!sha.empty()) f.hashes.push_back({"sha256", sha});
  f.yanked = std::move(yanked);
  f.upload_time = std::move(upload);
  return f;
}

index::ProjectPage page(std::string name, std::vector<index::DistFile> files) {
  index::ProjectPage p;
  p.name = std::move(name);
  p.files = std::move(files);
  return p;
}

const Finding* find(const IndexVerification& v, std::string_view rule) {
  for (const auto& f : v.findings)
    if (f.rule == rule) return &f;
  return nullptr;
}

TEST(IndexRulesTest, MissingVersionNamesTheNearest) {
  index::MemoryIndex index;
  index.add_versions("torchaudio", {"2.7.1", "2.8.0", "2.9.0"});
  Stack stack = make_stack({"torchaudio==2.8.2"}, Stack::Kind::Script);
  IndexVerification v = verify_pins(index, stack, builtin_kb());
  ASSERT_EQ(v.pins.size(), 1u);
  EXPECT_EQ(v.pins[0].verdict, IndexPin::Verdict::Missing);
  EXPECT_EQ(v.pins[0].nearest, (std::vector<std::string>{"2.7.1", "2.8.0", "2.9.0"}));
  const Finding* f = find(v, "index.unknown-version");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message, "torchaudio 2.8.2 is not on https://pypi.org/simple/ (nearest: 2.7.1, 2.8.0, 2.9.0)");
  EXPECT_EQ(f->fix, "pin a version that exists, e.g. torchaudio==2.8.0");
}

TEST(IndexRulesTest, ExistingPinGetsItsUploadDate) {
  index::MemoryIndex index;
  index.add(page("transformers", {file("transformers-4.56.2-py3-none-any.whl", "aa", std::nullopt, "2025-09-19T15:16:23.736Z"),
                                  file("transformers-4.56.2.tar.gz", "bb", std::nullopt, "2025-09-19T15:16:26.778Z")}));
  IndexVerification v = verify_pins(index, make_stack({"transformers==4.56.2"}, Stack::Kind::Script), builtin_kb());
  ASSERT_EQ(v.pins.size(), 1u);
  EXPECT_EQ(v.pins[0].verdict, IndexPin::Verdict::Exists);
  EXPECT_EQ(v.pins[0].upload_time, "2025-09-19T15:16:23.736Z");
  EXPECT_TRUE(v.findings.empty());
}

TEST(IndexRulesTest, YankedPinWithReason) {
  index::MemoryIndex index;
  index.add(page("demo", {file("demo-1.0-py3-none-any.whl"), file("demo-1.1-py3-none-any.whl", "", "broken metadata")}));
  IndexVerification v = verify_pins(index, make_stack({"demo==1.1"}, Stack::Kind::Script), builtin_kb());
  const Finding* f = find(v, "index.yanked");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message, "demo 1.1 was yanked from https://pypi.org/simple/: broken metadata");
  EXPECT_EQ(f->fix, "pin demo==1.0 (the newest earlier release not yanked)");
}

TEST(IndexRulesTest, NoWheelForTheMachineNamesTheNewestThatHasOne) {
  index::MemoryIndex index;
  index.add(page("flash-attn", {file("flash_attn-2.5.8.tar.gz"), file("flash_attn-2.6.3-cp310-cp310-manylinux_2_28_x86_64.whl")}));
  Stack stack = make_stack({"flash-attn==2.5.8"}, Stack::Kind::Script);
  stack.has_machine = true;
  stack.platform.python_version = pep::Version::parse("3.10.12").value();
  stack.platform.libc_version = pep::Version::parse("2.35").value();
  IndexVerification v = verify_pins(index, stack, builtin_kb());
  const Finding* f = find(v, "index.no-wheel");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::Warning);  // the sdist builds
  EXPECT_EQ(f->message, "flash-attn 2.5.8 has no prebuilt wheel for Python 3.10.12 on linux x86_64 (glibc 2.35) on "
                        "https://pypi.org/simple/: pip would build it from the source distribution");
  EXPECT_EQ(f->fix, "pin flash-attn==2.6.3 (the newest version with a wheel for this machine)");
}

TEST(IndexRulesTest, OfflineWithNothingCachedIsUnverifiedNotMissing) {
  index::MemoryIndex index;
  index.add_failure("trl", "https://pypi.org/simple/trl/: not in the cache, and offline mode (--offline or MLSTACK_OFFLINE) forbids fetching it");
  IndexVerification v = verify_pins(index, make_stack({"trl==0.23.0"}, Stack::Kind::Script), builtin_kb());
  ASSERT_EQ(v.pins.size(), 1u);
  EXPECT_EQ(v.pins[0].verdict, IndexPin::Verdict::Unverified);
  EXPECT_EQ(v.pins[0].note, "https://pypi.org/simple/trl/: not in the cache, and offline mode (--offline or MLSTACK_OFFLINE) forbids fetching it");
  EXPECT_TRUE(v.findings.empty());
}

TEST(IndexRulesTest, UnknownPackage) {
  index::MemoryIndex index;
  IndexVerification v = verify_pins(index, make_stack({"torch-vision==0.18.1"}, Stack::Kind::Script), builtin_kb());
  const Finding* f = find(v, "index.unknown-package");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message, "torch-vision is on none of the indexes consulted (https://pypi.org/simple/)");
}

std::vector<index::IndexSource> two_indexes() {
  index::IndexSource extra, pypi;
  extra.url = "https://pkgs.acme.example/simple/";
  extra.name = "acme";
  pypi.url = "https://pypi.org/simple/";
  pypi.is_default = true;
  return {extra, pypi};
}

TEST(IndexRulesTest, DependencyConfusionWhenPipWouldTakeTheOtherIndex) {
  index::MemoryIndex index(two_indexes());
  index.add(page("acme-utils", {file("acme_utils-1.0-py3-none-any.whl", "11")}), 0);
  index.add(page("acme-utils", {file("acme_utils-9.9-py3-none-any.whl", "99")}), 1);
  // numpy mirrored on the extra index (same file, same hash): not confusion.
  index.add(page("numpy", {file("numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.whl", "ab")}), 0);
  index.add(page("numpy", {file("numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.whl", "ab"),
                           file("numpy-2.0.0-cp311-cp311-manylinux_2_17_x86_64.whl", "cd")}),
            1);
  IndexVerification v = verify_pins(index, make_stack({"acme-utils", "numpy"}, Stack::Kind::Manifest), builtin_kb());
  ASSERT_EQ(v.findings.size(), 1u);
  const Finding& f = v.findings[0];
  EXPECT_EQ(f.rule, "index.dependency-confusion");
  EXPECT_EQ(f.message,
            "acme-utils is on https://pkgs.acme.example/simple/ and on https://pypi.org/simple/, which share no file of "
            "it: pip merges indexes and would install acme-utils 9.9 from https://pypi.org/simple/ rather than 1.0 from "
            "https://pkgs.acme.example/simple/ (uv's first-index rule takes that one); whoever publishes acme-utils "
            "there decides what pip installs (dependency confusion)");
  EXPECT_NE(f.fix.find("[tool.uv.sources] acme-utils = { index = \"acme\" }"), std::string::npos) << f.fix;
}

TEST(IndexRulesTest, NoConfusionWhenThePinExistsOnlyOnTheFirstIndex) {
  index::MemoryIndex index(two_indexes());
  index.add(page("acme-utils", {file("acme_utils-1.0-py3-none-any.whl", "11")}), 0);
  index.add(page("acme-utils", {file("acme_utils-9.9-py3-none-any.whl", "99")}), 1);
  IndexVerification v = verify_pins(index, make_stack({"acme-utils==1.0"}, Stack::Kind::Manifest), builtin_kb());
  EXPECT_TRUE(v.findings.empty());
}

TEST(IndexRulesTest, TheIndexOverridesTheKbOnExistence) {
  // The kb may call a version missing that the index lists; the index wins.
  index::MemoryIndex index;
  index.add_versions("torch", {"2.8.0"});
  Stack stack = make_stack({"torch==2.8.0"}, Stack::Kind::Script);
  Finding kb_claim{"release.unknown-version", Severity::Error, "torch 2.8.0 is not a release", {stack.packages[0].origin}, {}, {}};
  std::vector<Finding> findings = {kb_claim};
  project::ScanResult scan;
  auto verified = verify_stacks(
      [&](std::span<const project::IndexEntry>) -> Expected<std::unique_ptr<index::PackageIndex>, std::string> {
        auto copy = std::make_unique<index::MemoryIndex>();
        copy->add_versions("torch", {"2.8.0"});
        return std::unique_ptr<index::PackageIndex>(std::move(copy));
      },
      scan, {stack}, builtin_kb(), findings);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(findings.empty());
  EXPECT_EQ(verified->pins.at(0).verdict, IndexPin::Verdict::Exists);
}

}  // namespace
}  // namespace mlstack::check

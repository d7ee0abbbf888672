// SPDX-License-Identifier: MIT
// A kb constraint against a package the stack only declares as a range: a
// range that excludes every version the constraint admits is a finding; one
// that admits some or only such versions is not (rules_test.cpp's style: a
// stack that triggers and one that must not).
#include <gtest/gtest.h>

#include <algorithm>

#include "check/check.h"
#include "check/evaluate.h"
#include "check/stack_builder.h"

namespace mlstack::check {
namespace {

using testing::builtin_kb;
using testing::make_stack;

pep::Requirement req(const char* text) { return *pep::Requirement::parse(text); }

Verdict verdict_of(const char* requirement, std::initializer_list<const char*> stack) {
  return evaluate(req(requirement), make_stack(stack, Stack::Kind::Manifest)).verdict;
}

std::vector<Finding> companion_findings(const Stack& stack) {
  std::vector<Finding> all, out;
  check_kb_constraints(builtin_kb(), stack, all);
  std::copy_if(all.begin(), all.end(), std::back_inserter(out),
               [](const Finding& f) { return f.rule == "torch.companion-mismatch"; });
  return out;
}

TEST(RangeVerdictTest, DisjointRangeIsViolatedAndReportsTheRangeAsWritten) {
  Evaluation e = evaluate(req("torch==2.3.0"), make_stack({"torch>=2.0,<2.3"}, Stack::Kind::Manifest));
  EXPECT_EQ(e.verdict, Verdict::Violated);
  EXPECT_EQ(e.found, "torch>=2.0,<2.3");
  ASSERT_NE(e.package, nullptr);
  EXPECT_EQ(verdict_of("torch<2.3", {"torch>=2.3"}), Verdict::Violated);
  // The range holds 2.3.0, its local builds and post-releases, all of which ">2.3.0" excludes (PEP 440).
  EXPECT_EQ(verdict_of("torch>2.3.0", {"torch>=2.3.0,<=2.3.0.post9"}), Verdict::Violated);
}

TEST(RangeVerdictTest, RangeInsideTheRequirementIsSatisfied) {
  EXPECT_EQ(verdict_of("torch>=2.3,<2.4", {"torch~=2.3.0"}), Verdict::Satisfied);
  EXPECT_EQ(verdict_of("torch==2.3.*", {"torch>=2.3.1,<2.3.5"}), Verdict::Satisfied);
  // ==2.4.* holds 2.4.0rc1, which >=2.4 refuses, but no installer picks it over a final.
  EXPECT_EQ(verdict_of("torch>=2.4", {"torch==2.4.*"}), Verdict::Satisfied);
}

TEST(RangeVerdictTest, OverlapOrPreReleaseTheRangeNamesIsUnknown) {
  EXPECT_EQ(verdict_of("torch<2.3", {"torch>=2.0"}), Verdict::Unknown);
  EXPECT_EQ(verdict_of("torch==2.3.0", {"torch>=2.3,<2.3.1"}), Verdict::Unknown) << "2.3.0.post1 is allowed too";
  // The range names a pre-release, so 2.4.0rc1 may be installed.
  EXPECT_EQ(verdict_of("torch>=2.4", {"torch>=2.4.0rc1,<2.5"}), Verdict::Unknown);
  EXPECT_EQ(verdict_of("torch==2.3.0", {"torch"}), Verdict::Unknown) << "no range at all";
  EXPECT_EQ(verdict_of("torch==2.3.0", {"torch===2.3.0"}), Verdict::Unknown) << "=== is a string match";
  EXPECT_EQ(verdict_of("torch==2.3.0", {"torch===2.2.0"}), Verdict::Violated);
}

TEST(RangeRulesTest, PinnedTorchvisionWithATorchRangeThatExcludesItsTorch) {
  Stack stack = make_stack({"torchvision==0.18.0", "torch>=2.0,<2.3"}, Stack::Kind::Manifest);
  stack.label = "requirements.txt";
  auto found = companion_findings(stack);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message,
            "torchvision 0.18.0 needs torch==2.3.0, but requirements.txt allows only torch>=2.0,<2.3 "
            "(no version satisfies both)");
  // torchvision follows the project's torch: the release built for a torch the range allows.
  EXPECT_EQ(found[0].fix, "declare torchvision==0.17.2 in requirements.txt instead of torchvision==0.18.0");
  // Both declarations and the kb fact.
  auto cites_line = [&](std::size_t line) {
    return std::any_of(found[0].origins.begin(), found[0].origins.end(),
                       [&](const Origin& o) { return o.path == "requirements.txt" && o.line == line; });
  };
  EXPECT_TRUE(cites_line(1));
  EXPECT_TRUE(cites_line(2));
  EXPECT_TRUE(std::any_of(found[0].origins.begin(), found[0].origins.end(),
                          [](const Origin& o) { return o.kind == Origin::Kind::Fact && !o.source.empty(); }));
}

TEST(RangeRulesTest, TorchRangeThatAdmitsTheNeededTorchIsClean) {
  EXPECT_TRUE(companion_findings(make_stack({"torchvision==0.18.0", "torch>=2.0,<2.4"}, Stack::Kind::Manifest)).empty());
  EXPECT_TRUE(companion_findings(make_stack({"torchvision==0.18.0", "torch~=2.3.0"}, Stack::Kind::Manifest)).empty());
  EXPECT_TRUE(companion_findings(make_stack({"torchvision==0.18.0", "torch"}, Stack::Kind::Manifest)).empty());
}

}  // namespace
}  // namespace mlstack::check

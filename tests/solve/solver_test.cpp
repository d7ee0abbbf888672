// SPDX-License-Identifier: MIT
// The worked examples of Dart pub's doc/solver.md (the PubGrub write-up),
// with "^1.0.0" written as ">=1.0.0,<2.0.0", and their explanations.
#include <gtest/gtest.h>

#include "solve/solve_fixture.h"

namespace mlstack::solve {
namespace {

using testing::resolve;
using testing::Resolution;

TEST(SolverTest, NoConflicts) {
  MemorySource source;
  source.add_simple("foo", "1.0.0", {"bar>=1.0.0,<2.0.0"});
  source.add_simple("bar", "1.0.0", {});
  source.add_simple("bar", "2.0.0", {});
  Resolution run = resolve(source, {"foo>=1.0.0,<2.0.0"});
  ASSERT_TRUE(run.ok) << run.explanation;
  EXPECT_EQ(run.pins, (std::map<std::string, std::string>{{"foo", "1.0.0"}, {"bar", "1.0.0"}}));
}

TEST(SolverTest, AvoidsAConflictWhileDeciding) {
  MemorySource source;
  source.add_simple("foo", "1.0.0", {});
  source.add_simple("foo", "1.1.0", {"bar>=2.0.0,<3.0.0"});
  source.add_simple("bar", "1.0.0", {});
  source.add_simple("bar", "1.1.0", {});
  source.add_simple("bar", "2.0.0", {});
  Resolution run = resolve(source, {"foo>=1.0.0,<2.0.0", "bar>=1.0.0,<2.0.0"});
  ASSERT_TRUE(run.ok) << run.explanation;
  EXPECT_EQ(run.pins, (std::map<std::string, std::string>{{"foo", "1.0.0"}, {"bar", "1.1.0"}}));
}

TEST(SolverTest, PerformsConflictResolution) {
  MemorySource source;
  source.add_simple("foo", "1.0.0", {});
  source.add_simple("foo", "2.0.0", {"bar>=1.0.0,<2.0.0"});
  source.add_simple("bar", "1.0.0", {"foo>=1.0.0,<2.0.0"});
  Resolution run = resolve(source, {"foo>=1.0.0"});
  ASSERT_TRUE(run.ok) << run.explanation;
  EXPECT_EQ(run.pins, (std::map<std::string, std::string>{{"foo", "1.0.0"}}));
}

TEST(SolverTest, ResolvesWithAPartialSatisfier) {
  MemorySource source;
  source.add_simple("foo", "1.0.0", {});
  source.add_simple("foo", "1.1.0", {"left>=1.0.0,<2.0.0", "right>=1.0.0,<2.0.0"});
  source.add_simple("left", "1.0.0", {"shared>=1.0.0"});
  source.add_simple("right", "1.0.0", {"shared<2.0.0"});
  source.add_simple("shared", "2.0.0", {});
  source.add_simple("shared", "1.0.0", {"target>=1.0.0,<2.0.0"});
  source.add_simple("target", "2.0.0", {});
  source.add_simple("target", "1.0.0", {});
  Resolution run = resolve(source, {"foo>=1.0.0,<2.0.0", "target>=2.0.0,<3.0.0"});
  ASSERT_TRUE(run.ok) << run.explanation;
  EXPECT_EQ(run.pins, (std::map<std::string, std::string>{{"foo", "1.0.0"}, {"target", "2.0.0"}}));
}

TEST(SolverTest, ExplainsALinearFailure) {
  MemorySource source;
  source.add_simple("foo", "1.0.0", {"bar>=2.0.0,<3.0.0"});
  source.add_simple("bar", "2.0.0", {"baz>=3.0.0,<4.0.0"});
  source.add_simple("baz", "1.0.0", {});
  source.add_simple("baz", "3.0.0", {});
  Resolution run = resolve(source, {"foo>=1.0.0,<2.0.0", "baz>=1.0.0,<2.0.0"});
  ASSERT_FALSE(run.ok);
  EXPECT_EQ(run.explanation,
            "Because foo==1.0.0 depends on bar>=2.0.0,<3.0.0 which depends on baz>=3.0.0,<4.0.0, foo==1.0.0 "
            "requires baz>=3.0.0,<4.0.0.\n"
            "So, because you require foo>=1.0.0,<2.0.0 and you require baz>=1.0.0,<2.0.0, your requirements "
            "cannot be satisfied.\n");
}

TEST(SolverTest, ExplainsABranchingFailure) {
  MemorySource source;
  source.add_simple("foo", "1.0.0", {"a>=1.0.0,<2.0.0", "b>=1.0.0,<2.0.0"});
  source.add_simple("foo", "1.1.0", {"x>=1.0.0,<2.0.0", "y>=1.0.0,<2.0.0"});
  source.add_simple("a", "1.0.0", {"b>=2.0.0,<3.0.0"});
  source.add_simple("b", "1.0.0", {});
  source.add_simple("b", "2.0.0", {});
  source.add_simple("x", "1.0.0", {"y>=2.0.0,<3.0.0"});
  source.add_simple("y", "1.0.0", {});
  source.add_simple("y", "2.0.0", {});
  Resolution run = resolve(source, {"foo>=1.0.0,<2.0.0"});
  ASSERT_FALSE(run.ok);
  // Both versions of foo are ruled out, each for its own reason, and the
  // lines cite each other by number.
  EXPECT_NE(run.explanation.find("foo==1.0.0"), std::string::npos) << run.explanation;
  EXPECT_NE(run.explanation.find("foo==1.1.0"), std::string::npos) << run.explanation;
  EXPECT_NE(run.explanation.find("your requirements cannot be satisfied"), std::string::npos) << run.explanation;
  EXPECT_NE(run.explanation.find("(1)"), std::string::npos) << run.explanation;
}

TEST(SolverTest, NamesAMissingPackage) {
  MemorySource source;
  source.add_simple("a", "1.0.0", {"missing"});
  Resolution run = resolve(source, {"a"});
  ASSERT_FALSE(run.ok);
  EXPECT_NE(run.explanation.find("no index has a release of missing"), std::string::npos) << run.explanation;
}

TEST(SolverTest, CollapsesManyVersionsIntoOneRange) {
  // Ten versions of foo, each depending on a bar that does not fit: the
  // explanation gives one range, not ten lines (uv#4075).
  MemorySource source;
  for (int i = 0; i < 10; ++i) source.add_simple("foo", "1." + std::to_string(i), {"bar>=2"});
  source.add_simple("bar", "1.0", {});
  source.add_simple("bar", "2.0", {});
  Resolution run = resolve(source, {"foo", "bar<2"});
  ASSERT_FALSE(run.ok);
  EXPECT_NE(run.explanation.find("you require foo which depends on bar>=2"), std::string::npos) << run.explanation;
  EXPECT_EQ(run.explanation.find("foo==1.3"), std::string::npos) << run.explanation;
}

}  // namespace
}  // namespace mlstack::solve

// SPDX-License-Identifier: MIT
// The tables `mlstack report` shows beside the findings (check/coupling.h,
// check/pinning_policy.h, check/analysis.h), on the bundled example and on a
// project whose pins contradict the knowledge base.
#include <gtest/gtest.h>

#include <algorithm>

#include "check/analysis.h"
#include "check/coupling.h"
#include "check/pinning_policy.h"
#include "check/stack_sources.h"
#include "env/fake_system.h"
#include "kb/loader.h"
#include "project/scan.h"

namespace mlstack::check {
namespace {

const std::string k_example = MLSTACK_SOURCE_DIR "/examples/tinyquant";
const std::string k_policy = MLSTACK_SOURCE_DIR "/tests/data/report/policy";

const PolicyRow* row_of(const PinningPolicy& policy, std::string_view name) {
  auto it = std::find_if(policy.rows.begin(), policy.rows.end(), [&](const PolicyRow& r) { return r.name == name; });
  return it == policy.rows.end() ? nullptr : &*it;
}

TEST(PinningPolicyTest, KeepsPinsAndAddsWhatThePinsNeed) {
  kb::LoadResult kb = kb::load_embedded();
  auto scan = project::scan_project(k_example);
  ASSERT_TRUE(scan) << scan.error();
  PinningPolicy policy = pinning_policy(kb.kb, *scan);
  EXPECT_EQ(policy.conflicts, 0u);
  const PolicyRow* torch = row_of(policy, "torch");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ(torch->suggested, "torch==2.3.0");
  EXPECT_FALSE(torch->changed);
  EXPECT_EQ(torch->origins.front().to_string(), "pyproject.toml:12:5");
  // transformers==4.46.0 needs huggingface-hub<1.0 (kb coupling rule): an undeclared row.
  const PolicyRow* hub = row_of(policy, "huggingface-hub");
  ASSERT_NE(hub, nullptr);
  EXPECT_EQ(hub->now, "");
  EXPECT_EQ(hub->suggested, "huggingface-hub<1.0");
  EXPECT_TRUE(hub->changed);
  ASSERT_FALSE(hub->reasons.empty());
  EXPECT_NE(hub->reasons.front().find("transformers 4.46.0 needs huggingface-hub<1.0 (kb:"), std::string::npos);
  // An open declaration takes the scan's bound.
  const PolicyRow* tokenizers = row_of(policy, "tokenizers");
  ASSERT_NE(tokenizers, nullptr);
  EXPECT_EQ(tokenizers->now, ">=0.12.1");
  EXPECT_TRUE(tokenizers->changed);
  EXPECT_NE(tokenizers->suggested.find(">=0.12.1"), std::string::npos);
  // Nothing is known of an unpinned package with no lock and no pin elsewhere.
  const PolicyRow* protobuf = row_of(policy, "protobuf");
  ASSERT_NE(protobuf, nullptr);
  EXPECT_EQ(protobuf->suggested, "");
}

TEST(PinningPolicyTest, PinsThatCannotHoldTogetherAreAConflictNotASuggestion) {
  kb::LoadResult kb = kb::load_embedded();
  auto scan = project::scan_project(k_policy);
  ASSERT_TRUE(scan) << scan.error();
  PinningPolicy policy = pinning_policy(kb.kb, *scan);
  const PolicyRow* torch = row_of(policy, "torch");
  ASSERT_NE(torch, nullptr);
  EXPECT_TRUE(torch->conflict);
  EXPECT_EQ(torch->suggested, "");
  EXPECT_EQ(policy.conflicts, 1u);
  bool cites_torchvision = std::any_of(torch->reasons.begin(), torch->reasons.end(), [](const std::string& r) {
    return r.find("torchvision 0.18.0 needs torch==2.3.0") != std::string::npos;
  });
  EXPECT_TRUE(cites_torchvision);
  const PolicyRow* torchvision = row_of(policy, "torchvision");
  ASSERT_NE(torchvision, nullptr);
  EXPECT_FALSE(torchvision->conflict);
}

TEST(CouplingRowsTest, VerdictsMatchTheStack) {
  kb::LoadResult kb = kb::load_embedded();
  auto scan = project::scan_project(k_policy);
  ASSERT_TRUE(scan);
  std::vector<Stack> stacks = stacks_from_scan(*scan, pep::Platform{});
  ASSERT_FALSE(stacks.empty());
  auto rows = coupling_rows(kb.kb, stacks.front());
  auto it = std::find_if(rows.begin(), rows.end(), [](const CouplingRow& r) { return r.name == "torchvision"; });
  ASSERT_NE(it, rows.end());
  EXPECT_EQ(it->needs, "torch==2.3.0");
  EXPECT_EQ(it->verdict, Verdict::Violated);
  EXPECT_EQ(it->found, "torch 2.3.1");
  EXPECT_EQ(it->fact.kind, Origin::Kind::Fact);
  EXPECT_FALSE(it->fact.source.empty()) << "every row keeps its kb source";
  ASSERT_TRUE(it->found_origin);
  EXPECT_EQ(it->found_origin->to_string(), "pyproject.toml:7:3");
}

TEST(AnalysisTest, FindingsAreTheCheckAndTheCodeScanEachOnce) {
  env::FakeSystem system;
  AnalysisOptions options;
  options.check.path = k_example;
  options.check.read_env = false;
  auto analysis = analyse(system, options);
  ASSERT_TRUE(analysis) << analysis.error();
  auto findings = all_findings(*analysis);
  for (const auto& f : analysis->check.findings) EXPECT_NE(std::find(findings.begin(), findings.end(), f), findings.end());
  for (const auto& f : analysis->code.findings) EXPECT_NE(std::find(findings.begin(), findings.end(), f), findings.end());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    for (std::size_t j = i + 1; j < findings.size(); ++j) EXPECT_FALSE(findings[i] == findings[j]) << findings[i].message;
  }
  EXPECT_FALSE(analysis->environment);
  EXPECT_TRUE(analysis->installed.empty());
  EXPECT_TRUE(analysis->root.starts_with("/"));
  // The dependency graph: the project's declarations and the kb coupling to huggingface-hub.
  auto edge = std::find_if(analysis->dependency_edges.begin(), analysis->dependency_edges.end(), [](const DependencyEdge& e) {
    return e.from == "transformers" && e.to == "huggingface-hub";
  });
  EXPECT_NE(edge, analysis->dependency_edges.end());
}

TEST(AnalysisTest, BadTargetFailsTheOptions) {
  env::FakeSystem system;
  AnalysisOptions options;
  options.check.path = k_example;
  options.check.read_env = false;
  options.check.target = "cuda=banana";
  EXPECT_FALSE(analyse(system, options));
}

}  // namespace
}  // namespace mlstack::check

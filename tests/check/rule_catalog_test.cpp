// SPDX-License-Identifier: MIT
#include "check/rule_catalog.h"

#include <gtest/gtest.h>

#include "core/mapped_file.h"

namespace mlstack::check {
namespace {

TEST(RuleCatalogTest, SortedAndUnique) {
  auto rules = rule_catalog();
  ASSERT_FALSE(rules.empty());
  for (std::size_t i = 1; i < rules.size(); ++i) {
    EXPECT_LT(rules[i - 1].id, rules[i].id) << "rule table must be sorted with unique ids";
  }
}

TEST(RuleCatalogTest, FindsEveryRuleById) {
  for (const auto& rule : rule_catalog()) {
    const RuleInfo* found = find_rule(rule.id);
    ASSERT_NE(found, nullptr) << rule.id;
    EXPECT_EQ(found->id, rule.id);
  }
  EXPECT_EQ(find_rule("no.such-rule"), nullptr);
}

TEST(RuleCatalogTest, EveryRuleIsDocumented) {
  auto docs = read_file(MLSTACK_SOURCE_DIR "/docs/rules.md");
  ASSERT_TRUE(docs) << docs.error();
  for (const auto& rule : rule_catalog()) {
    std::string anchor = "<a id=\"" + std::string(rule.id) + "\"></a>\n## " + std::string(rule.id) + " — ";
    EXPECT_NE(docs->find(anchor), std::string::npos) << "docs/rules.md lacks a section for " << rule.id;
    std::string severity = "(" + std::string(to_string(rule.severity)) + ")";
    std::size_t at = docs->find(anchor);
    if (at != std::string::npos) {
      std::size_t eol = docs->find('\n', at + anchor.size());
      EXPECT_NE(docs->substr(at, eol - at).find(severity), std::string::npos)
          << rule.id << ": documented severity differs from the catalogue's " << severity;
    }
  }
}

}  // namespace
}  // namespace mlstack::check

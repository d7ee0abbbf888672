// SPDX-License-Identifier: MIT
#include "report/sanitize.h"

#include <gtest/gtest.h>

namespace mlstack::report {
namespace {

TEST(MaskUrlCredentials, MasksPasswordsAndLoneTokensLikePip) {
  EXPECT_EQ(mask_url_credentials("--index-url https://alice:s3cret@pypi.example.com/simple"),
            "--index-url https://alice:****@pypi.example.com/simple");
  EXPECT_EQ(mask_url_credentials("https://ghp_token@github.com/org/repo.git"), "https://****@github.com/org/repo.git");
  EXPECT_EQ(mask_url_credentials("x @ git+https://u:p@host/r.git@v1.0"), "x @ git+https://u:****@host/r.git@v1.0");
  EXPECT_EQ(mask_url_credentials("git+ssh://git@github.com/org/repo.git"), "git+ssh://git@github.com/org/repo.git");
  EXPECT_EQ(mask_url_credentials("two: http://a:b@h1/ and \"https://c:d@h2\""), "two: http://a:****@h1/ and \"https://c:****@h2\"");
  EXPECT_EQ(mask_url_credentials("mail user@example.com, https://pypi.org/simple"),
            "mail user@example.com, https://pypi.org/simple");
  EXPECT_EQ(mask_url_credentials("https://host/path@v1"), "https://host/path@v1");
  EXPECT_EQ(mask_url_credentials("://@"), "://@");
}

TEST(EscapeControls, ShowsEscapesAndKeepsText) {
  EXPECT_EQ(escape_controls("torch\x1b[31m==2.3\x07", false), "torch\\x1b[31m==2.3\\x07");
  EXPECT_EQ(escape_controls("a\rb\nc\td", false), "a\\x0db\\nc\td");
  EXPECT_EQ(escape_controls("a\nb", true), "a\nb");
  EXPECT_EQ(escape_controls("Größe ≥ 2 🙂", false), "Größe ≥ 2 🙂");
  EXPECT_EQ(escape_controls("csi \xc2\x9b" "2J", false), "csi \\u009b2J");
  EXPECT_EQ(escape_controls("bad \xff\xfe", false), "bad \\xff\\xfe");
  EXPECT_EQ(escape_controls("lone \x9b" "2J", false), "lone \\x9b2J");
  EXPECT_EQ(escape_controls("del\x7f", false), "del\\x7f");
}

TEST(TerminalSafe, CoversEveryStringOfTheDocument) {
  Document document;
  document.title = "scan \x1b]0;title\x07";
  Section section{"Sources \x1b[2J", {Paragraph{"line\x1b[1A"}, Table{{{"File"}}, {{"req\x1b.txt"}}},
                                      KeyValues{{{"Index", "https://u:pw@h/simple"}}}},
                  {}};
  document.sections.push_back(section);
  document.findings.push_back(Finding{"input.x", Severity::Error, "bad \x1b[5m", {Origin::file("f\x1b.txt", 1, 1)}, "", ""});
  Document safe = terminal_safe(document);
  EXPECT_EQ(safe.title, "scan \\x1b]0;title\\x07");
  EXPECT_EQ(safe.sections[0].title, "Sources \\x1b[2J");
  EXPECT_EQ(std::get<Paragraph>(safe.sections[0].blocks[0]).text, "line\\x1b[1A");
  EXPECT_EQ(std::get<Table>(safe.sections[0].blocks[1]).rows[0][0], "req\\x1b.txt");
  EXPECT_EQ(std::get<KeyValues>(safe.sections[0].blocks[2]).items[0].second, "https://u:****@h/simple");
  EXPECT_EQ(safe.findings[0].message, "bad \\x1b[5m");
  EXPECT_EQ(safe.findings[0].origins[0].path, "f\\x1b.txt");
  std::string text = render_text(document, {100, false});
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_EQ(render_markdown(document).find('\x1b'), std::string::npos);
  std::string json = render_json(document);
  EXPECT_EQ(json.find("pw@"), std::string::npos) << json;
}

// Everything else a renderer reads comes through: the summary and footer made
// safe, the findings' layout and links as they are.
TEST(TerminalSafe, KeepsTheSummaryFooterAndFindingsLayout) {
  Document document;
  document.summary.push_back(Paragraph{"3 findings \x1b[1m"});
  document.footer = "--all shows every one\x1b[0m";
  document.findings_layout = {true, 3, 2, "--all"};
  document.root = "/project";
  document.finding_rows = {{"req-0"}};
  document.findings_in_sections = true;
  document.findings.push_back(Finding{"check.x", Severity::Warning, "m", {}, "", ""});
  document.findings[0].notes.push_back("note \x07");
  Document safe = terminal_safe(document);
  ASSERT_EQ(safe.summary.size(), 1u);
  EXPECT_EQ(std::get<Paragraph>(safe.summary[0]).text, "3 findings \\x1b[1m");
  EXPECT_EQ(safe.footer, "--all shows every one\\x1b[0m");
  EXPECT_TRUE(safe.findings_layout.grouped);
  EXPECT_EQ(safe.findings_layout.per_rule, 3u);
  EXPECT_EQ(safe.findings_layout.more_hint, "--all");
  EXPECT_EQ(safe.root, "/project");
  EXPECT_EQ(safe.finding_rows, document.finding_rows);
  ASSERT_EQ(safe.findings[0].notes.size(), 1u);
  EXPECT_EQ(safe.findings[0].notes[0], "note \\x07");
  EXPECT_TRUE(safe.findings_in_sections);
}

}  // namespace
}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/document.h"
#include "report/text_table.h"

namespace mlstack::report {
namespace {

Document sample() {
  Document doc;
  doc.command = "scan";
  doc.title = "llm-demo dependency analysis";
  Section declared{"Declared Python dependencies", {}, {}};
  declared.blocks.push_back(Paragraph{"From `pyproject.toml`:"});
  declared.blocks.push_back(Table{{{"Package"}, {"Constraint in repo", Align::Left, true}},
                                  {{"torch", "==2.3.0"}, {"sentencepiece", ""}, {"a|b", "x"}}});
  doc.sections.push_back(declared);
  doc.findings.push_back(Finding{"scan.unpinned", Severity::Warning, "sentencepiece is unpinned",
                                 {Origin::file("pyproject.toml", 12, 5)}, "sentencepiece>=0.2,<0.3", {}});
  doc.data = {{"project", "examples/llm-demo"}};
  return doc;
}

TEST(TextTableTest, AlignsColumns) {
  Table t{{{"Package"}, {"Version", Align::Right}}, {{"torch", "2.3.0"}, {"numpy", "1.26.4"}}};
  EXPECT_EQ(format_text_table(t, 80),
            "Package  Version\n"
            "-------  -------\n"
            "torch      2.3.0\n"
            "numpy     1.26.4\n");
}

TEST(TextTableTest, WrapsWidestColumnToFitWidth) {
  Table t{{{"Rule"}, {"Message"}},
          {{"torch.cuda-driver", "torch 2.3.0+cu121 needs a driver that supports CUDA 12.1 but this one supports 11.8"}}};
  std::string out = format_text_table(t, 50);
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    EXPECT_LE(end - start, 50u) << out;
    start = end + 1;
  }
  EXPECT_NE(out.find("torch.cuda-driver"), std::string::npos);
  EXPECT_NE(out.find("11.8"), std::string::npos);
}

TEST(MarkdownRendererTest, SeedStyleTables) {
  std::string md = render_markdown(sample());
  EXPECT_NE(md.find("# llm-demo dependency analysis\n\n## Declared Python dependencies\n\nFrom `pyproject.toml`:\n\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| Package | Constraint in repo |\n|---|---|\n| torch | `==2.3.0` |\n| sentencepiece |  |\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| a\\|b | `x` |"), std::string::npos) << md;
  EXPECT_NE(md.find("## Findings"), std::string::npos);
  EXPECT_NE(md.find("| warning | `scan.unpinned` | sentencepiece is unpinned | pyproject.toml:12:5 | `sentencepiece>=0.2,<0.3` |"),
            std::string::npos)
      << md;
}

TEST(JsonRendererTest, VersionedEnvelopeWithPayloadAndFindings) {
  auto json = nlohmann::json::parse(render_json(sample()));
  EXPECT_EQ(json["schema"], "mlstack/1");
  EXPECT_EQ(json["command"], "scan");
  EXPECT_TRUE(json.contains("mlstack_version"));
  EXPECT_EQ(json["project"], "examples/llm-demo");
  ASSERT_EQ(json["findings"].size(), 1u);
  const auto& f = json["findings"][0];
  EXPECT_EQ(f["rule"], "scan.unpinned");
  EXPECT_EQ(f["severity"], "warning");
  EXPECT_EQ(f["origins"][0]["kind"], "file");
  EXPECT_EQ(f["origins"][0]["path"], "pyproject.toml");
  EXPECT_EQ(f["origins"][0]["line"], 12);
  EXPECT_EQ(f["fix"], "sentencepiece>=0.2,<0.3");
}

TEST(JsonRendererTest, InvalidUtf8IsReplacedNotFatal) {
  Document doc;
  doc.command = "scan";
  doc.data = {{"name", std::string("bad\xff")}};
  auto json = nlohmann::json::parse(render_json(doc));
  EXPECT_EQ(json["name"], "bad\xEF\xBF\xBD");
}

// The envelope is written around the payload's own dump (no copy of it):
// the bytes must be those of one ordered document dumped with indent 2, the
// payload's keys in its (sorted) order between the envelope's and "findings".
TEST(JsonRendererTest, EnvelopeBytesAreOneDocumentDumpedWithIndentTwo) {
  for (Document doc : {sample(), Document{}}) {
    if (doc.command.empty()) {
      doc.command = "index";
      doc.data = {{"packages", {{{"name", "torch"}, {"files", nlohmann::json::array()}, {"versions", {"2.3.1"}}}}},
                  {"empty", nlohmann::json::object()},
                  {"a", nullptr}};
    }
    nlohmann::ordered_json expected;
    expected["schema"] = "mlstack/1";
    expected["command"] = doc.command;
    expected["mlstack_version"] = nlohmann::json::parse(render_json(doc))["mlstack_version"];
    for (const auto& [key, value] : doc.data.items()) expected[key] = value;
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : doc.findings) findings.push_back(to_json(f));
    expected["findings"] = findings;
    EXPECT_EQ(render_json(doc), expected.dump(2) + "\n");
  }
  // A payload key that repeats an envelope key: one of each, where the envelope puts it.
  Document clash;
  clash.command = "check";
  clash.data = {{"findings", "the payload's"}, {"zeta", 1}};
  std::string text = render_json(clash);
  EXPECT_EQ(text.find("\"findings\""), text.rfind("\"findings\"")) << text;
  EXPECT_EQ(nlohmann::json::parse(text)["findings"], nlohmann::json::array());
  Document none;
  none.command = "cache";
  none.data = nullptr;  // no payload: the envelope alone
  EXPECT_EQ(render_json(none).find("\"findings\": []"), render_json(none).rfind("\"findings\": []"));
  EXPECT_TRUE(nlohmann::json::parse(render_json(none)).contains("findings"));
}

TEST(JsonRendererTest, CredentialsInThePayloadAreMasked) {
  Document doc;
  doc.command = "index";
  doc.data = {{"indexes", {"https://alice:s3cret@pypi.example.com/simple/"}}};
  std::string out = render_json(doc);
  EXPECT_EQ(out.find("s3cret"), std::string::npos) << out;
  EXPECT_NE(out.find("https://alice:****@pypi.example.com/simple/"), std::string::npos) << out;
}

TEST(TextRendererTest, FindingsShapeAndSummary) {
  std::string text = render_text(sample(), {80, false});
  EXPECT_NE(text.find("warning[scan.unpinned]: sentencepiece is unpinned\n  --> pyproject.toml:12:5\n  = fix: sentencepiece>=0.2,<0.3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("0 errors, 1 warning, 0 notes"), std::string::npos) << text;
  EXPECT_EQ(text.find("\x1b["), std::string::npos);
}

TEST(TextTableTest, WrapsAtSpacesAndPunctuationNeverInsideAToken) {
  Table t{{{"Package"}, {"Where"}, {"Notes"}},
          {{"flash-attn", "internvl_chat/eval/llava_bench/eval_gpt_review_bench.py:12",
            "installed by pip from https://download.pytorch.org/whl/cu121 when sys_platform == linux"},
           {"torch", "a.py:1", ">=2.1,<3,!=2.2.0"}}};
  std::string out = format_text_table(t, 40);
  // Every token of every cell is whole on some line: a cut falls at a space
  // or after `/` or `,`, never inside a name, version or file:line.
  for (const char* token : {"flash-attn", "eval_gpt_review_bench.py:12", "download.pytorch.org/", "sys_platform",
                            "installed", ">=2.1,", "!=2.2.0"})
    EXPECT_NE(out.find(token), std::string::npos) << token << "\n" << out;
  EXPECT_NE(out.find("internvl_chat/"), std::string::npos) << out;
}

TEST(TextTableTest, AColumnIsNeverNarrowerThanItsLongestToken) {
  Table t{{{"Name"}, {"Text"}}, {{"x", "supercalifragilisticexpialidocious_is_one_token"}}};
  std::string out = format_text_table(t, 20);
  EXPECT_NE(out.find("supercalifragilisticexpialidocious_is_one_token"), std::string::npos) << out;
}

TEST(TextRendererTest, LongSummaryValuesWrapUnderThemselves) {
  Document doc;
  doc.summary.push_back(KeyValues{{{"Read", "12 files in 3 folders; 5 sources declare dependencies: requirements.txt, "
                                             "setup.py, docs/install.md, scripts/install_flash_attn.sh, environment.yml"},
                                   {"Python", "3 files"}}});
  std::string text = render_text(doc, {60, false});
  EXPECT_EQ(text,
            "  Read    12 files in 3 folders; 5 sources declare\n"
            "          dependencies: requirements.txt, setup.py,\n"
            "          docs/install.md, scripts/install_flash_attn.sh,\n"
            "          environment.yml\n"
            "  Python  3 files\n"
            "\n0 errors, 0 warnings, 0 notes\n")
      << text;
  // A path wider than the line is never cut.
  Document path;
  std::string long_path = "/" + std::string(70, 'p') + "/site-packages";
  path.summary.push_back(KeyValues{{{"Environment", long_path + " (--site)"}}});
  EXPECT_NE(render_text(path, {60, false}).find("  Environment  " + long_path + "\n               (--site)\n"),
            std::string::npos)
      << render_text(path, {60, false});
}

Document many_findings() {
  Document doc;
  doc.title = "t";
  doc.summary.push_back(KeyValues{{{"Read", "3 files"}}});
  auto add = [&](const std::string& rule, Severity s, const std::string& message, const std::string& path, int line) {
    doc.findings.push_back(Finding{rule, s, message, {Origin::file(path, line)}, {}, {}});
  };
  for (int i = 0; i < 5; ++i) add("scan.unused", Severity::Info, "p" + std::to_string(i) + " is unused", "req.txt", i + 1);
  for (int i = 0; i < 6; ++i) add("scan.stdlib", Severity::Error, "`os` is missing", "m" + std::to_string(i) + ".py", 1);
  add("scan.stdlib", Severity::Error, "`os` is missing", "m0.py", 1);  // the same place twice: once
  add("scan.undeclared", Severity::Warning, "`torch` is undeclared", "a.py", 3);
  doc.findings_layout = {true, 3, 3, "--all shows every one"};
  return doc;
}

TEST(TextRendererTest, GroupedFindingsComeFirstMostSevereFirstAndAreCut) {
  std::string text = render_text(many_findings(), {80, false});
  std::size_t tally = text.find("Findings: 1 error, 1 warning, 5 notes");
  std::size_t error = text.find("error[scan.stdlib]: `os` is missing\n  --> m0.py:1\n  --> m1.py:1\n  --> m2.py:1\n"
                                "  --> ... and 3 more\n");
  std::size_t warning = text.find("warning[scan.undeclared]");
  std::size_t note = text.find("info[scan.unused]: p0 is unused");
  ASSERT_NE(tally, std::string::npos) << text;
  ASSERT_NE(error, std::string::npos) << text;
  ASSERT_NE(warning, std::string::npos) << text;
  ASSERT_NE(note, std::string::npos) << text;
  EXPECT_LT(text.find("  Read  3 files"), tally);
  EXPECT_LT(tally, error);
  EXPECT_LT(error, warning);
  EXPECT_LT(warning, note);
  EXPECT_EQ(text.find("p3 is unused"), std::string::npos) << text;
  EXPECT_NE(text.find("info[scan.unused]: 2 more like these, at req.txt:4, req.txt:5 (--all shows every one)"),
            std::string::npos)
      << text;
}

TEST(TextRendererTest, GroupedWithoutLimitsShowsEverything) {
  Document doc = many_findings();
  doc.findings_layout = {true, 0, 0, ""};
  std::string text = render_text(doc, {80, false});
  EXPECT_NE(text.find("p4 is unused"), std::string::npos) << text;
  EXPECT_NE(text.find("  --> m5.py:1\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("more"), std::string::npos) << text;
  EXPECT_EQ(text.find("m0.py:1\n  --> m0.py:1"), std::string::npos) << text;  // a place is listed once
}

TEST(TextRendererTest, ColorOnlyWhenAsked) {
  std::string text = render_text(sample(), {80, true});
  EXPECT_NE(text.find("\x1b[1;33mwarning[scan.unpinned]\x1b[0m"), std::string::npos) << text;
}

}  // namespace
}  // namespace mlstack::report

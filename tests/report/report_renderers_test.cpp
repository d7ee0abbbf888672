// SPDX-License-Identifier: MIT
// The renderers `mlstack report` adds: HTML (one offline file, Graphviz SVG),
// SARIF 2.1.0, and the graph outline Markdown writes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/document.h"
#include "report/graph_svg.h"
#include "report/outline.h"
#include "report/rule_docs.h"

namespace mlstack::report {
namespace {

Graph small_graph() {
  Graph g;
  g.caption = "files";
  g.nodes = {{"a", "awq/entry.py", GraphNode::Shape::Box, "", true},
             {"b", "awq/quantize/pre_quant.py", GraphNode::Shape::Box, "", false},
             {"c", "awq/utils/calib_data.py", GraphNode::Shape::Box, "", false},
             {"d", "torch", GraphNode::Shape::Ellipse, "req-1", false}};
  g.edges = {{"a", "b", false, "", false}, {"b", "c", false, "", false}, {"a", "d", true, "lazy", true}};
  g.outline = {{0, "awq/entry.py"}, {1, "awq/quantize/pre_quant.py"}, {2, "awq/utils/calib_data.py"}, {1, "torch"}};
  return g;
}

Document sample() {
  Document doc;
  doc.command = "report";
  doc.title = "mlstack report: demo";
  doc.root = "/src/demo project";
  Table table{{{"Package"}, {"Constraint in repo", Align::Left, true}}, {{"torch", "==2.3.0"}, {"<script>x</script>", ""}}};
  table.row_ids = {"req-1", ""};
  doc.sections.push_back(Section{"Declared dependencies", {table, small_graph()}, {}, "declared"});
  doc.findings.push_back(Finding{"scan.conflicting-pins", Severity::Warning, "torch is pinned to different versions",
                                 {Origin::file("pyproject.toml", 12, 5), Origin::file("scripts/install.sh", 7, 13)},
                                 {}, {}});
  doc.findings.push_back(Finding{"coupling.violated", Severity::Error, "transformers 5.0 needs huggingface-hub<1.0",
                                 {Origin::file("./requirements.txt", 3), Origin::dist("huggingface-hub", "/venv/site/hub.dist-info"),
                                  Origin::fact("coupling:transformers4-hub-lt1", "huggingface/transformers")},
                                 "pin huggingface-hub<1.0", {}});
  doc.findings.push_back(Finding{"env.no-gpu", Severity::Info, "no GPU", {Origin::machine("/proc/driver/nvidia")}, {}, {}});
  doc.finding_rows = {{"req-1"}, {}, {}};
  doc.sections.push_back(Section{"Findings", {FindingList{{1, 0, 2}}}, {}, "findings"});
  doc.findings_in_sections = true;
  return doc;
}

TEST(OutlineTest, DrawsATreeWithBoxBranches) {
  EXPECT_EQ(outline_text(small_graph()),
            "awq/entry.py\n"
            "├── awq/quantize/pre_quant.py\n"
            "│   └── awq/utils/calib_data.py\n"
            "└── torch\n");
}

TEST(GraphSvgTest, GraphvizLaysOutNodesAndLinks) {
  std::string svg = graph_svg(small_graph(), "g0");
  ASSERT_EQ(svg.rfind("<svg", 0), 0u) << svg.substr(0, 200);
  EXPECT_NE(svg.find("awq/quantize/pre_quant.py"), std::string::npos);
  EXPECT_NE(svg.find("href=\"#req-1\""), std::string::npos) << "a node with a row links to it";
  EXPECT_NE(svg.find("id=\"g0_a\""), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos) << "the lazy edge is dashed";
  EXPECT_NE(svg.find("#c0392b"), std::string::npos) << "the violated edge is red";
  EXPECT_EQ(svg.find("<?xml"), std::string::npos);
  EXPECT_EQ(graph_svg(Graph{}, "g1"), "");
}

TEST(HtmlRendererTest, OneOfflineFileWithAnchorsAndLinks) {
  std::string html = render_html(sample());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.find("<script>x</script>"), std::string::npos) << "cell text is escaped";
  EXPECT_NE(html.find("&lt;script&gt;x&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<tr id=\"req-1\">"), std::string::npos);
  EXPECT_NE(html.find("<li id=\"finding-0\" class=\"warning\">"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#req-1\">torch (Declared dependencies)</a>"), std::string::npos) << "the finding links to its row";
  EXPECT_NE(html.find("<a class=\"flag warning\" href=\"#finding-0\""), std::string::npos) << "the row links back";
  EXPECT_NE(html.find("<section id=\"declared\">"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  // Findings appear where the sections put them, not again at the end.
  EXPECT_EQ(html.find("<li id=\"finding-1\""), html.rfind("<li id=\"finding-1\""));
  EXPECT_LT(html.find("<li id=\"finding-1\""), html.find("<li id=\"finding-0\""));
}

TEST(SarifRendererTest, RulesLocationsAndLevels) {
  auto log = nlohmann::json::parse(render_sarif(sample()));
  EXPECT_EQ(log["version"], "2.1.0");
  const nlohmann::json& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "mlstack");
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///src/demo%20project/");
  const nlohmann::json& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[1]["id"], "coupling.violated");
  EXPECT_EQ(rules[1]["shortDescription"]["text"], "packages that do not work together");
  EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rules[1]["helpUri"], rule_help_uri("coupling.violated"));
  EXPECT_TRUE(rules[1]["helpUri"].get<std::string>().ends_with("docs/rules.md#coupling.violated"));
  EXPECT_TRUE(rules[0]["helpUri"].get<std::string>().ends_with("docs/scan.md#findings"));
  const nlohmann::json& results = run["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["level"], "warning");
  EXPECT_EQ(results[0]["ruleIndex"], 0);
  const nlohmann::json& where = results[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(where["artifactLocation"]["uri"], "pyproject.toml");
  EXPECT_EQ(where["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(where["region"]["startLine"], 12);
  EXPECT_EQ(where["region"]["startColumn"], 5);
  EXPECT_EQ(results[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"], "scripts/install.sh");
  EXPECT_EQ(results[1]["level"], "error");
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "requirements.txt");
  EXPECT_FALSE(results[1]["locations"][0]["physicalLocation"]["region"].contains("startColumn"));
  EXPECT_EQ(results[1]["properties"]["fix"], "pin huggingface-hub<1.0");
  EXPECT_EQ(results[1]["properties"]["origins"].size(), 2u) << "the dist and the kb row are kept";
  EXPECT_NE(results[1]["message"]["text"].get<std::string>().find("Fix: pin huggingface-hub<1.0"), std::string::npos);
  EXPECT_EQ(results[2]["level"], "note");
  EXPECT_FALSE(results[2].contains("locations")) << "a machine probe is no file location";
}

TEST(RuleDocsTest, EveryCatalogueRuleLinksToItsSection) {
  EXPECT_EQ(rule_help("ext.cxx11-abi").page, "rules.md");
  EXPECT_EQ(rule_help("ext.cxx11-abi").anchor, "ext.cxx11-abi");
  EXPECT_EQ(rule_help("binary.undefined-symbol").page, "binary.md");
  EXPECT_EQ(rule_help("scan.undeclared-import").anchor, "what-the-code-says");
  EXPECT_EQ(rule_help("input.toml-syntax").page, "scan.md");
  EXPECT_EQ(rule_help("input.site-dir-missing").page, "env.md");
  EXPECT_EQ(rule_help("env.no-gpu").anchor, "findings");
}

}  // namespace
}  // namespace mlstack::report

// SPDX-License-Identifier: MIT
// The HTML report in a real browser: Debian's headless Chromium, started once
// for the suite, loads the file with scripts off and on and the test reads
// the DOM it rendered: the tables, the Graphviz SVG, every finding, no
// console error, no request but the file itself; with scripts on, tables
// sort and filter, sections fold, and a finding's link opens the folded
// section of the row it cites. Screenshots go to <build>/report-screenshots/
// (CI keeps build/).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/headless_chromium.h"
#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

namespace fs = std::filesystem;

std::string decode_base64(const std::string& text) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned value = 0;
  int bits = 0;
  for (char c : text) {
    std::size_t at = alphabet.find(c);
    if (at == std::string::npos) continue;  // '=' padding
    value = (value << 6) | static_cast<unsigned>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((value >> bits) & 0xFF));
    }
  }
  return out;
}

fs::path screenshot_dir() {
  fs::path dir = fs::path(MLSTACK_BINARY).parent_path() / "report-screenshots";
  fs::create_directories(dir);
  return dir;
}

struct Page {
  std::string path;  // the HTML file
  std::size_t findings = 0;
};

class ReportBrowserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = fs::temp_directory_path() / ("mlstack-browser-" + std::to_string(::getpid()));
    fs::create_directories(s_dir);
    s_example = write_report(MLSTACK_SOURCE_DIR "/examples/tinyquant", "tinyquant");
    s_browser = std::make_unique<HeadlessChromium>();
  }
  static void TearDownTestSuite() {
    s_browser.reset();
    std::error_code ec;
    fs::remove_all(s_dir, ec);
  }

  static Page write_report(const std::string& project, const std::string& name) {
    Page page;
    auto html = run_mlstack({"report", project, "--format", "html"});
    auto json = run_mlstack({"report", project, "--format", "json"});
    page.path = (s_dir / (name + ".html")).string();
    std::ofstream(page.path, std::ios::binary) << html.out;
    auto doc = nlohmann::json::parse(json.out);
    page.findings = doc["findings"].size();
    return page;
  }

  void SetUp() override {
    if (!s_browser->error().empty()) FAIL() << s_browser->error();
  }

  // Console errors, uncaught exceptions and requests for anything but the page, in this session.
  std::vector<std::string> problems(const std::string& session, const std::string& url) {
    std::vector<std::string> out;
    for (const auto& e : s_browser->events()) {
      if (e.value("sessionId", "") != session) continue;
      std::string method = e.value("method", "");
      const nlohmann::json& p = e.contains("params") ? e["params"] : nlohmann::json::object();
      if (method == "Runtime.exceptionThrown") out.push_back("exception: " + p.dump());
      if (method == "Runtime.consoleAPICalled" && (p.value("type", "") == "error" || p.value("type", "") == "warning"))
        out.push_back("console: " + p.dump());
      if (method == "Log.entryAdded" && p["entry"].value("level", "") == "error") out.push_back("log: " + p.dump());
      if (method == "Network.requestWillBeSent" && p["request"].value("url", "") != url)
        out.push_back("request: " + p["request"].value("url", ""));
    }
    return out;
  }

  void screenshot(const std::string& session, const std::string& name) {
    nlohmann::json shot = s_browser->call("Page.captureScreenshot", {{"format", "png"}}, session);
    std::ofstream(screenshot_dir() / name, std::ios::binary) << decode_base64(shot["data"].get<std::string>());
  }

  static inline fs::path s_dir;
  static inline Page s_example;
  static inline std::unique_ptr<HeadlessChromium> s_browser;
};

// What every load shows, scripts or not.
constexpr const char* k_dom_summary = R"js(JSON.stringify({
  tables: document.querySelectorAll("table.data").length,
  rows: document.querySelectorAll("table.data tbody tr").length,
  svgs: document.querySelectorAll("figure.graph svg").length,
  svgNodes: document.querySelectorAll("figure.graph svg g.node").length,
  svgLinks: document.querySelectorAll("figure.graph svg a").length,
  sections: Array.from(document.querySelectorAll("main > section")).map(s => s.id),
  openDetails: document.querySelectorAll("main details[open]:not(.tree)").length,
  details: document.querySelectorAll("main details:not(.tree)").length,
  findings: document.querySelectorAll("ol.findings > li").length,
  findingRowLinks: document.querySelectorAll("ol.findings a[href^='#req-']").length,
  flags: document.querySelectorAll("table.data a.flag").length,
  script: document.documentElement.getAttribute("data-script"),
  filters: document.querySelectorAll("input.filter").length,
  controlsHidden: document.querySelector(".controls").hidden,
  width: document.documentElement.scrollWidth
}))js";

const std::vector<std::string> k_sections = {"scope",    "declared",    "build",    "features", "imports",
                                             "entries",  "coupling",    "environment", "findings", "pinning"};

TEST_F(ReportBrowserTest, ReadableWithScriptsOff) {
  std::string url = "file://" + s_example.path;
  std::string session = s_browser->open_page(false);
  s_browser->load(session, url);
  auto dom = nlohmann::json::parse(s_browser->evaluate(session, k_dom_summary).get<std::string>());
  EXPECT_EQ(dom["script"], nullptr) << "scripts were off";
  EXPECT_EQ(dom["filters"], 0);
  EXPECT_TRUE(dom["controlsHidden"].get<bool>());
  EXPECT_EQ(dom["sections"], k_sections);
  EXPECT_GE(dom["tables"].get<int>(), 15);
  EXPECT_GE(dom["svgs"].get<int>(), 2) << "the dependency graph and the entry point's file graph";
  EXPECT_GE(dom["svgNodes"].get<int>(), 20);
  EXPECT_GT(dom["svgLinks"].get<int>(), 0) << "graph nodes link to their rows";
  EXPECT_EQ(dom["openDetails"], dom["details"]) << "every section is open without scripts";
  EXPECT_EQ(dom["findings"].get<std::size_t>(), s_example.findings);
  EXPECT_GT(dom["findingRowLinks"].get<int>(), 0);
  EXPECT_GT(dom["flags"].get<int>(), 0) << "cited rows link back to their findings";
  EXPECT_LE(dom["width"].get<int>(), 1280) << "no horizontal scrolling at 1280 px";
  EXPECT_EQ(problems(session, url), std::vector<std::string>{});
  screenshot(session, "tinyquant-noscript.png");
}

TEST_F(ReportBrowserTest, ScriptsSortFilterFoldAndLink) {
  std::string url = "file://" + s_example.path;
  std::string session = s_browser->open_page(true);
  s_browser->load(session, url);
  auto dom = nlohmann::json::parse(s_browser->evaluate(session, k_dom_summary).get<std::string>());
  EXPECT_EQ(dom["script"], "ready");
  EXPECT_GT(dom["filters"].get<int>(), 0);
  EXPECT_FALSE(dom["controlsHidden"].get<bool>());
  EXPECT_EQ(dom["findings"].get<std::size_t>(), s_example.findings);
  screenshot(session, "tinyquant.png");

  auto result = nlohmann::json::parse(s_browser->evaluate(session, R"js((() => {
    const out = {};
    const table = document.querySelector("#declared table.data");
    const rows = () => Array.from(table.tBodies[0].rows);
    const first = () => rows()[0].cells[0].textContent.trim();
    const th = table.tHead.rows[0].cells[0];
    out.before = first();
    th.click(); out.ascending = first(); out.sortAsc = th.getAttribute("aria-sort");
    th.click(); out.descending = first(); out.sortDesc = th.getAttribute("aria-sort");
    const input = table.parentNode.previousElementSibling;
    out.hasFilter = input && input.classList.contains("filter");
    input.value = "torch"; input.dispatchEvent(new Event("input"));
    out.total = rows().length;
    out.shown = rows().filter(r => !r.classList.contains("hidden-by-filter")).length;
    input.value = ""; input.dispatchEvent(new Event("input"));
    document.querySelector("[data-fold=close]").click();
    out.openAfterFold = document.querySelectorAll("main details[open]").length;
    const link = document.querySelector("ol.findings a[href^='#req-']");
    out.link = link.getAttribute("href");
    link.click();
    const row = document.getElementById(out.link.slice(1));
    out.rowShown = row.getClientRects().length > 0;
    out.hash = location.hash;
    const flag = document.querySelector("table.data a.flag");
    flag.click();
    const card = document.getElementById(flag.getAttribute("href").slice(1));
    out.cardShown = card.getClientRects().length > 0;
    document.querySelector("input[data-severity=info]").click();
    out.notesHidden = Array.from(document.querySelectorAll("ol.findings > li.info")).every(li => li.getClientRects().length === 0);
    document.querySelector("[data-fold=open]").click();
    return JSON.stringify(out);
  })())js").get<std::string>());
  EXPECT_EQ(result["sortAsc"], "ascending");
  EXPECT_EQ(result["sortDesc"], "descending");
  EXPECT_NE(result["ascending"], result["descending"]) << result.dump();
  EXPECT_TRUE(result["hasFilter"].get<bool>());
  EXPECT_LT(result["shown"].get<int>(), result["total"].get<int>()) << result.dump();
  EXPECT_GT(result["shown"].get<int>(), 0);
  EXPECT_EQ(result["openAfterFold"], 0);
  EXPECT_TRUE(result["rowShown"].get<bool>()) << "following a finding's link opens the row's folded section";
  EXPECT_EQ(result["hash"], result["link"]);
  EXPECT_TRUE(result["cardShown"].get<bool>());
  EXPECT_TRUE(result["notesHidden"].get<bool>());
  EXPECT_EQ(problems(session, url), std::vector<std::string>{});
  s_browser->evaluate(session, "document.getElementById('entry-graph-0').scrollIntoView(); 0");
  screenshot(session, "tinyquant-graph.png");
}

TEST_F(ReportBrowserTest, RealTreeWithScripts) {
  fs::path tree = MLSTACK_SHARED_DIR "/trees/Vision-CAIR__MiniGPT-4";
  std::error_code ec;
  if (!fs::is_directory(tree, ec)) GTEST_SKIP() << "../shared/trees is not here: the real-tree browser test needs it";
  Page page = write_report(tree.string(), "minigpt4");
  std::string url = "file://" + page.path;
  std::string session = s_browser->open_page(true);
  s_browser->load(session, url);
  auto dom = nlohmann::json::parse(s_browser->evaluate(session, k_dom_summary).get<std::string>());
  EXPECT_EQ(dom["script"], "ready");
  EXPECT_EQ(dom["sections"], k_sections);
  EXPECT_GE(dom["svgs"].get<int>(), 2);
  EXPECT_EQ(dom["findings"].get<std::size_t>(), page.findings);
  EXPECT_EQ(problems(session, url), std::vector<std::string>{});
  screenshot(session, "minigpt4.png");
}

}  // namespace
}  // namespace mlstack::testing

// SPDX-License-Identifier: MIT
// The shape of `mlstack scan`'s output on a project with many findings and
// many import sites: text cut to a few entries per rule with a count of the
// rest, JSON with every finding and every place but site lists capped with
// their totals; --all cuts nothing.
#include <unistd.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// 25 modules that import torch (declared nowhere), six modules importing one
// undeclared package each, and five that import tomllib, which the declared
// Python 3.8 lacks.
class ManyFindings : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_root = (fs::path(::testing::TempDir()) / ("mlstack-many-findings-" + std::to_string(::getpid()))).string();
    fs::remove_all(s_root);
    write(fs::path(s_root) / "pyproject.toml",
          "[project]\nname = \"many\"\nversion = \"0\"\nrequires-python = \">=3.8\"\ndependencies = [\"numpy\"]\n");
    write(fs::path(s_root) / "many/__init__.py", "");
    for (int i = 0; i < 25; ++i)
      write(fs::path(s_root) / ("many/m" + std::to_string(i) + ".py"), "import numpy\nimport torch\n");
    // Two import sites at one place: one origin.
    write(fs::path(s_root) / "many/m0.py", "import numpy\nfrom torch import nn, optim\n");
    for (const char* name : {"alpha_pkg", "beta_pkg", "gamma_pkg", "delta_pkg", "epsilon_pkg", "zeta_pkg"})
      write(fs::path(s_root) / "many" / (std::string("use_") + name + ".py"), std::string("import ") + name + "\n");
    for (int i = 0; i < 5; ++i)
      write(fs::path(s_root) / ("many/config" + std::to_string(i) + ".py"), "import tomllib\n");
  }
  static void TearDownTestSuite() { fs::remove_all(s_root); }
  static std::string s_root;
};
std::string ManyFindings::s_root;

TEST_F(ManyFindings, TextShowsAFewPerRuleAndCountsTheRest) {
  auto r = run_mlstack({"scan", s_root}, {}, {"COLUMNS=120"});
  ASSERT_NE(r.exit_code, 2) << r.err;
  // Seven undeclared imports: three in full, then one line for the other four.
  EXPECT_EQ(count(r.out, "warning[scan.undeclared-import]: `"), 3u) << r.out;
  EXPECT_EQ(count(r.out, "warning[scan.undeclared-import]: 4 more like these, at "), 1u) << r.out;
  EXPECT_TRUE(r.out.find("(--all shows every one)") != std::string::npos) << r.out;
  // tomllib in five files is one finding listing its places, three of them shown.
  EXPECT_EQ(count(r.out, "`tomllib` is"), 1u) << r.out;
  EXPECT_EQ(count(r.out, "  --> ... and 2 more\n"), 1u) << r.out;

  auto all = run_mlstack({"scan", s_root, "--all"}, {}, {"COLUMNS=120"});
  EXPECT_EQ(count(all.out, "warning[scan.undeclared-import]: `"), 7u) << all.out;
  EXPECT_EQ(count(all.out, "more like these"), 0u) << all.out;
  EXPECT_EQ(count(all.out, "--> many/config"), 5u) << all.out;
}

TEST_F(ManyFindings, JsonKeepsEveryPlaceAndCapsSiteLists) {
  auto r = run_mlstack({"scan", s_root, "--format", "json"});
  ASSERT_NE(r.exit_code, 2) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["scan_schema"], 2);
  const auto& findings = doc["findings"];
  std::size_t undeclared = 0, tomllib = 0;
  for (const auto& f : findings) {
    std::string rule = f["rule"];
    undeclared += rule == "scan.undeclared-import";
    if (rule == "scan.undeclared-import" && f["message"].get<std::string>().starts_with("`torch`")) {
      EXPECT_EQ(f["origins"].size(), 25u) << f.dump();  // every place, the shared line once
    }
    if (rule == "scan.stdlib-missing" && f["message"].get<std::string>().find("tomllib") != std::string::npos) {
      ++tomllib;
      EXPECT_EQ(f["origins"].size(), 5u) << f.dump();
    }
  }
  EXPECT_EQ(undeclared, 7u);
  EXPECT_EQ(tomllib, 1u);
  const auto& code = doc["code"];
  EXPECT_EQ(code["python_files"], 37);
  bool torch = false;
  for (const auto& i : code["imports"]) {
    if (i["import"] != "torch") continue;
    torch = true;
    EXPECT_EQ(i["sites"].size(), 20u);
    EXPECT_EQ(i["sites_total"], 26);
    // A plain site says where, and no flag that is not set.
    EXPECT_EQ(i["sites"][0].size(), 2u) << i["sites"][0].dump();
  }
  EXPECT_TRUE(torch);

  auto all = run_mlstack({"scan", s_root, "--format", "json", "--all"});
  auto full = nlohmann::json::parse(all.out);
  for (const auto& i : full["code"]["imports"]) {
    if (i["import"] == "torch") {
      EXPECT_EQ(i["sites"].size(), 26u);
    }
  }
}

TEST_F(ManyFindings, SameOutputOnAnyNumberOfCores) {
  // The scan spreads files over the cores; the order of everything it says
  // must not depend on how many there are.
  auto one = run_mlstack({"scan", s_root, "--format", "json", "--all", "--jobs", "1"});
  ASSERT_NE(one.exit_code, 2) << one.err;
  for (const char* jobs : {"2", "3", "8"}) {
    auto r = run_mlstack({"scan", s_root, "--format", "json", "--all", "--jobs", jobs});
    EXPECT_EQ(r.out, one.out) << jobs << ": exit " << r.exit_code << (r.timed_out ? " (timed out)" : "") << "\n" << r.err;
  }
  auto text = run_mlstack({"scan", s_root, "--jobs", "1"});
  auto eight = run_mlstack({"scan", s_root, "--jobs", "8"});
  EXPECT_EQ(eight.out, text.out) << "exit " << eight.exit_code << (eight.timed_out ? " (timed out)" : "") << "\n"
                                 << eight.err;
}

}  // namespace
}  // namespace mlstack::testing

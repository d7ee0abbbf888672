// SPDX-License-Identifier: MIT
// `mlstack index` against a file:// index whose project page holds a number
// beyond a double ("size": 1e643, found by fuzz_simple_page): the command
// goes on and names the page, line and column, as for any invalid page. It
// used to fail whole (exit 2, "error: [json.exception.out_of_range.406]").
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/run_mlstack.h"

namespace mlstack::testing {
namespace {

namespace fs = std::filesystem;

TEST(IndexBadPageTest, ANumberBeyondADoubleIsAProblemOfThatPageNotAFailure) {
  fs::path dir = fs::temp_directory_path() / ("mlstack-index-bad-page-" + std::to_string(::getpid()));
  fs::create_directories(dir / "bad");
  fs::create_directories(dir / "good");
  std::ofstream(dir / "bad" / "index.json")
      << "{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"bad\", \"files\": [\n"
         " {\"filename\": \"bad-1.0.tar.gz\", \"url\": \"bad-1.0.tar.gz\", \"hashes\": {}, \"size\": 1e643}]}";
  std::ofstream(dir / "good" / "index.json")
      << "{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"good\", \"files\": [\n"
         " {\"filename\": \"good-2.0.tar.gz\", \"url\": \"good-2.0.tar.gz\", \"hashes\": {}, \"size\": 10}]}";
  std::string url = "file://" + dir.string() + "/";
  auto r = run_mlstack({"--no-project-indexes", "--index-url", url, "--format", "json", "index", "bad", "good"}, {},
                       {"MLSTACK_OFFLINE=0"});
  fs::remove_all(dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  const auto& packages = doc["packages"];
  ASSERT_EQ(packages.size(), 2u);
  EXPECT_EQ(packages[0]["name"], "bad");
  EXPECT_EQ(packages[0]["status"], "unknown");
  ASSERT_EQ(packages[0]["problems"].size(), 1u);
  EXPECT_EQ(packages[0]["problems"][0]["message"],
            url + "bad/: 2:80: invalid JSON: number overflow parsing '1e643'");
  // The other package is read as usual.
  EXPECT_EQ(packages[1]["name"], "good");
  EXPECT_EQ(packages[1]["status"], "found");
  EXPECT_EQ(packages[1]["chosen"], "2.0");
}

}  // namespace
}  // namespace mlstack::testing

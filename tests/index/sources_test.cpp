// SPDX-License-Identifier: MIT
#include "index/sources.h"

#include <gtest/gtest.h>

namespace mlstack::index {
namespace {

using Kind = project::IndexEntry::Kind;

project::IndexEntry entry(Kind kind, std::string url, std::string name = {}, std::vector<std::string> packages = {},
                          std::string priority = {}) {
  project::IndexEntry e;
  e.kind = kind;
  e.url = std::move(url);
  e.name = std::move(name);
  e.packages = std::move(packages);
  e.priority = std::move(priority);
  e.origin = Origin::file("requirements.txt", 1, 1);
  return e;
}

std::vector<std::string> urls(const IndexConfig& config, std::string_view name) {
  std::vector<std::string> out;
  for (std::size_t i : config.indexes_for(name)) out.push_back(config.sources[i].url);
  return out;
}

TEST(SourcesTest, PypiIsTheDefaultIndex) {
  auto config = build_index_config({}, {}, "/p");
  ASSERT_TRUE(config);
  EXPECT_EQ(urls(*config, "torch"), (std::vector<std::string>{"https://pypi.org/simple/"}));
}

TEST(SourcesTest, ExtraIndexesComeBeforeTheDefault) {
  IndexOptions options;
  options.extra_index_urls = {"https://cli.example/simple"};
  project::IndexEntry declared[] = {entry(Kind::ExtraIndexUrl, "https://download.pytorch.org/whl/cu121")};
  auto config = build_index_config(options, declared, "/p");
  ASSERT_TRUE(config);
  EXPECT_EQ(urls(*config, "numpy"), (std::vector<std::string>{"https://cli.example/simple/", "https://download.pytorch.org/whl/cu121/",
                                                              "https://pypi.org/simple/"}));
}

TEST(SourcesTest, IndexUrlReplacesPypiAndTheProjectsOwn) {
  IndexOptions options;
  options.index_url = "https://mirror.example/simple/";
  project::IndexEntry declared[] = {entry(Kind::IndexUrl, "https://project.example/simple/")};
  auto config = build_index_config(options, declared, "/p");
  ASSERT_TRUE(config);
  EXPECT_EQ(urls(*config, "torch"), (std::vector<std::string>{"https://mirror.example/simple/"}));
  auto project_only = build_index_config({}, declared, "/p");
  EXPECT_EQ(urls(*project_only, "torch"), (std::vector<std::string>{"https://project.example/simple/"}));
}

TEST(SourcesTest, AnInstallCommandsIndexServesOnlyItsPackages) {
  // pip install torch --index-url https://download.pytorch.org/whl/cu128 ; pip install transformers
  project::IndexEntry declared[] = {entry(Kind::IndexUrl, "https://download.pytorch.org/whl/cu128", {}, {"torch", "torchvision"})};
  auto config = build_index_config({}, declared, "/p");
  ASSERT_TRUE(config);
  EXPECT_EQ(urls(*config, "torch"), (std::vector<std::string>{"https://download.pytorch.org/whl/cu128/"}));
  EXPECT_EQ(urls(*config, "transformers"), (std::vector<std::string>{"https://pypi.org/simple/"}));
}

TEST(SourcesTest, APinnedPackageUsesItsIndexOnlyAndExplicitIndexesServeNothingElse) {
  project::IndexEntry declared[] = {
      entry(Kind::ExtraIndexUrl, "https://download.pytorch.org/whl/cu124", "pytorch", {"torch"}, "explicit")};
  auto config = build_index_config({}, declared, "/p");
  ASSERT_TRUE(config);
  EXPECT_EQ(urls(*config, "torch"), (std::vector<std::string>{"https://download.pytorch.org/whl/cu124/"}));
  EXPECT_EQ(urls(*config, "numpy"), (std::vector<std::string>{"https://pypi.org/simple/"}));
}

TEST(SourcesTest, FindLinksAndNoIndex) {
  IndexOptions options;
  options.find_links = {"wheels", "https://flashattn.example/whl/"};
  options.no_index = true;
  auto config = build_index_config(options, {}, "/home/me/p");
  ASSERT_TRUE(config);
  EXPECT_TRUE(config->indexes_for("torch").empty());
  ASSERT_EQ(config->find_links().size(), 2u);
  EXPECT_EQ(config->sources[config->find_links()[0]].url, "file:///home/me/p/wheels");
}

TEST(SourcesTest, CredentialsLeaveTheUrl) {
  IndexOptions options;
  options.extra_index_urls = {"https://user:tok@private.example/simple/"};
  auto config = build_index_config(options, {}, "/p");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->sources[0].url, "https://private.example/simple/");
  auto creds = config->credentials.for_url("https://private.example/files/a.whl");
  ASSERT_TRUE(creds);
  EXPECT_EQ(creds->username, "user");
  EXPECT_EQ(creds->password, "tok");
  EXPECT_FALSE(config->credentials.for_url("https://pypi.org/simple/"));
}

TEST(SourcesTest, MirrorsRewritePrefixes) {
  IndexOptions options;
  options.mirrors = {"https://download.pytorch.org/whl/=http://127.0.0.1:9/pytorch/whl/"};
  auto config = build_index_config(options, {}, "/p");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->fetch_url("https://download.pytorch.org/whl/cu121/torch/"), "http://127.0.0.1:9/pytorch/whl/cu121/torch/");
  EXPECT_EQ(config->fetch_url("https://pypi.org/simple/torch/"), "https://pypi.org/simple/torch/");
  options.mirrors = {"nonsense"};
  EXPECT_EQ(build_index_config(options, {}, "/p").error(), "--index-mirror nonsense: expected FROM=TO");
}

TEST(SourcesTest, UnexpandedVariablesNameNoIndex) {
  project::IndexEntry declared[] = {entry(Kind::IndexUrl, "https://download.pytorch.org/whl/cu${CUDA}", {}, {"torch"})};
  auto config = build_index_config({}, declared, "/p");
  ASSERT_TRUE(config);
  EXPECT_EQ(urls(*config, "torch"), (std::vector<std::string>{"https://pypi.org/simple/"}));
}

TEST(NetrcTest, ParsesMachinesDefaultAndMacdef) {
  auto entries = parse_netrc(
      "machine a.example login alice password \"p w\"\n"
      "macdef init\ncd /\nmachine evil login x password y\n\n"
      "default login anon password guest\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].machine, "a.example");
  EXPECT_EQ(entries[0].password, "p w");
  EXPECT_EQ(entries[1].machine, "");
  CredentialStore store;
  store.set_netrc(entries);
  EXPECT_EQ(store.for_url("https://a.example/simple/")->username, "alice");
  EXPECT_EQ(store.for_url("https://b.example/simple/")->username, "anon");
  EXPECT_FALSE(store.for_url("file:///x"));
}

}  // namespace
}  // namespace mlstack::index
